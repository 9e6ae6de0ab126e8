import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min, MinLength, ValidateNested } from 'class-validator';
import { CALENDAR_DATE, MONEY } from '#kernel';
import { queryInt } from '#platform';
import { CONTRACT_STATUSES, CONTRACT_TAGS, type ContractStatus, type ContractTag, PAYMENT_MECHANISMS, type PaymentMechanism } from './contract-rules.js';

/** The version of the contract the change was made on: a change to an older one is refused (409), never lost. */
class Versioned {
  @ApiProperty({ description: 'The contract’s version as you read it' })
  @IsInt({ message: 'version must be the contract’s version as you read it' })
  @Min(1)
  version: number;
}

export class ExtensionOptionDto {
  @ApiProperty({ minimum: 1, maximum: 120 }) @IsInt({ message: 'months must be a whole number of months' }) @Min(1) @Max(120) months: number;
  @ApiProperty({ example: '1200000.00' })
  @IsString()
  @Matches(MONEY, { message: 'value must be an amount in pounds with at most 2 decimal places' })
  value: string;
  @ApiProperty({ example: '2027-01-31', description: 'The last day to decide whether to extend' })
  @IsString()
  @Matches(CALENDAR_DATE, { message: 'decideBy must be a date, YYYY-MM-DD' })
  decideBy: string;
}

export class TermsDto extends Versioned {
  @ApiPropertyOptional({ example: '2024-04-01' })
  @IsOptional()
  @IsString()
  @Matches(CALENDAR_DATE, { message: 'startsOn must be a date, YYYY-MM-DD' })
  startsOn?: string;
  @ApiPropertyOptional({ example: '2027-03-31' })
  @IsOptional()
  @IsString()
  @Matches(CALENDAR_DATE, { message: 'endsOn must be a date, YYYY-MM-DD' })
  endsOn?: string;
  @ApiPropertyOptional({ enum: CONTRACT_TAGS })
  @IsOptional()
  @IsIn(CONTRACT_TAGS, { message: `tag must be one of ${CONTRACT_TAGS.join(', ')}` })
  tag?: ContractTag;
  @ApiPropertyOptional({ enum: PAYMENT_MECHANISMS })
  @IsOptional()
  @IsIn(PAYMENT_MECHANISMS, { message: `paymentMechanism must be one of ${PAYMENT_MECHANISMS.join(', ')}` })
  paymentMechanism?: PaymentMechanism;
  @ApiPropertyOptional({
    example: '3000000.00',
    nullable: true,
    description: 'The fixed part of the fee, when outcomes or additional services are paid on top; null for none',
  })
  @IsOptional()
  @IsString()
  @Matches(MONEY, { message: 'minimumFixedFee must be an amount in pounds with at most 2 decimal places' })
  minimumFixedFee?: string | null;
  @ApiPropertyOptional({ type: [ExtensionOptionDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @ValidateNested({ each: true })
  @Type(() => ExtensionOptionDto)
  extensionOptions?: ExtensionOptionDto[];
  @ApiPropertyOptional({ maxLength: 2000, nullable: true, description: 'Why fewer than three KPIs suit a contract above £5m (Procurement Act 2023 s.52)' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  kpiExemptionReason?: string | null;
}

export class RiskAcceptanceDto extends Versioned {
  @ApiProperty({ maxLength: 2000, description: 'Why the authority accepts paying only for results' })
  @IsString()
  @MinLength(1, { message: 'note is required: say why the risk is accepted' })
  @MaxLength(2000)
  note: string;
}

export class ActivationDto extends Versioned {}

export class TerminationDto extends Versioned {
  @ApiProperty({ example: '2026-12-31' }) @IsString() @Matches(CALENDAR_DATE, { message: 'on must be a date, YYYY-MM-DD' }) on: string;
  @ApiProperty({ maxLength: 2000 })
  @IsString()
  @MinLength(1, { message: 'reason is required: say why the contract ends early' })
  @MaxLength(2000)
  reason: string;
}

/** A page of the authority's contracts, in reference order: an authority may hold thousands. */
export class ListContractsQuery {
  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 50 })
  @IsOptional()
  @Transform(queryInt)
  @IsInt({ message: 'limit must be a whole number' })
  @Min(1)
  @Max(100)
  limit: number = 50;

  @ApiPropertyOptional({ description: 'Return the contracts after this one (the `next` of the previous page)' })
  @IsOptional()
  @IsUUID('all', { message: 'after must be a contract’s id' })
  after?: string;

  @ApiPropertyOptional({ enum: CONTRACT_STATUSES })
  @IsOptional()
  @IsIn(CONTRACT_STATUSES, { message: `status must be one of: ${CONTRACT_STATUSES.join(', ')}` })
  status?: ContractStatus;
}
