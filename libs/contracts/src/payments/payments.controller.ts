import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '#auth';
import { Access, Idempotent, type Principal, uuidParam } from '#platform';
import { Contracts } from '../contract/contracts.service.js';
import { PaymentApprovalDto, PaymentPaidDto } from './payment.dto.js';
import { Payments } from './payments.service.js';

/** A contract's payment schedule: fixed-fee instalments and outcome payments, each scheduled, due, approved, paid. */
@ApiTags('contracts')
@Controller('api/v1/contracts/:id/payments')
export class PaymentsController {
  constructor(
    private readonly contracts: Contracts,
    private readonly payments: Payments,
  ) {}

  @Get()
  @Access('commissioner', 'contract_manager', 'auditor', 'scrutiny_member')
  @ApiOperation({ summary: 'The contract’s payment schedule with its totals; an outcome payment shows what it earned and the cap that bit' })
  async schedule(@Param('id', uuidParam()) id: string) {
    return this.payments.schedule((await this.contracts.find(id)).id);
  }

  @Post(':paymentId/approval')
  @Access('commissioner', 'contract_manager')
  @Idempotent()
  @ApiOperation({ summary: 'Approve a payment that is due (a person’s decision); send the version you read' })
  approve(
    @Param('id', uuidParam()) id: string,
    @Param('paymentId', uuidParam('paymentId')) paymentId: string,
    @Body() dto: PaymentApprovalDto,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.payments.approve(id, paymentId, dto, principal);
  }

  @Post(':paymentId/payment')
  @Access('commissioner', 'contract_manager')
  @Idempotent()
  @ApiOperation({ summary: 'Record an approved payment as paid, with the day it was paid' })
  paid(
    @Param('id', uuidParam()) id: string,
    @Param('paymentId', uuidParam('paymentId')) paymentId: string,
    @Body() dto: PaymentPaidDto,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.payments.markPaid(id, paymentId, dto, principal);
  }
}

/** A provider's payment schedule on one of its contracts. */
@ApiTags('contracts')
@Controller('api/v1/provider/contracts/:id/payments')
export class ProviderPaymentsController {
  constructor(
    private readonly contracts: Contracts,
    private readonly payments: Payments,
  ) {}

  @Get()
  @Access('provider')
  @ApiOperation({ summary: 'What your contract pays you and when: instalments and outcome payments, approved and paid' })
  async schedule(@Param('id', uuidParam()) id: string) {
    return this.payments.schedule((await this.contracts.find(id)).id);
  }
}
