import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsObject,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { CALENDAR_DATE, MONEY, moneyMessage } from '#kernel';
import { DELIVERY_OPTIONS, type DeliveryOption, WARNING_SIGNALS, type WarningSignal } from './delivery-decision.js';
import { DECISION_AREAS, ENGAGEMENT_METHODS, OUTCOME_KINDS, OUTCOME_SOURCES, PARTICIPATION_LEVELS } from './cycle.entities.js';
import type { ParticipantCounts } from './participation-mix.js';

const oneOf = (field: string, values: readonly string[]) => ({ message: `${field} must be one of: ${values.join(', ')}` });
const DATE_ONLY = { strict: true, strictSeparator: true };
const dateOnly = (field: string) => Matches(CALENDAR_DATE, { message: `${field} must be a calendar date, YYYY-MM-DD` });

export class CreateCycleDto {
  @ApiProperty({ example: 'NCC-CYC-2026-03' })
  @IsString()
  @Length(1, 60)
  @Matches(/^[A-Za-z0-9][A-Za-z0-9/._-]*$/, { message: 'reference may use letters, digits and / . _ -' })
  reference: string;

  @ApiProperty({ description: 'The service need, in a line' }) @IsString() @Length(1, 300) title: string;

  @ApiPropertyOptional({ description: 'A service category code; one of the policy pack’s restricted categories makes the cycle restricted' })
  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/, { message: 'serviceCategory must be a category code such as youth-services' })
  serviceCategory?: string;

  @ApiProperty({ description: 'What is this service for?' }) @IsString() @Length(1, 5000) purpose: string;
  @ApiProperty({ description: 'To whom is it accountable?' }) @IsString() @Length(1, 5000) accountability: string;
  @ApiProperty({ description: 'How will we know it succeeds?' }) @IsString() @Length(1, 5000) success: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(0, 20000) needsAssessment?: string;

  @ApiPropertyOptional({ description: 'YYYY-MM-DD; defaults to the policy pack’s review period from today' })
  @IsOptional()
  @dateOnly('reviewBy')
  @IsISO8601(DATE_ONLY, { message: 'reviewBy must be a real calendar date' })
  reviewBy?: string;

  @ApiPropertyOptional({ description: 'Why outputs alone are right here, if the outcomes framework has no outcome' })
  @IsOptional()
  @IsString()
  @Length(1, 5000)
  outputsOnlyReason?: string;
}

export class UpdateCycleDto extends CreateCycleDto {
  @ApiProperty({ description: 'The version you edited; a newer one on the server is a 409' }) @IsInt() @Min(1) version: number;
}

export class EngagementDto {
  @ApiProperty() @IsString() @Length(1, 300) title: string;
  @ApiProperty({ enum: ENGAGEMENT_METHODS }) @IsIn(ENGAGEMENT_METHODS, oneOf('method', ENGAGEMENT_METHODS)) method: (typeof ENGAGEMENT_METHODS)[number];
  @ApiProperty({ enum: PARTICIPATION_LEVELS }) @IsIn(PARTICIPATION_LEVELS, oneOf('level', PARTICIPATION_LEVELS)) level: (typeof PARTICIPATION_LEVELS)[number];
  @ApiProperty({ description: 'What participants can actually change' }) @IsString() @Length(1, 5000) upForGrabs: string;
  @ApiProperty({ description: 'The named senior owner' }) @IsString() @Length(1, 200) seniorOwner: string;
  @ApiProperty({ example: '4500.00' }) @IsString() @Matches(MONEY, { message: moneyMessage('cost') }) cost: string;
  @ApiProperty({ example: '2026-09-01' }) @dateOnly('startsOn') @IsISO8601(DATE_ONLY, { message: 'startsOn must be a real calendar date' }) startsOn: string;
  @ApiProperty({ example: '2026-09-30' }) @dateOnly('endsOn') @IsISO8601(DATE_ONLY, { message: 'endsOn must be a real calendar date' }) endsOn: string;

  @ApiPropertyOptional({
    description: 'Head counts per group on each dimension (ageBand, sex, ethnicity, socioEconomicGroup), using the groups of the authority’s population mix',
    example: { ageBand: { '16-24': 31, '25-64': 12 }, sex: { female: 22, male: 21 } },
  })
  @IsOptional()
  @IsObject({ message: 'participants must be an object of dimension to group counts' })
  participants?: ParticipantCounts;
}

