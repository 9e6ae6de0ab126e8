import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsString, IsUUID, MaxLength, MinLength, ValidateNested } from 'class-validator';
import { OUTCOME_FINDINGS, type OutcomeFinding, REVIEW_DECISIONS, type ReviewDecision } from './service-review.js';

export class OutcomeFindingDto {
  @ApiProperty({ description: 'An outcome of the cycle’s framework' })
  @IsUUID('all', { message: 'outcomeId must be an outcome’s id' })
  outcomeId: string;

  @ApiProperty({ enum: OUTCOME_FINDINGS })
  @IsIn(OUTCOME_FINDINGS, { message: `finding must be one of: ${OUTCOME_FINDINGS.join(', ')}` })
  finding: OutcomeFinding;

  @ApiProperty({ maxLength: 4000, description: 'What the finding rests on: results, evaluations, what people said' })
  @IsString()
  @MaxLength(4000)
  evidence: string;
}

export class ServiceReviewDto {
  @ApiProperty({ type: [OutcomeFindingDto], description: 'One finding for every outcome of the cycle’s framework' })
  @IsArray()
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => OutcomeFindingDto)
  outcomes: OutcomeFindingDto[];

  @ApiProperty({ maxLength: 4000, description: 'What the cycle’s "you said, we did" promises came to' })
  @IsString()
  @MinLength(1, { message: 'engagementFindings is required: say whether what people were promised was done' })
  @MaxLength(4000)
  engagementFindings: string;

  @ApiProperty({ maxLength: 4000, description: 'What the review found, in a paragraph the public could read' })
  @IsString()
  @MinLength(1, { message: 'summary is required' })
  @MaxLength(4000)
  summary: string;

  @ApiProperty({ enum: REVIEW_DECISIONS, description: 'Recommission the service, bring it in house, or change it' })
  @IsIn(REVIEW_DECISIONS, { message: `decision must be one of: ${REVIEW_DECISIONS.join(', ')}` })
  decision: ReviewDecision;

  @ApiProperty({ maxLength: 4000 })
  @IsString()
  @MinLength(1, { message: 'reasons is required: say why this decision' })
  @MaxLength(4000)
  reasons: string;
}
