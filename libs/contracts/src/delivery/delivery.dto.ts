import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';

export class DeliveryReportDto {
  @ApiProperty({ description: 'One of your social value commitments on this contract' })
  @IsUUID('all', { message: 'commitmentId must be a commitment id' })
  commitmentId: string;
  @ApiProperty({ minimum: 1, maximum: 50 }) @IsInt({ message: 'year must be a whole contract year' }) @Min(1) @Max(50) year: number;
  @ApiProperty({ example: '2.5', description: 'Quantity delivered, in the measure’s unit' })
  @IsString()
  @Matches(/^\d{1,12}(\.\d{1,2})?$/, { message: 'quantity must be a number with at most 2 decimal places, e.g. "12" or "2.5"' })
  quantity: string;
  @ApiProperty({ maxLength: 5000 })
  @IsString()
  @MinLength(1, { message: 'narrative is required: say what was delivered and how you know' })
  @MaxLength(5000)
  narrative: string;
  @ApiPropertyOptional({ type: [String], description: 'Items of your evidence library to send with it' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsUUID('all', { each: true, message: 'each of evidenceIds must be an evidence item id' })
  evidenceIds?: string[];
}

export class DeliveryReviewDto {
  @ApiProperty({ enum: ['accepted', 'queried'] }) @IsIn(['accepted', 'queried'], { message: 'outcome must be accepted or queried' }) outcome:
    'accepted' | 'queried';
  @ApiPropertyOptional({ maxLength: 5000, description: 'Required for a query: what the provider must answer' })
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  note?: string;
}
