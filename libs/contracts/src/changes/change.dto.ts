import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsString, Matches, MaxLength, Min, MinLength, ValidateIf } from 'class-validator';
import { CALENDAR_DATE } from '#kernel';
import { CHANGE_KINDS, type ChangeKind, GROUND_CODES, SIGNED_MONEY } from './change-rules.js';

export class ChangeDto {
  @ApiProperty({ enum: CHANGE_KINDS, description: 'A variation on a permitted ground, or an extension from one of the contract’s options' })
  @IsIn(CHANGE_KINDS, { message: `kind must be one of ${CHANGE_KINDS.join(', ')}` })
  kind: ChangeKind;
  @ApiPropertyOptional({
    enum: GROUND_CODES,
    description: 'For a variation: the ground it is made on (Procurement Act 2023 s.74, Schedule 8). An extension is provided_for',
  })
  @ValidateIf((o: ChangeDto) => o.kind === 'variation')
  @IsIn(GROUND_CODES, { message: `classification must be one of ${GROUND_CODES.join(', ')}` })
  classification?: string;
  @ApiProperty({ maxLength: 4000, description: 'Why the contract changes' })
  @IsString()
  @MinLength(1, { message: 'rationale is required: say why the contract changes' })
  @MaxLength(4000)
  rationale: string;
  @ApiPropertyOptional({ example: '-25000.00', description: 'For a variation: pounds added to the contract’s value, negative for a reduction' })
  @ValidateIf((o: ChangeDto) => o.kind === 'variation')
  @IsString({ message: 'valueChange must be an amount in pounds, e.g. "25000.00" or "-25000.00" (use "0" for none)' })
  @Matches(SIGNED_MONEY, { message: 'valueChange must be an amount in pounds, e.g. "25000.00" or "-25000.00" (use "0" for none)' })
  valueChange?: string;
  @ApiPropertyOptional({ example: '2028-03-31', description: 'For a variation that changes the term: the contract’s new last day' })
  @IsOptional()
  @IsString()
  @Matches(CALENDAR_DATE, { message: 'newEndsOn must be a date, YYYY-MM-DD' })
  newEndsOn?: string;
  @ApiPropertyOptional({ example: 0, description: 'For an extension: which of the contract’s options (0 for the first)' })
  @ValidateIf((o: ChangeDto) => o.kind === 'extension')
  @IsInt({ message: 'optionIndex must be a whole number: 0 for the contract’s first extension option' })
  @Min(0)
  optionIndex?: number;
}

export class ChangeApprovalDto {
  @ApiProperty() @IsInt({ message: 'version must be the version you read' }) version: number;
  @ApiPropertyOptional({ maxLength: 2000 }) @IsOptional() @IsString() @MaxLength(2000) note?: string;
}

export class ChangeSignatureDto {
  @ApiProperty() @IsInt({ message: 'version must be the version you read' }) version: number;
  @ApiProperty({ example: '2026-11-30', description: 'The day both parties signed the change' })
  @IsString()
  @Matches(CALENDAR_DATE, { message: 'signedOn must be a date, YYYY-MM-DD' })
  signedOn: string;
}

export class ChangeWithdrawalDto {
  @ApiProperty() @IsInt({ message: 'version must be the version you read' }) version: number;
  @ApiProperty({ maxLength: 2000 })
  @IsString()
  @MinLength(1, { message: 'reason is required: say why the change is withdrawn' })
  @MaxLength(2000)
  reason: string;
}
