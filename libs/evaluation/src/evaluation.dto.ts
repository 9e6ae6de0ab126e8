import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Matches, Max, Min } from 'class-validator';
import { CLARIFICATION_OUTCOMES } from './evaluation.entities.js';

const KEY = /^[a-z0-9][a-z0-9_-]{0,39}$/;

export class AssignEvaluatorDto {
  @ApiProperty({ description: 'A person of your authority with the evaluator role' }) @IsUUID('all', { message: 'userId must be a UUID' }) userId: string;
  @ApiProperty({ description: 'The key of a top-level criterion other than price (the criterion group they will mark)', example: 'quality' })
  @IsString()
  @Matches(KEY, { message: 'criterionGroup must be a criterion key' })
  criterionGroup: string;
}

export class DeclarationDto {
  @ApiProperty({ description: 'true: you have a conflict of interest with a bidder (you are removed from this evaluation); false: you have none' })
  @IsBoolean()
  conflict: boolean;
  @ApiPropertyOptional({ description: 'Required with a conflict: which bidder, and the interest' })
  @IsOptional()
  @IsString()
  @Length(1, 2000)
  note?: string;
}

export class WithdrawalDto {
  @ApiProperty({ description: 'Why the evaluator is stood down (recorded in the audit log and shown with the assignment)' })
  @IsString()
  @Length(1, 2000)
  reason: string;
}

export class MarkDto {
  @ApiProperty() @IsUUID('all', { message: 'bidId must be a UUID' }) bidId: string;
  @ApiProperty({ example: 'q-delivery' }) @IsString() @Matches(KEY, { message: 'criterionKey must be a criterion key' }) criterionKey: string;
  @ApiProperty({ description: 'A whole mark on the criterion’s scale' }) @IsInt({ message: 'mark must be a whole number' }) @Min(0) @Max(100) mark: number;
  @ApiProperty({ description: 'Why this mark, against the band descriptors' }) @IsString() @Length(1, 5000) reason: string;
}

export class ConsensusDto extends MarkDto {
  @ApiPropertyOptional({ description: 'Required where the independent marks spread past the policy’s threshold: why they differed and how it was settled' })
  @IsOptional()
  @IsString()
  @Length(1, 5000)
  varianceNote?: string;
}

export class AbnormallyLowReviewDto {
  @ApiProperty({ enum: CLARIFICATION_OUTCOMES })
  @IsIn(CLARIFICATION_OUTCOMES, { message: `outcome must be one of: ${CLARIFICATION_OUTCOMES.join(', ')}` })
  outcome: (typeof CLARIFICATION_OUTCOMES)[number];
  @ApiProperty({ description: 'What the bidder explained, and why it was accepted or rejected' }) @IsString() @Length(1, 5000) reason: string;
}

export class AwardReasonDto {
  @ApiProperty({ description: 'The reason recorded with this step' }) @IsString() @Length(1, 5000) reason: string;
}
