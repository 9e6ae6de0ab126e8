import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsString, Matches, MaxLength, Min, MinLength } from 'class-validator';
import { CALENDAR_DATE, MONEY } from '#kernel';
import { REVIEW_CONCLUSIONS, type ReviewConclusion } from './review-rules.js';

export class ExplanationDto {
  @ApiProperty({ maxLength: 5000, description: 'The context of the result: what the population served and the period were like' })
  @IsString()
  @MinLength(1, { message: 'explanation is required: say what explains the result' })
  @MaxLength(5000)
  explanation: string;
}

export class ConclusionDto {
  @ApiProperty({ description: 'The review’s version as you read it' })
  @IsInt({ message: 'version must be the review’s version as you read it' })
  @Min(1)
  version: number;
  @ApiProperty({ enum: REVIEW_CONCLUSIONS })
  @IsIn(REVIEW_CONCLUSIONS, { message: `conclusion must be one of ${REVIEW_CONCLUSIONS.join(', ')}` })
  conclusion: ReviewConclusion;
  @ApiProperty({ maxLength: 5000, description: 'The reasons, which the provider reads' }) @IsString() @MaxLength(5000) note: string;
  @ApiPropertyOptional({ example: '2027-03-31', description: 'For a remedy plan: when it is due' })
  @IsOptional()
  @IsString()
  @Matches(CALENDAR_DATE, { message: 'remedyDueOn must be a date, YYYY-MM-DD' })
  remedyDueOn?: string;
  @ApiPropertyOptional({ example: '5000.00', description: 'For a deduction: the amount' })
  @IsOptional()
  @IsString()
  @Matches(MONEY, { message: 'deduction must be an amount in pounds with at most 2 decimal places, e.g. "5000.00"' })
  deduction?: string;
}
