import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { CALENDAR_DATE } from '#kernel';
import { KPI_DIRECTIONS, type KpiDirection, MEASURE } from './kpi-rules.js';
import { METRIC_CODE } from '../outcomes/outcome-metric-rules.js';

const measure = (field: string) => Matches(MEASURE, { message: `${field} must be a number with at most 4 decimal places, e.g. "95"` });

export class KpiDto {
  @ApiProperty({ example: 'KPI-1' })
  @IsString()
  @Matches(METRIC_CODE, { message: 'code must be 1 to 20 capital letters, digits or hyphens, e.g. "KPI-1"' })
  code: string;
  @ApiProperty({ example: 'Referrals seen within five working days' })
  @IsString()
  @MinLength(1, { message: 'title is required: say what is measured' })
  @MaxLength(200)
  title: string;
  @ApiProperty({ example: 'per cent' }) @IsString() @MinLength(1, { message: 'unit is required, e.g. per cent or days' }) @MaxLength(60) unit: string;
  @ApiProperty({ enum: KPI_DIRECTIONS, description: 'Whether a higher or a lower value is better' })
  @IsIn(KPI_DIRECTIONS, { message: `direction must be one of ${KPI_DIRECTIONS.join(', ')}` })
  direction: KpiDirection;
  @ApiProperty({ example: '95', description: 'At or beyond this: good' }) @IsString() @measure('good') good: string;
  @ApiProperty({ example: '90', description: 'At or beyond this: approaching target' }) @IsString() @measure('approaching') approaching: string;
  @ApiProperty({ example: '80', description: 'At or beyond this: requires improvement; anything worse is inadequate' })
  @IsString()
  @measure('requiresImprovement')
  requiresImprovement: string;
}

export class KpiMeasurementDto {
  @ApiProperty({ example: '2026-09-30', description: 'The last day of the period measured' })
  @IsString()
  @Matches(CALENDAR_DATE, { message: 'periodEndsOn must be a date, YYYY-MM-DD' })
  periodEndsOn: string;
  @ApiProperty({ example: '93.5' }) @IsString() @measure('value') value: string;
  @ApiPropertyOptional({ maxLength: 2000 }) @IsOptional() @IsString() @MaxLength(2000) note?: string;
}
