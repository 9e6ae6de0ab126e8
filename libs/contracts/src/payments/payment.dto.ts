import { ApiProperty } from '@nestjs/swagger';
import { IsInt, IsString, Matches, Min } from 'class-validator';
import { CALENDAR_DATE } from '#kernel';

export class PaymentApprovalDto {
  @ApiProperty({ description: 'The payment’s version as you read it' })
  @IsInt({ message: 'version must be the payment’s version as you read it' })
  @Min(1)
  version: number;
}

export class PaymentPaidDto extends PaymentApprovalDto {
  @ApiProperty({ example: '2026-11-30', description: 'The day the money left the authority' })
  @IsString()
  @Matches(CALENDAR_DATE, { message: 'paidOn must be a date, YYYY-MM-DD' })
  paidOn: string;
}
