import { Controller, Get, Param } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '#auth';
import { Access, type Principal, uuidParam } from '#platform';
import { AssessmentSummaries } from './assessment-summaries.service.js';

/** A bidder reads its own assessment summary and bundle; the database shows it no one else's. */
@ApiTags('public')
@Controller('api/v1/public/tenders/:tenderId')
export class AssessmentSummaryController {
  constructor(private readonly summaries: AssessmentSummaries) {}

  @Get('evaluation/bundle')
  @Access('provider')
  @ApiOperation({
    summary: 'Your evaluation bundle (from the start of standstill): your bids named, the others anonymous; `npx commonweal evaluate` recomputes the ranking',
  })
  bundle(@Param('tenderId', uuidParam('tenderId')) tenderId: string, @CurrentPrincipal() principal: Principal) {
    return this.summaries.ownBundle(tenderId, principal.providerId!);
  }

  @Get('assessment-summary')
  @Access('provider')
  @ApiOperation({ summary: 'Your assessment summary: your marks, scores and reasons beside the winner’s (from the start of standstill)' })
  own(@Param('tenderId', uuidParam('tenderId')) tenderId: string, @CurrentPrincipal() principal: Principal) {
    return this.summaries.own(tenderId, principal.providerId!);
  }
}
