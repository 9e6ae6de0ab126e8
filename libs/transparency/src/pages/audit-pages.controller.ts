import { Controller, Get, Param, Query, Render, UseInterceptors } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Access, OwnTransactions, uuidParam } from '#platform';
import { PageInterceptor } from '#web';
import { AUDIT_READERS } from '../audit/audit-roles.js';
import { AuditTrail } from '../audit/audit-trail.service.js';
import { type AuditPageQuery, AuditPages } from './audit-pages.service.js';

/** The audit log's pages for auditors: the same service as the API, in the request's transaction. */
@ApiExcludeController()
@Controller('audit')
export class AuditPagesController {
  constructor(
    private readonly pages: AuditPages,
    private readonly trail: AuditTrail,
  ) {}

  @Get()
  @Access(...AUDIT_READERS)
  @Render('audit/log')
  @UseInterceptors(PageInterceptor)
  log(@Query() query: AuditPageQuery) {
    return this.pages.log(query);
  }

  @Get('events.csv')
  @Access(...AUDIT_READERS)
  @OwnTransactions() // streamed a batch at a time, each read in a transaction of its own
  csv(@Query() query: AuditPageQuery) {
    // As the portfolio's CSV: what is not a filter is dropped, and the file holds what the page would list.
    return this.trail.export(this.pages.parse(query).filter);
  }

  @Get('verify')
  @Access(...AUDIT_READERS)
  @Render('audit/verify')
  @UseInterceptors(PageInterceptor)
  verify() {
    return this.pages.verification();
  }

  @Get('events/:id')
  @Access(...AUDIT_READERS)
  @Render('audit/event')
  @UseInterceptors(PageInterceptor)
  event(@Param('id', uuidParam()) id: string) {
    return this.pages.event(id);
  }
}
