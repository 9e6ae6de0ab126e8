import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { CALENDAR_DATE, MONEY } from '#kernel';
import { FACTOR_KEY, MAX_FACTORS, METRIC_CODE, RATE, SIGNED_DECIMAL, VALIDATION_DECISIONS, type ValidationDecision } from './outcome-metric-rules.js';
import { FREQUENCIES, type Frequency } from './reporting-periods.js';

const text = (field: string, max: number, why: string) => [
  IsString({ message: `${field} must be text` }),
  MinLength(1, { message: `${field} is required: ${why}` }),
  MaxLength(max, { message: `${field} must be at most ${max} characters` }),
];
const rate = (field: string) => Matches(RATE, { message: `${field} must be a rate from 0 to 1 with at most 4 decimal places, e.g. "0.6200"` });
const money = (field: string) => Matches(MONEY, { message: `${field} must be an amount in pounds with at most 2 decimal places, e.g. "2500.00"` });

export class MilestoneDto {
  @ApiProperty({ example: '2025-03-31' }) @IsString() @Matches(CALENDAR_DATE, { message: 'by must be a date, YYYY-MM-DD' }) by: string;
  @ApiProperty({ example: '0.5800' }) @IsString() @rate('target') target: string;
}

export class ContextFactorDto {
  @ApiProperty({ example: 'deprivation_decile' })
  @IsString()
  @Matches(FACTOR_KEY, { message: 'key must be lower case letters, digits or underscores, e.g. "deprivation_decile"' })
  key: string;
  @ApiProperty({ example: 'Mean deprivation decile (1 most deprived)' })
  @applyDecorators(...text('label', 200, 'say what the characteristic is'))
  label: string;
  @ApiProperty({ example: '5.0', description: 'The reference population’s value' })
  @IsString()
  @Matches(SIGNED_DECIMAL, { message: 'reference must be a decimal number as a string, e.g. "5.0"' })
  reference: string;
  @ApiProperty({ example: '0.02', description: 'Change in the expected rate per unit of difference from the reference' })
  @IsString()
  @Matches(SIGNED_DECIMAL, { message: 'coefficient must be a decimal number as a string, e.g. "-0.15"' })
  coefficient: string;
}

export class ContextModelDto {
  @ApiProperty({ description: 'Where the coefficients come from' })
  @applyDecorators(...text('source', 1000, 'say where the coefficients come from'))
  source: string;
  @ApiProperty({ type: [ContextFactorDto] })
  @IsArray()
  @ArrayMaxSize(MAX_FACTORS)
  @ValidateNested({ each: true })
  @Type(() => ContextFactorDto)
  factors: ContextFactorDto[];
}

