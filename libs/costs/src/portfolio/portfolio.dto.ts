import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, Matches } from 'class-validator';

export const PAYMENT_MECHANISMS = ['fixed_fee', 'fixed_fee_plus_outcomes', 'payment_by_results', 'grant'] as const;

export class PortfolioQuery {
  @ApiPropertyOptional({ description: 'The commissioning cycle’s service category, e.g. community-justice' })
  @IsOptional()
  @IsString()
  @Matches(/^[a-z0-9][a-z0-9-]{0,59}$/, { message: 'serviceCategory must be a service category code, e.g. community-justice' })
  serviceCategory?: string;

  @ApiPropertyOptional({ description: 'The provider’s id' })
  @IsOptional()
  @IsUUID('all', { message: 'provider must be a provider’s id' })
  provider?: string;

  @ApiPropertyOptional({ enum: PAYMENT_MECHANISMS })
  @IsOptional()
  @IsIn(PAYMENT_MECHANISMS, { message: `paymentMechanism must be one of ${PAYMENT_MECHANISMS.join(', ')}` })
  paymentMechanism?: string;
}
