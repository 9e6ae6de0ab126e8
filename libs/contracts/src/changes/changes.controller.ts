import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '#auth';
import { Access, Idempotent, type Principal, uuidParam } from '#platform';
import { ChangeApprovalDto, ChangeDto, ChangeSignatureDto, ChangeWithdrawalDto } from './change.dto.js';
import { ContractChanges } from './contract-changes.service.js';

const MANAGERS = ['commissioner', 'contract_manager'] as const;

/** Variations and extensions of a signed contract (Procurement Act 2023 s.74), each with its cost impact. */
@ApiTags('contracts')
@Controller('api/v1/contracts/:id/changes')
export class ChangesController {
  constructor(private readonly changes: ContractChanges) {}

  @Get()
  @Access('commissioner', 'contract_manager', 'auditor', 'scrutiny_member')
  @ApiOperation({
    summary: 'The contract’s variations and extensions, each with its ground, rationale and cost impact; its value now and at award; its extension options',
  })
  list(@Param('id', uuidParam()) id: string) {
    return this.changes.list(id);
  }

  @Post()
  @Access(...MANAGERS)
  @Idempotent()
  @ApiOperation({
    summary:
      'Propose a variation (a ground, rationale, value change and perhaps a new end) or an extension (one of the contract’s options, by its decide-by date). One change is open at a time',
  })
  propose(@Param('id', uuidParam()) id: string, @Body() dto: ChangeDto, @CurrentPrincipal() principal: Principal) {
    return this.changes.propose(id, dto, principal);
  }

  @Post(':changeId/approval')
  @Access(...MANAGERS, 'authority_admin')
  @ApiOperation({ summary: 'Approve a change that moves the value by more than the policy threshold: a second person, never the proposer (a person only)' })
  approve(
    @Param('id', uuidParam()) id: string,
    @Param('changeId', uuidParam('changeId')) changeId: string,
    @Body() dto: ChangeApprovalDto,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.changes.approve(id, changeId, dto, principal);
  }

  @Post(':changeId/signature')
  @Access(...MANAGERS)
  @Idempotent()
  @ApiOperation({ summary: 'Record the day the change was signed: the contract’s value and end move with it' })
  sign(
    @Param('id', uuidParam()) id: string,
    @Param('changeId', uuidParam('changeId')) changeId: string,
    @Body() dto: ChangeSignatureDto,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.changes.sign(id, changeId, dto, principal);
  }

  @Post(':changeId/withdrawal')
  @Access(...MANAGERS)
  @ApiOperation({ summary: 'Withdraw an open change, with the reason' })
  withdraw(
    @Param('id', uuidParam()) id: string,
    @Param('changeId', uuidParam('changeId')) changeId: string,
    @Body() dto: ChangeWithdrawalDto,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.changes.withdraw(id, changeId, dto, principal);
  }
}

/** A provider's contract's changes. */
@ApiTags('contracts')
@Controller('api/v1/provider/contracts/:id/changes')
export class ProviderChangesController {
  constructor(private readonly changes: ContractChanges) {}

  @Get()
  @Access('provider')
  @ApiOperation({ summary: 'Your contract’s variations and extensions, each with its cost impact' })
  list(@Param('id', uuidParam()) id: string) {
    return this.changes.list(id);
  }
}
