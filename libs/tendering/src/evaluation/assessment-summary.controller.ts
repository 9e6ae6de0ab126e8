import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '#auth';
import { Access, type Principal, uuidParam } from '#platform';
import { Param } from '@nestjs/common';
import { AssessmentSummaries } from './assessment-summaries.service.js';

/** A bidder reads its own assessment summary; the database shows it no one else's. */
@ApiTags('public')
@Controller('api/v1/public/tenders/:tenderId/assessment-summary')
export class AssessmentSummaryController {
  constructor(private readonly summaries: AssessmentSummaries) {}

  @Get()
  @Access('provider')
  @ApiOperation({ summary: 'Your assessment summary: your marks, scores and reasons beside the winner’s (from the start of standstill)' })
  own(@Param('tenderId', uuidParam('tenderId')) tenderId: string, @CurrentPrincipal() principal: Principal) {
    return this.summaries.own(tenderId, principal.providerId!);
  }
}
