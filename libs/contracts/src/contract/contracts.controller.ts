import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '#auth';
import { Access, type Principal, uuidParam } from '#platform';
import { ActivationDto, ListContractsQuery, RiskAcceptanceDto, TerminationDto, TermsDto } from './contract.dto.js';
import { Contracts } from './contracts.service.js';

const READERS = ['commissioner', 'contract_manager', 'auditor', 'scrutiny_member'] as const;
const MANAGERS = ['commissioner', 'contract_manager'] as const;

/** The authority's contracts: made at award, their terms set while pending, then signed (activated) or ended. */
@ApiTags('contracts')
@Controller('api/v1/contracts')
export class ContractsController {
  constructor(private readonly contracts: Contracts) {}

  @Get()
  @Access(...READERS)
  @ApiOperation({
    summary:
      'The authority’s contracts, 50 a page in reference order (`next` is the `after` of the next page): provider, value at award and now, period, payment mechanism (payment by results flagged as high risk) and status',
  })
  list(@Query() query: ListContractsQuery) {
    return this.contracts.list(query);
  }

  @Get(':id')
  @Access(...READERS)
  @ApiOperation({ summary: 'One contract: its terms, status, and the commitments the winning bid became bound by' })
  one(@Param('id', uuidParam()) id: string) {
    return this.contracts.one(id);
  }

  @Patch(':id')
  @Access(...MANAGERS)
  @ApiOperation({
    summary: 'Set a pending contract’s terms (period, extension options, tag, payment mechanism, fixed fee, KPI exemption); send the version you read',
  })
  terms(@Param('id', uuidParam()) id: string, @Body() dto: TermsDto, @CurrentPrincipal() principal: Principal) {
    return this.contracts.updateTerms(id, dto, principal);
  }

  @Post(':id/risk-acceptance')
  @Access('commissioner', 'contract_manager', 'authority_admin')
  @ApiOperation({ summary: 'Accept the risk of paying only for results, with a note; someone other than the person who activates it' })
  acceptRisk(@Param('id', uuidParam()) id: string, @Body() dto: RiskAcceptanceDto, @CurrentPrincipal() principal: Principal) {
    return this.contracts.acceptRisk(id, dto, principal);
  }

  @Post(':id/activation')
  @Access(...MANAGERS)
  @ApiOperation({
    summary:
      'Activate (sign) a pending contract: above £5m it needs three KPIs or a recorded exemption (s.52); payment by results needs its risk accepted by a second person',
  })
  activate(@Param('id', uuidParam()) id: string, @Body() dto: ActivationDto, @CurrentPrincipal() principal: Principal) {
    return this.contracts.activate(id, dto, principal);
  }

  @Post(':id/termination')
  @Access(...MANAGERS)
  @ApiOperation({ summary: 'End a contract early, with the date and the reason; audited' })
  terminate(@Param('id', uuidParam()) id: string, @Body() dto: TerminationDto, @CurrentPrincipal() principal: Principal) {
    return this.contracts.terminate(id, dto, principal);
  }
}

/** A provider's own contracts, at every authority it holds one with. */
@ApiTags('contracts')
@Controller('api/v1/provider/contracts')
export class ProviderContractsController {
  constructor(private readonly contracts: Contracts) {}

  @Get()
  @Access('provider')
  @ApiOperation({ summary: 'Your contracts at every authority: value, period, payment mechanism and status' })
  async list() {
    return { items: await this.contracts.mine() };
  }

  @Get(':id')
  @Access('provider')
  @ApiOperation({ summary: 'One of your contracts, with the commitments it binds you to' })
  one(@Param('id', uuidParam()) id: string) {
    return this.contracts.mineOne(id);
  }
}
