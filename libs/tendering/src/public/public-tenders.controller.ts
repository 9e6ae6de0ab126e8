import { Controller, Delete, Get, HttpCode, HttpStatus, Param, Post, Query } from '@nestjs/common';
import { ApiNoContentResponse, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsUUID, Matches, Max, Min } from 'class-validator';
import { CurrentPrincipal } from '#auth';
import { Access, newId, notFound, type Principal, ProblemException, Public, PublishedRecords, RequestDb, uuidParam } from '#platform';
import { TenderInterest } from '../interests/tender-interest.entity.js';
import { Tender } from '../tenders/tender.entity.js';

const PUBLIC_STATUSES = ['published', 'closed', 'evaluation', 'awarded', 'no_award', 'cancelled'] as const;

export class PublicTendersQuery {
  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 20 })
  @IsOptional() @Type(() => Number) @IsInt({ message: 'limit must be a whole number' }) @Min(1) @Max(100)
  limit = 20;

  @ApiPropertyOptional({ description: 'the `next` of the previous page' })
  @IsOptional() @IsUUID('all', { message: 'after must be a UUID' })
  after?: string;

  @ApiPropertyOptional({ enum: PUBLIC_STATUSES, default: 'published', description: 'published = open for bids' })
  @IsOptional() @IsIn(PUBLIC_STATUSES, { message: `status must be one of: ${PUBLIC_STATUSES.join(', ')}` })
  status: (typeof PUBLIC_STATUSES)[number] = 'published';

  @ApiPropertyOptional({ description: 'only this authority (its short name)' })
  @IsOptional() @Matches(/^[a-z0-9-]{1,40}$/, { message: 'authority must be an authority short name, e.g. northmere' })
  authority?: string;
}

interface Row {
  id: string; reference: string; title: string; description: string; status: string; estimated_value: string | null; currency: string;
  published_at: Date; submission_deadline: Date | null; model_hash: string | null; slug: string; name: string;
}

const view = (r: Row) => ({
  id: r.id, authority: { slug: r.slug, name: r.name }, reference: r.reference, title: r.title, description: r.description, status: r.status,
  estimatedValue: r.estimated_value, currency: r.currency, publishedAt: new Date(r.published_at).toISOString(),
  submissionDeadline: r.submission_deadline ? new Date(r.submission_deadline).toISOString() : null, modelHash: r.model_hash,
});

// The filter is written out although the database enforces it too: a public query states what public means.
const PUBLISHED_ONLY = `t.published_at IS NOT NULL AND t.status <> 'draft'`;

/**
 * Tenders as every authority published them, for providers (and anyone) to
 * find: no sign-in, every authority, never a draft.
 */
@ApiTags('public')
@Controller('api/v1/public/tenders')
export class PublicTendersController {
  constructor(private readonly db: RequestDb) {}

  @Get()
  @Public()
  @PublishedRecords()
  @ApiOperation({ summary: 'Published tenders of every authority, newest first (open for bids unless status says otherwise)' })
  async list(@Query() q: PublicTendersQuery) {
    const params: unknown[] = [q.status, q.limit + 1];
    let where = `${PUBLISHED_ONLY} AND t.status = $1`;
    if (q.after) where += ` AND t.id < $${params.push(q.after)}`;
    if (q.authority) where += ` AND a.slug = $${params.push(q.authority)}`;
    const rows: Row[] = await this.db.manager.query(
      `SELECT t.id, t.reference, t.title, t.description, t.status, t.estimated_value, t.currency, t.published_at, t.submission_deadline,
              t.model_hash, a.slug, a.name
         FROM tenders t JOIN authorities a ON a.id = t.tenant_id WHERE ${where} ORDER BY t.id DESC LIMIT $2`,
      params,
    );
    const page = rows.slice(0, q.limit);
    return { items: page.map(view), next: rows.length > q.limit ? page[page.length - 1].id : null };
  }

  @Get(':id')
  @Public()
  @PublishedRecords()
  @ApiOperation({ summary: 'One published tender with its evaluation model and the model’s hash' })
  async one(@Param('id', uuidParam()) id: string) {
    const rows: (Row & { evaluation_model: unknown })[] = await this.db.manager.query(
      `SELECT t.*, a.slug, a.name FROM tenders t JOIN authorities a ON a.id = t.tenant_id WHERE t.id = $1 AND ${PUBLISHED_ONLY}`,
      [id],
    );
    if (!rows.length) throw notFound('Tender');
    return { ...view(rows[0]), model: rows[0].evaluation_model };
  }

  @Post(':id/interest')
  @HttpCode(204)
  @Access('provider')
  @PublishedRecords()
  @ApiOperation({ summary: 'Follow a tender open for bids: deadline reminders, and its authority among those you bid to' })
  @ApiNoContentResponse({ description: 'Following (again or already)' })
  async follow(@Param('id', uuidParam()) id: string, @CurrentPrincipal() principal: Principal): Promise<void> {
    const tender = await this.db.manager.getRepository(Tender).createQueryBuilder('t').where(`t.id = :id AND ${PUBLISHED_ONLY}`, { id }).getOne();
    if (!tender) throw notFound('Tender');
    if (tender.status !== 'published') {
      throw new ProblemException(HttpStatus.CONFLICT, 'not-open', 'The tender is not open for bids', `It is ${tender.status}`);
    }
    await this.db.manager.createQueryBuilder().insert().into(TenderInterest).orIgnore().values({
      id: newId(), tenantId: tender.tenantId, tenderId: id, providerId: principal.providerId!, registeredBy: principal.userId ?? null,
    }).updateEntity(false).execute();
  }

  @Delete(':id/interest')
  @HttpCode(204)
  @Access('provider')
  @ApiOperation({ summary: 'Stop following a tender' })
  async unfollow(@Param('id', uuidParam()) id: string): Promise<void> {
    await this.db.manager.delete(TenderInterest, { tenderId: id });
  }
}
