import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Length, Matches } from 'class-validator';
import { CALENDAR_DATE } from '#kernel';
import { WITHHOLDABLE_FIELDS, type WithholdableField, WITHHOLDING_GROUNDS, type WithholdingGround } from '../core/withholding.js';

export class WithholdDto {
  @ApiProperty({
    enum: WITHHOLDABLE_FIELDS,
    description: 'The field of the contract’s open data to withhold. What the law requires published (supplier, value, dates, payments) cannot be.',
  })
  @IsIn(WITHHOLDABLE_FIELDS, {
    message: `field must be one of: ${WITHHOLDABLE_FIELDS.join(', ')} (the supplier, value, dates and payments are always published)`,
  })
  field: WithholdableField;

  @ApiProperty({ enum: WITHHOLDING_GROUNDS, description: 'The ground in the Procurement Act 2023 (s.94) on which it is withheld' })
  @IsIn(WITHHOLDING_GROUNDS, { message: `ground must be one of: ${WITHHOLDING_GROUNDS.join(', ')}` })
  ground: WithholdingGround;

  @ApiProperty({ minLength: 20, maxLength: 2000, description: 'Why, in words the public reads beside the gap: published' })
  @IsString()
  @Length(20, 2000, { message: 'rationale must say why, in 20 to 2,000 characters: it is published' })
  rationale: string;

  @ApiPropertyOptional({ description: 'The day it is to be published (YYYY-MM-DD, after today); none: withheld until lifted' })
  @IsOptional()
  @Matches(CALENDAR_DATE, { message: 'availableOn must be a date, YYYY-MM-DD' })
  availableOn?: string;
}
