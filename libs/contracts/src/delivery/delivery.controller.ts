import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '#auth';
import { Access, type Principal, uuidParam } from '#platform';
import { DeliveryReportDto, DeliveryReviewDto } from './delivery.dto.js';
import { Deliveries } from './delivery.service.js';

/** The authority's side: committed against delivered, and the review of each report. */
@ApiTags('social value')
@Controller('api/v1/tenders/:tenderId/delivery')
export class DeliveryController {
  constructor(private readonly deliveries: Deliveries) {}

  @Get()
  @Access('contract_manager', 'commissioner', 'auditor')
  @ApiOperation({ summary: 'Social value committed against delivered, by measure and contract year, with every report and its review' })
  dashboard(@Param('tenderId', uuidParam('tenderId')) tenderId: string) {
    return this.deliveries.forTender(tenderId);
  }

  @Post('reports/:reportId/review')
  @Access('contract_manager')
  @ApiOperation({ summary: 'Accept a delivery report, or query it with a note (the provider reports that year again); audited' })
  review(
    @Param('tenderId', uuidParam('tenderId')) tenderId: string,
    @Param('reportId', uuidParam('reportId')) reportId: string,
    @Body() dto: DeliveryReviewDto,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.deliveries.review(tenderId, reportId, dto, principal);
  }
}

/** The provider's side: its commitments on an awarded contract, and its reports of what it delivered. */
@ApiTags('social value')
@Controller('api/v1/public/tenders/:tenderId/delivery')
export class ProviderDeliveryController {
  constructor(private readonly deliveries: Deliveries) {}

  @Get()
  @Access('provider')
  @ApiOperation({ summary: 'Your social value commitments on this contract against what you reported and what was accepted' })
  dashboard(@Param('tenderId', uuidParam('tenderId')) tenderId: string) {
    return this.deliveries.dashboard(tenderId);
  }

  @Post('reports')
  @Access('provider')
  @ApiOperation({ summary: 'Report what you delivered on one commitment in one contract year, with evidence from your library' })
  report(@Param('tenderId', uuidParam('tenderId')) tenderId: string, @Body() dto: DeliveryReportDto, @CurrentPrincipal() principal: Principal) {
    return this.deliveries.report(tenderId, dto, principal);
  }
}
