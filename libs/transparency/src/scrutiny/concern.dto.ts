import { ApiProperty } from '@nestjs/swagger';
import { IsEmail, IsIn, IsString, IsUUID, Length, Matches } from 'class-validator';
import { OCID, SLUG } from '../ocds/core/identifiers.js';
import { CONCERN_CATEGORIES, type ConcernCategory } from './concern-rules.js';

export class RaiseConcernDto {
  @ApiProperty({ description: 'The contracting process (its ocid, as its public page and open data give it)' })
  @IsString()
  @Matches(OCID, { message: 'ocid must be the ocid of a published contracting process' })
  ocid: string;

  @ApiProperty({ description: 'The contract the concern is about (its id in the open data)' })
  @IsUUID('all', { message: 'contractId must be the id of a published contract' })
  contractId: string;

  @ApiProperty({ enum: CONCERN_CATEGORIES })
  @IsIn(CONCERN_CATEGORIES, { message: `category must be one of: ${CONCERN_CATEGORIES.join(', ')}` })
  category: ConcernCategory;

  @ApiProperty({ minLength: 20, maxLength: 4000, description: 'What is wrong: public once confirmed' })
  @IsString()
  @Length(20, 4000, { message: 'description must say what the concern is, in 20 to 4,000 characters' })
  description: string;

  @ApiProperty({ maxLength: 200, description: 'Your name: seen only by the authority’s scrutiny members' })
  @IsString()
  @Length(1, 200, { message: 'name must be given (up to 200 characters)' })
  name: string;

  @ApiProperty({ description: 'Your e-mail address: a link to confirm the concern is sent to it; seen only by scrutiny members' })
  @IsEmail({}, { message: 'email must be an e-mail address' })
  @Length(3, 254)
  email: string;
}

export class SupportConcernDto {
  @ApiProperty({ description: 'Your e-mail address: a link to confirm your support is sent to it; it is kept only as a keyed hash' })
  @IsEmail({}, { message: 'email must be an e-mail address' })
  @Length(3, 254)
  email: string;
}

export class ConfirmSupportDto {
  @ApiProperty({ description: 'The authority’s slug, as the e-mailed link gives it', example: 'northmere' })
  @IsString()
  @Matches(SLUG, { message: 'authority must be an authority’s slug, e.g. northmere' })
  authority: string;

  @ApiProperty({ description: 'The token from the e-mailed link' })
  @IsString()
  @Matches(/^[A-Za-z0-9_-]{43}$/, { message: 'token must be the token from the e-mailed link' })
  token: string;
}

export class CaseNoteDto {
  @ApiProperty({ maxLength: 8000 })
  @IsString()
  @Length(1, 8000, { message: 'note must be given (up to 8,000 characters)' })
  note: string;
}

export class CaseConclusionDto {
  @ApiProperty({ maxLength: 8000, description: 'What the scrutiny members concluded, once' })
  @IsString()
  @Length(1, 8000, { message: 'conclusion must be given (up to 8,000 characters)' })
  conclusion: string;
}
