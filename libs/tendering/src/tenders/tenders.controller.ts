import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access, AUTHORITY_STAFF, entityRows, limitClause, RequestDb, uuidParam } from '#platform';
import { ListTendersQuery, TenderView } from './tender.dto.js';
import { Tender } from './tender.entity.js';
import { tenderOr404 } from './tender-lookup.query.js';

/**
 * Tenders of the caller's authority. There is deliberately no tenant filter in
 * these queries: row-level security supplies it, so another authority's tender
 * simply is not there (404), even to a query that forgets.
 */
@ApiTags('tenders')
@Controller('api/v1/tenders')
export class TendersController {
  constructor(private readonly db: RequestDb) {}

  @Get()
  @Access(...AUTHORITY_STAFF)
  @ApiOperation({ summary: 'Tenders of your authority, newest first, in pages' })
  async list(@Query() query: ListTendersQuery) {
    // Only what the view shows, without building entities: the busiest read an authority makes (issue 19).
    const params: unknown[] = [];
    const where = [...(query.after ? [`id < $${params.push(query.after)}`] : []), ...(query.status ? [`status = $${params.push(query.status)}`] : [])];
    const rows = await entityRows(
      this.db.manager,
      Tender,
      TenderView.READS,
      // The page size in the text, not a parameter, so PostgreSQL can keep one plan for each (entity-rows.ts).
      `${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC ${limitClause(query.limit + 1)}`,
      params,
    );
    const page = rows.slice(0, query.limit);
    return { items: page.map(TenderView.of), next: rows.length > query.limit ? page[page.length - 1].id : null };
  }

  @Get(':id')
  @Access(...AUTHORITY_STAFF)
  @ApiOperation({ summary: 'One tender of your authority' })
  @ApiOkResponse({ type: TenderView })
  async get(@Param('id', uuidParam()) id: string): Promise<TenderView> {
    const tender = await tenderOr404(this.db.manager, id);
    return TenderView.of(tender);
  }
}
