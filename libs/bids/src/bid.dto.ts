import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsInt, IsObject, IsOptional, IsString, IsUUID, Matches, Max, Min, ValidateNested } from 'class-validator';

import { MONEY } from '#kernel';

export class CostYear {
  @ApiProperty({ minimum: 1, maximum: 50 }) @IsInt() @Min(1) @Max(50) year: number;
  @ApiProperty({ example: '125000.00' }) @IsString() @Matches(MONEY, { message: 'amount must be a decimal string with at most 2 places' }) amount: string;
}

export class CommittedQuantityDto {
  @ApiProperty({ minimum: 1, maximum: 50, description: 'Contract year' }) @IsInt({ message: 'year must be a whole contract year' }) year: number;
  @ApiProperty({ example: '12.5', description: 'Quantity in the measure’s unit, a decimal string' })
  @IsString({ message: 'quantity must be a decimal string, e.g. "12.5"' })
  quantity: string;
}

export class SocialValueCommitmentDto {
  @ApiProperty({ example: 'JOB-1', description: 'A measure code of the tender’s social value catalogue' }) @IsString() measureCode: string;
  @ApiProperty({ description: 'How you will deliver it' }) @IsString() method: string;
  @ApiProperty({ type: [CommittedQuantityDto] })
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => CommittedQuantityDto)
  quantities: CommittedQuantityDto[];
}

export class SocialValueDto {
  @ApiProperty({ type: [SocialValueCommitmentDto] })
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => SocialValueCommitmentDto)
  commitments: SocialValueCommitmentDto[];
}

export class SubmitBidDto {
  @ApiProperty({ description: 'The lot this bid is for' })
  @IsString()
  @Matches(/^[a-z0-9][a-z0-9_-]{0,39}$/, { message: 'lotKey must be a lot key of the tender' })
  lotKey: string;

  @ApiProperty({ description: 'Answer text per scored criterion key', type: 'object', additionalProperties: { type: 'string' } })
  @IsObject({ message: 'answers must be an object of criterion key to answer text' })
  answers: Record<string, string>;

  @ApiProperty({ example: '480000.00', description: 'Decimal string, GBP' })
  @IsString()
  @Matches(MONEY, { message: 'price must be a decimal string with at most 2 places, e.g. "480000.00"' })
  price: string;

  @ApiPropertyOptional({ type: [CostYear], description: 'Required for whole-life cost lots: the cost in each contract year' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => CostYear)
  costProfile?: CostYear[];

  @ApiPropertyOptional({ type: [String], description: 'Ids of documents you uploaded for this tender (POST …/bids/documents), included in the receipt’s hash' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsUUID('all', { each: true, message: 'each of documents must be a document id' })
  documents?: string[];

  @ApiPropertyOptional({
    type: SocialValueDto,
    description:
      'Social value commitments: a quantity per measure of the tender’s catalogue per contract year, each with a method statement; valued in proxy £ in the receipt',
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => SocialValueDto)
  socialValue?: SocialValueDto;
}
