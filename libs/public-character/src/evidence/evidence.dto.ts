import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import { CALENDAR_DATE } from '#kernel';
import { EVIDENCE_TYPES } from './snapshot.js';
import { OUTCOMES } from './verification.js';

/** The descriptive fields of an evidence item (also the text fields of a document upload). */
export class EvidenceFieldsDto {
  @ApiProperty({ maxLength: 200 }) @IsString() @MinLength(1, { message: 'title is required' }) @MaxLength(200) title: string;
  @ApiProperty({ enum: EVIDENCE_TYPES }) @IsIn(EVIDENCE_TYPES, { message: `evidenceType must be one of: ${EVIDENCE_TYPES.join(', ')}` }) evidenceType: string;
  @ApiPropertyOptional({ maxLength: 5000 }) @IsOptional() @IsString() @MaxLength(5000) description?: string;
  @ApiPropertyOptional({ example: '2026-04-01', description: 'Date the document was issued or the evidence dates from' })
  @IsOptional()
  @Matches(CALENDAR_DATE, { message: 'issuedOn must be a date, YYYY-MM-DD' })
  @IsISO8601({ strict: true }, { message: 'issuedOn must be a real date' })
  issuedOn?: string;
  @ApiPropertyOptional({ example: '2027-03-31', description: 'After this date the item is flagged as expired' })
  @IsOptional()
  @Matches(CALENDAR_DATE, { message: 'expiresOn must be a date, YYYY-MM-DD' })
  @IsISO8601({ strict: true }, { message: 'expiresOn must be a real date' })
  expiresOn?: string;
}

export class CreateLinkEvidenceDto extends EvidenceFieldsDto {
  @ApiProperty({ example: 'https://example.org/governance/articles.pdf' })
  @IsString()
  @MaxLength(2000)
  @Matches(/^https?:\/\/[^\s]+$/, { message: 'url must be an http(s) address' })
  url: string;
}

/** Only the fields sent change; `null` clears a date. */
export class UpdateEvidenceDto extends PartialType(EvidenceFieldsDto) {
  @ApiPropertyOptional({ description: 'Withdraw the item from the library (bids already sent keep their copy); false puts it back' })
  @IsOptional()
  @IsBoolean()
  withdrawn?: boolean;
}

export class SelfAssessmentDto {
  @ApiProperty({ minimum: 0, maximum: 4, description: '0 not met, 1 emerging, 2 partly, 3 largely, 4 fully' })
  @Type(() => Number)
  @IsInt({ message: 'level must be a whole number from 0 to 4' })
  @Min(0)
  @Max(4)
  level: number;
  @ApiProperty({ maxLength: 10000 })
  @IsString()
  @MinLength(1, { message: 'narrative is required: say what shows this level' })
  @MaxLength(10000)
  narrative: string;
  @ApiProperty({ type: [String], description: 'Ids of items in your evidence library' })
  @IsArray()
  @ArrayMaxSize(20)
  @IsUUID('all', { each: true, message: 'each of evidenceIds must be an evidence item id' })
  evidenceIds: string[];
}

export class VerificationDto {
  @ApiProperty({ enum: OUTCOMES }) @IsIn(OUTCOMES, { message: `outcome must be one of: ${OUTCOMES.join(', ')}` }) outcome: (typeof OUTCOMES)[number];
  @ApiPropertyOptional({ minimum: 0, maximum: 4, description: 'The verified level: adjustments only' }) @IsOptional() @IsInt() @Min(0) @Max(4) level?: number;
  @ApiPropertyOptional({ maxLength: 5000, description: 'Required unless accepted; the provider sees it' })
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  reason?: string;
  @ApiPropertyOptional({ example: '2026-12-04T17:00:00Z', description: 'For a request for more evidence: when the answer is due' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'respondBy must be a date and time, e.g. 2026-12-04T17:00:00Z' })
  respondBy?: string;
}

export class VerificationResponseDto {
  @ApiProperty({ maxLength: 10000 }) @IsString() @MinLength(1, { message: 'narrative is required' }) @MaxLength(10000) narrative: string;
  @ApiProperty({ type: [String], description: 'Ids of items in your evidence library to send with the answer' })
  @IsArray()
  @ArrayMaxSize(20)
  @IsUUID('all', { each: true, message: 'each of evidenceIds must be an evidence item id' })
  evidenceIds: string[];
}

/** A contract year's review of a public character commitment (the ranges are checked with the schedule, in commitment-reviews.ts). */
export class CommitmentReviewDto {
  @ApiProperty({ description: 'The contract year reviewed: the next one due (1 is the review a year after award)', example: 1 })
  @IsInt({ message: 'year must be a whole number' })
  year: number;
  @ApiProperty({ description: 'The level found, 0 (not met) to 4 (fully)', minimum: 0, maximum: 4 })
  @IsInt({ message: 'level must be a whole number' })
  level: number;
  @ApiProperty({ description: 'What the review found, and on what evidence' })
  @IsString()
  note: string;
}
