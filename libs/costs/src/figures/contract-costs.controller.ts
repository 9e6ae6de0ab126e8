import { Controller, Get, Param } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access, uuidParam } from '#platform';
import { COST_READERS } from '../cost-roles.js';
import { ContractCosts } from './contract-costs.service.js';

/** One contract's whole-life cost figures. */
@ApiTags('costs')
@Controller('api/v1/contracts/:id/costs')
export class ContractCostsController {
  constructor(private readonly costs: ContractCosts) {}

  @Get()
  @Access(...COST_READERS)
  @ApiOperation({
    summary:
      'The contract’s whole-life cost: to date nominal, real (in the award year’s prices) and present (at the award, on the authority’s discount schedule), the transaction cost ratio, by phase, the running total; savings erosion against the in-house comparator (the claim, each cause, the series); the ten-year view; its share of its cycle’s costs included',
  })
  figures(@Param('id', uuidParam()) id: string) {
    return this.costs.figures(id);
  }

  @Get('bundle')
  @Access(...COST_READERS)
  @ApiOperation({
    summary:
      'Everything the figures are computed from (docs/cost-bundle.schema.json): `npx commonweal wlc bundle.json` recomputes them offline and prints what GET …/costs answers, byte for byte',
  })
  bundle(@Param('id', uuidParam()) id: string) {
    return this.costs.bundle(id);
  }
}
