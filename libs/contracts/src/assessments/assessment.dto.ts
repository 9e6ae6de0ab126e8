import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { CALENDAR_DATE } from '#kernel';
import { KPI_RATINGS, type KpiRating } from '../kpis/kpi-rules.js';

export class AssessmentDto {
  @ApiProperty({
    example: '2026-03-31',
    description: 'The last day the assessment covers; it starts the day after the last one (or on the contract’s first day)',
  })
  @IsString()
  @Matches(CALENDAR_DATE, { message: 'periodTo must be a date, YYYY-MM-DD' })
  periodTo: string;
  @ApiPropertyOptional({ enum: KPI_RATINGS, description: 'Leave out to take the rating the KPIs give; a different one needs overrideReason' })
  @IsOptional()
  @IsIn(KPI_RATINGS, { message: `rating must be one of ${KPI_RATINGS.join(', ')}` })
  rating?: KpiRating;
  @ApiPropertyOptional({ maxLength: 4000, description: 'Why the rating differs from the one the KPIs give' })
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  overrideReason?: string;
  @ApiProperty({ maxLength: 4000, description: 'How the contract performed in the period, as the notice publishes it' })
  @IsString()
  @MinLength(1, { message: 'summary is required: say how the contract performed in the period' })
  @MaxLength(4000)
  summary: string;
}
