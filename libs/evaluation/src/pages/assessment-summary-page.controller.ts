import { Controller, Get, Param, Render, Req, UseInterceptors } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request } from 'express';
import { Access, type Principal, uuidParam } from '#platform';
import { AssessmentSummaries } from '../assessment-summaries.service.js';
import { PageInterceptor } from '#web';

/** A bidder's assessment summary as a printable document: its own marks and reasons beside the winner's. */
@ApiExcludeController()
@Controller('tenders/:id/assessment-summary')
export class AssessmentSummaryPageController {
  constructor(private readonly summaries: AssessmentSummaries) {}

  @Get()
  @Access('provider')
  @Render('tenders/assessment-summary')
  @UseInterceptors(PageInterceptor)
  async show(@Req() req: Request & { principal: Principal }, @Param('id', uuidParam()) id: string) {
    const data = await this.summaries.own(id, req.principal.providerId!);
    return { title: `Assessment summary: ${data.tenderReference}`, summary: data };
  }
}
