import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Length } from 'class-validator';

export class AskDto {
  @ApiProperty({ maxLength: 5000 }) @IsString() @Length(1, 5000) question: string;
}

export class AnswerDto {
  @ApiProperty({ maxLength: 10000 }) @IsString() @Length(1, 10000) answer: string;

  @ApiPropertyOptional({
    description: 'The question as every bidder will read it; defaults to the words asked. Take out anything that identifies the asker.',
    maxLength: 5000,
  })
  @IsOptional()
  @IsString()
  @Length(1, 5000)
  publishedQuestion?: string;
}
