import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Allow, IsInt, IsOptional, IsString, Matches, Min } from 'class-validator';

/** An authority's settings as the admin sends them: checked whole by the pure rules (settings-rules.ts). */
export class CostSettingsDto {
  @ApiProperty({ example: [{ year: 2024, index: '111.1' }], description: 'A price index by calendar year, each year once, in order (any base)' })
  @Allow()
  deflators: unknown;
  @ApiProperty({
    example: [
      { fromYear: 0, ratePercent: '3.5' },
      { fromYear: 31, ratePercent: '3.0' },
    ],
    description: 'Bands of the discount schedule: the first from year 0, each later than the one before',
  })
  @Allow()
  discountSchedule: unknown;
  @ApiPropertyOptional({
    example: '12.21',
    description: 'Pounds an hour a volunteer’s time is valued at (co-production); the National Living Wage if not given',
  })
  @IsOptional()
  @IsString({ message: 'shadowWageRate must be pounds an hour, e.g. "12.21"' })
  @Matches(/^\d{1,6}(\.\d{1,2})?$/, { message: 'shadowWageRate must be pounds an hour, e.g. "12.21"' })
  shadowWageRate?: string;
  @ApiProperty({ description: 'The version you read (0 while the defaults are in force)' })
  @IsInt({ message: 'version must be the version you read (0 for the defaults)' })
  @Min(0)
  version: number;
}
