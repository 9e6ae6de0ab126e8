import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '#auth';
import { Contracts } from '#contracts';
import { Access, Idempotent, type Principal, uuidParam } from '#platform';
import { COST_READERS, COST_RECORDERS } from '../cost-roles.js';
import { CoproductionInputDto } from './coproduction.dto.js';
import { Coproduction } from './coproduction.service.js';

/** Citizens' inputs to a contract's service. */
@ApiTags('costs')
@Controller('api/v1/contracts/:id/costs/coproduction')
export class CoproductionController {
  constructor(
    private readonly contracts: Contracts,
    private readonly coproduction: Coproduction,
  ) {}

  @Get()
  @Access(...COST_READERS)
  @ApiOperation({ summary: 'Citizens’ inputs to the contract’s service: volunteer hours and the people involved, individual or collective' })
  async list(@Param('id', uuidParam()) id: string) {
    return this.coproduction.list((await this.contracts.find(id)).id);
  }

  @Post()
  @Access(...COST_RECORDERS)
  @Idempotent()
  @ApiOperation({ summary: 'Record citizens’ input: the day, individual or collective, volunteer hours, people involved; every problem named at once' })
  async record(@Param('id', uuidParam()) id: string, @Body() dto: CoproductionInputDto, @CurrentPrincipal() principal: Principal) {
    return this.coproduction.record((await this.contracts.find(id)).id, dto, principal);
  }
}