export class EngagementResponseDto {
  @ApiProperty({ description: 'What participants said' }) @IsString() @Length(1, 5000) youSaid: string;
  @ApiProperty({ description: 'Did it change a decision?' }) @IsBoolean({ message: 'changed must be true or false' }) changed: boolean;
  @ApiProperty({ enum: DECISION_AREAS }) @IsIn(DECISION_AREAS, oneOf('decisionArea', DECISION_AREAS)) decisionArea: (typeof DECISION_AREAS)[number];
  @ApiProperty({ description: 'What we did, or why it changed nothing' }) @IsString() @Length(1, 5000) weDid: string;
}

export class OutcomeDto {
  @ApiProperty() @IsString() @Length(1, 1000) statement: string;
  @ApiProperty({ enum: OUTCOME_SOURCES }) @IsIn(OUTCOME_SOURCES, oneOf('source', OUTCOME_SOURCES)) source: (typeof OUTCOME_SOURCES)[number];
  @ApiProperty({ enum: OUTCOME_KINDS }) @IsIn(OUTCOME_KINDS, oneOf('kind', OUTCOME_KINDS)) kind: (typeof OUTCOME_KINDS)[number];
  @ApiProperty({ type: [String] }) @IsArray() @ArrayMaxSize(20) @IsString({ each: true }) @Length(1, 500, { each: true }) indicators: string[];
}

export class OptionConsidered {
  @ApiProperty({ enum: DELIVERY_OPTIONS }) @IsIn(DELIVERY_OPTIONS, oneOf('option', DELIVERY_OPTIONS)) option: DeliveryOption;
  @ApiProperty() @IsString() @Length(1, 5000) assessment: string;
}

export class SignalAnswer {
  @ApiProperty({ enum: WARNING_SIGNALS }) @IsIn(WARNING_SIGNALS, oneOf('signal', WARNING_SIGNALS)) signal: WarningSignal;
  @ApiProperty() @IsBoolean({ message: 'present must be true or false' }) present: boolean;
  @ApiProperty() @IsString() @Length(0, 5000) note: string;
}

export class ContractShape {
  @ApiProperty({ example: '613333.33' }) @IsString() @Matches(MONEY, { message: moneyMessage('annualValue') }) annualValue: string;
  @ApiProperty() @IsInt() @Min(1) @Max(600) lengthMonths: number;
  @ApiProperty({ example: '0' }) @IsString() @Matches(MONEY, { message: moneyMessage('capitalRequirement') }) capitalRequirement: string;
}

export class DeliveryDecisionDto {
  @ApiProperty({ type: [OptionConsidered] })
  @IsArray()
  @ArrayMinSize(2, { message: 'optionsConsidered needs at least two options: in-house and the one chosen' })
  @ArrayMaxSize(6)
  @ValidateNested({ each: true })
  @Type(() => OptionConsidered)
  optionsConsidered: OptionConsidered[];

  @ApiProperty({ enum: DELIVERY_OPTIONS }) @IsIn(DELIVERY_OPTIONS, oneOf('chosen', DELIVERY_OPTIONS)) chosen: DeliveryOption;
  @ApiProperty() @IsString() @Length(1, 10000) rationale: string;

  @ApiProperty({ type: [SignalAnswer], description: 'Each of the three warning signals, answered once' })
  @IsArray()
  @ArrayMaxSize(3)
  @ValidateNested({ each: true })
  @Type(() => SignalAnswer)
  warningSignals: SignalAnswer[];

  @ApiProperty({ example: '2100000.00', description: 'What in-house delivery would cost over the term, GBP' })
  @IsString()
  @Matches(MONEY, { message: moneyMessage('inHouseComparatorCost') })
  inHouseComparatorCost: string;

  @ApiProperty({ type: ContractShape }) @ValidateNested() @Type(() => ContractShape) contract: ContractShape;

  @ApiProperty({ description: 'Whether the route lets for-profit providers in' })
  @IsBoolean({ message: 'forProfitEligible must be true or false' })
  forProfitEligible: boolean;

  @ApiPropertyOptional({ description: 'Required in a restricted service category when forProfitEligible is true; auditors see it' })
  @IsOptional()
  @IsString()
  @Length(1, 10000)
  forProfitJustification?: string;
}
