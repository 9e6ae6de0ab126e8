import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsDateString, IsIn, IsInt, IsObject, IsOptional, IsString, IsUUID, Length, Matches, Min } from 'class-validator';
import { TENDER_STATUSES, type TenderStatus } from './tender.entity.js';

import { MONEY } from '#kernel';
import { TENDER_REFERENCE } from './tender-reference.js';

export class CreateTenderDto {
  @ApiProperty({ example: 'NCC-2027-001' })
  @IsString()
  @Length(1, 60)
  @Matches(TENDER_REFERENCE, { message: 'reference may use letters, digits and / . _ -' })
  reference: string;

  @ApiProperty() @IsString() @Length(1, 300) title: string;

  @ApiPropertyOptional() @IsOptional() @IsString() @Length(0, 20000) description?: string;

  @ApiPropertyOptional({ description: 'Decimal string in GBP', example: '1250000.00' })
  @IsOptional()
  @IsString()
  @Matches(MONEY, { message: 'estimatedValue must be a decimal string with at most 2 places, e.g. "1250000.00"' })
  estimatedValue?: string;

  @ApiPropertyOptional({ description: 'ISO 8601 with a time zone, e.g. 2027-03-01T12:00:00Z; stored in UTC' })
  @IsOptional()
  @IsDateString({ strict: true }, { message: 'submissionDeadline must be an ISO 8601 date-time with a time zone' })
  @Matches(/(Z|[+-]\d{2}:\d{2})$/, { message: 'submissionDeadline must say its time zone (Z or ±hh:mm)' })
  submissionDeadline?: string;

  @ApiPropertyOptional({ description: 'Last moment for clarification questions (ISO 8601 with a time zone); at or before the submission deadline' })
  @IsOptional()
  @IsDateString({ strict: true }, { message: 'clarificationDeadline must be an ISO 8601 date-time with a time zone' })
  @Matches(/(Z|[+-]\d{2}:\d{2})$/, { message: 'clarificationDeadline must say its time zone (Z or ±hh:mm)' })
  clarificationDeadline?: string;

  @ApiPropertyOptional({ description: 'The commissioning cycle the tender comes from; it must be ready for tender when the tender is published' })
  @IsOptional()
  @IsUUID('all', { message: 'cycleId must be the id of one of your commissioning cycles' })
  cycleId?: string;

  @ApiPropertyOptional({ description: 'The evaluation model: lots, criteria tree (weights sum to 100 at every level), tie-break rule' })
  @IsOptional()
  @IsObject({ message: 'model must be an object' })
  model?: Record<string, unknown>;
}

/** A full replacement of the draft's fields (what the edit form sends). */
export class UpdateTenderDto extends CreateTenderDto {
  @ApiProperty({ description: 'The version you edited; a newer one on the server is a 409' })
  @IsInt()
  @Min(1)
  version: number;
}

export class TransitionDto {
  @ApiProperty({ enum: TENDER_STATUSES })
  @IsIn(TENDER_STATUSES, { message: `to must be one of: ${TENDER_STATUSES.join(', ')}` })
  to: TenderStatus;

  @ApiPropertyOptional({ description: 'Why (recorded in the audit log); required to cancel' })
  @IsOptional()
  @IsString()
  @Length(1, 2000)
  reason?: string;
}
