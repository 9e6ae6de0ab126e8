import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '#auth';
import { Access, type Principal, uuidParam } from '#platform';
import { WithholdDto } from './withholding.dto.js';
import { WITHHOLDING_DECIDERS, WITHHOLDING_READERS } from './withholding-roles.js';
import { Withholdings } from './withholdings.service.js';

/** What the authority withholds from a contract's open data, and why (issue 16, item 3). */
@ApiTags('publication')
@Controller('api/v1/contracts/:contractId/withholdings')
export class WithholdingsController {
  constructor(private readonly withholdings: Withholdings) {}

  @Get()
  @Access(...WITHHOLDING_READERS)
  @ApiOperation({ summary: 'What is withheld from the contract’s open data, lifted or not, with the reasons' })
  list(@Param('contractId', uuidParam('contractId')) contractId: string) {
    return this.withholdings.list(contractId);
  }

  @Post()
  @Access(...WITHHOLDING_DECIDERS)
  @ApiOperation({
    summary:
      'Withhold a field of the contract’s open data (before it is first published), on a ground of the Procurement Act 2023 s.94, with the reason published in its place',
  })
  withhold(@Param('contractId', uuidParam('contractId')) contractId: string, @Body() dto: WithholdDto, @CurrentPrincipal() principal: Principal) {
    return this.withholdings.withhold(contractId, dto, principal);
  }

  @Post(':id/lift')
  @HttpCode(200)
  @Access(...WITHHOLDING_DECIDERS)
  @ApiOperation({ summary: 'Lift a withholding: the field is published with the contract’s next release' })
  lift(@Param('contractId', uuidParam('contractId')) contractId: string, @Param('id', uuidParam()) id: string, @CurrentPrincipal() principal: Principal) {
    return this.withholdings.lift(contractId, id, principal);
  }
}
