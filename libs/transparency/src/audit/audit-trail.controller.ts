import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Access, OwnTransactions, uuidParam } from '#platform';
import { AuditEventsQuery } from './audit-events.dto.js';
import { AUDIT_READERS } from './audit-roles.js';
import { AuditTrail } from './audit-trail.service.js';

const filterOf = ({ limit: _limit, before: _before, ...filter }: AuditEventsQuery) => filter;

/** The audit log for auditors (issue 16, items 1 and 2). */
@ApiTags('audit')
@Controller('api/v1/audit')
export class AuditTrailController {
  constructor(private readonly trail: AuditTrail) {}

  @Get('events')
  @Access(...AUDIT_READERS)
  @ApiOperation({
    summary: 'The authority’s audit log, newest first, a page at a time: filtered by days (London time), person, record and action',
  })
  events(@Query() query: AuditEventsQuery) {
    return this.trail.list(filterOf(query), { limit: query.limit, before: query.before });
  }

  @Get('events/export')
  @Access(...AUDIT_READERS)
  @OwnTransactions() // streamed a batch at a time, each read in a transaction of its own
  @ApiProduces('text/csv')
  @ApiOperation({ summary: 'The matching events as CSV, oldest first, with each event’s hashes: the whole log as it stood when the file began, streamed' })
  export(@Query() query: AuditEventsQuery) {
    return this.trail.export(filterOf(query));
  }

  @Get('events/:id')
  @Access(...AUDIT_READERS)
  @ApiOperation({ summary: 'One event whole: who, when, what, on which record, what it recorded, and its place in the chain' })
  event(@Param('id', uuidParam()) id: string) {
    return this.trail.one(id);
  }

  @Get('verify')
  @Access(...AUDIT_READERS)
  @ApiOperation({
    summary:
      'Recomputes every link of the authority’s hash chain and names the first that does not hold (an event altered, deleted, inserted or reordered); also against the head recorded with the last append',
  })
  verify() {
    return this.trail.verify();
  }
}
