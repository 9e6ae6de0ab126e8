import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { COST_READERS } from '../cost-roles.js';
import { Access } from '#platform';
import { PortfolioQuery } from './portfolio.dto.js';
import { Portfolio } from './portfolio.service.js';

const filter = (q: PortfolioQuery) => ({ serviceCategory: q.serviceCategory, providerId: q.provider, paymentMechanism: q.paymentMechanism });

/** The auditor's portfolio: every contract's whole-life cost. */
@ApiTags('costs')
@Controller('api/v1/costs/portfolio')
export class PortfolioController {
  constructor(private readonly portfolio: Portfolio) {}

  @Get()
  @Access(...COST_READERS)
  @ApiOperation({
    summary:
      'Every contract’s whole-life cost so far against its value at award and the in-house comparator, largest variance first (the saving claimed less the saving now); filtered by service category, provider, payment mechanism',
  })
  rows(@Query() query: PortfolioQuery) {
    return this.portfolio.rows(filter(query));
  }

  @Get('export')
  @Access(...COST_READERS)
  @ApiProduces('text/csv')
  @ApiOperation({ summary: 'The portfolio as CSV, in the same order and with the same filters' })
  export(@Query() query: PortfolioQuery) {
    return this.portfolio.export(filter(query));
  }
}
