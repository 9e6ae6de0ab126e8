import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { Allow, IsIn, IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min, MinLength } from 'class-validator';
import { queryInt } from '#platform';
import { COST_CLASSIFICATIONS, COST_PHASES } from '../core/classifications.js';
import { COST_BEARERS, COST_TYPES } from '../core/ledger-rules.js';

/**
 * A ledger entry as a person or a finance system sends it. The fields are only admitted here: the ledger's
 * rules (libs/costs/src/core/ledger-rules.ts) check them all at once, in the same words as the CSV import
 * and the offline recomputation.
 */
export class CostEntryDto {
  @ApiProperty({ example: '2026-11-30', description: 'The day the cost was incurred' })
  @Allow()
  occurredOn: string;
  @ApiProperty({ example: '1250.00', description: 'Pounds, at most 2 decimal places, not negative (a correction is a reversal)' })
  @Allow()
  amount: string;
  @ApiProperty({ enum: COST_BEARERS, description: 'Who bore the cost' })
  @Allow()
  bearer: string;
  @ApiProperty({ enum: COST_TYPES, description: 'Purchased; staff time (hours × hourly rate); in kind; other' })
  @Allow()
  type: string;
  @ApiProperty({ enum: COST_PHASES })
  @Allow()
  phase: string;
  @ApiProperty({ enum: COST_CLASSIFICATIONS.map((c) => c.code), description: 'One of the phase’s classifications (GET /api/v1/costs/classifications)' })
  @Allow()
  classification: string;
  @ApiPropertyOptional({ example: '7.50', description: 'Staff time only' })
  @Allow()
  hours?: string | null;
  @ApiPropertyOptional({ example: '32.40', description: 'Staff time only: pounds an hour' })
  @Allow()
  hourlyRate?: string | null;
  @ApiProperty({ maxLength: 500, description: 'What the cost was' })
  @Allow()
  description: string;
}

export class ReversalDto {
  @ApiProperty({ maxLength: 500, description: 'Why the entry is reversed' })
  @IsString({ message: 'reason must say why the entry is reversed' })
  @MinLength(1, { message: 'reason must say why the entry is reversed' })
  @MaxLength(500, { message: 'reason must be at most 500 characters' })
  reason: string;
}

export class ListEntriesQuery {
  @ApiPropertyOptional({ default: 100, minimum: 1, maximum: 500 })
  @IsOptional()
  @Transform(queryInt)
  @IsInt({ message: 'limit must be a whole number from 1 to 500' })
  @Min(1, { message: 'limit must be a whole number from 1 to 500' })
  @Max(500, { message: 'limit must be a whole number from 1 to 500' })
  limit: number = 100;
  @ApiPropertyOptional({ description: 'The `next` of the page before' })
  @IsOptional()
  @IsUUID('all', { message: 'after must be an entry’s id (the `next` of the page before)' })
  after?: string;
  @ApiPropertyOptional({ enum: ['actual', 'committed'] })
  @IsOptional()
  @IsIn(['actual', 'committed'], { message: 'basis must be actual or committed' })
  basis?: 'actual' | 'committed';
}