export class MetricDto {
  @ApiProperty({ example: 'RO-1' })
  @IsString()
  @Matches(METRIC_CODE, { message: 'code must be 1 to 20 capital letters, digits or hyphens, e.g. "RO-1"' })
  code: string;
  @ApiProperty({ example: 'No proven re-offending within 12 months' }) @applyDecorators(...text('title', 200, 'name the outcome')) title: string;
  @ApiProperty({ description: 'What counts: the good thing that happened to someone served' })
  @applyDecorators(...text('definition', 2000, 'say what counts as the outcome'))
  definition: string;
  @ApiProperty({ example: 'person' }) @applyDecorators(...text('unit', 60, 'say what one outcome is counted in, e.g. person')) unit: string;
  @ApiProperty({ example: '0.5500', description: 'The rate before the contract' }) @IsString() @rate('baseline') baseline: string;
  @ApiProperty({ example: '0.6200', description: 'The rate the contract expects of the reference population' }) @IsString() @rate('target') target: string;
  @ApiProperty() @applyDecorators(...text('measurement', 2000, 'say how the outcome is measured')) measurement: string;
  @ApiProperty() @applyDecorators(...text('validationMethod', 2000, 'say how a result is validated')) validationMethod: string;
  @ApiProperty() @applyDecorators(...text('dataSource', 400, 'name the data source')) dataSource: string;
  @ApiProperty({ enum: FREQUENCIES }) @IsIn(FREQUENCIES, { message: `frequency must be one of ${FREQUENCIES.join(', ')}` }) frequency: Frequency;
  @ApiPropertyOptional({ type: [MilestoneDto], description: 'Interim targets for an outcome that takes years to reach' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(40)
  @ValidateNested({ each: true })
  @Type(() => MilestoneDto)
  milestones?: MilestoneDto[];
  @ApiPropertyOptional({ type: [String], description: 'Other agencies sharing the outcome' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @IsString({ each: true })
  @MinLength(1, { each: true, message: 'each of sharedWith must name an agency' })
  @MaxLength(200, { each: true })
  sharedWith?: string[];
  @ApiPropertyOptional({ example: '0.6000', description: 'This contract’s share of a shared outcome (1 when not shared)' })
  @IsOptional()
  @IsString()
  @rate('attributionShare')
  attributionShare?: string;
  @ApiPropertyOptional({ example: '2500.00', nullable: true, description: 'Price per validated unit; null for an outcome measured but not paid for' })
  @IsOptional()
  @IsString()
  @money('pricePerUnit')
  pricePerUnit?: string | null;
  @ApiPropertyOptional({ example: '120000.00', nullable: true }) @IsOptional() @IsString() @money('periodCap') periodCap?: string | null;
  @ApiPropertyOptional({ example: '900000.00', nullable: true }) @IsOptional() @IsString() @money('totalCap') totalCap?: string | null;
  @ApiPropertyOptional({ type: ContextModelDto, nullable: true, description: 'The expected result given the population served' })
  @IsOptional()
  @ValidateNested()
  @Type(() => ContextModelDto)
  contextModel?: ContextModelDto | null;
}

export class MetricUpdateDto extends PartialType(MetricDto) {
  @ApiProperty({ description: 'The metric’s version as you read it' })
  @IsInt({ message: 'version must be the metric’s version as you read it' })
  @Min(1)
  version: number;
}

export class OutcomeReportDto {
  @ApiProperty() @IsUUID('all', { message: 'metricId must be an outcome metric id' }) metricId: string;
  @ApiProperty({ minimum: 1, description: 'The contract’s reporting period, 1 for its first' })
  @IsInt({ message: 'period must be a whole period number' })
  @Min(1, { message: 'period must be 1 or more' })
  period: number;
  @ApiProperty({ minimum: 1, description: 'People served in the period' }) @IsInt({ message: 'cohort must be a whole number' }) cohort: number;
  @ApiProperty({ minimum: 0, description: 'How many of them achieved the outcome' }) @IsInt({ message: 'achieved must be a whole number' }) achieved: number;
  @ApiPropertyOptional({ example: { deprivation_decile: '3.2' }, description: 'The population served, for each characteristic of the metric’s context model' })
  @IsOptional()
  @IsObject({ message: 'population must be an object of characteristics and values' })
  population?: Record<string, string>;
  @ApiProperty({ maxLength: 5000 }) @applyDecorators(...text('narrative', 5000, 'say what happened in the period and how you know')) narrative: string;
  @ApiPropertyOptional({ type: [String], description: 'Items of your evidence library to send with it' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsUUID('all', { each: true, message: 'each of evidenceIds must be an evidence item id' })
  evidenceIds?: string[];
}

export class OutcomeValidationDto {
  @ApiProperty({ enum: VALIDATION_DECISIONS })
  @IsIn(VALIDATION_DECISIONS, { message: `decision must be one of ${VALIDATION_DECISIONS.join(', ')}` })
  decision: ValidationDecision;
  @ApiPropertyOptional({ description: 'The units you validate, when you adjust the result' })
  @IsOptional()
  @IsInt({ message: 'units must be a whole number' })
  units?: number;
  @ApiPropertyOptional({ maxLength: 2000, description: 'Required to adjust or reject: why' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  reason?: string;
}
