import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsString, Matches } from 'class-validator';
import { notFound, Public, PublishedRecords, RequestDb } from '#platform';

export class AuditHeadsQuery {
  @ApiProperty({ description: 'The authority’s slug', example: 'northmere' })
  @Transform(({ value }) => (typeof value === 'string' ? value.trim() : value))
  @IsString()
  @Matches(/^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$/, { message: 'authority must be an authority’s slug, e.g. northmere' })
  authority: string;
}

/** Each day's audit chain head, for anyone to keep a copy of (issue 16, item 1). */
@ApiTags('public')
@Controller('api/v1/public/audit/heads')
export class AuditHeadsController {
  constructor(private readonly db: RequestDb) {}

  @Get()
  @Public()
  @PublishedRecords()
  @ApiOperation({
    summary:
      'An authority’s audit chain head as published each day, newest first: keep them, and a history rewritten after the day shows when the chain is verified against them',
  })
  async heads(@Query() q: AuditHeadsQuery) {
    const [authority] = (await this.db.manager.query(`SELECT id, name FROM authorities WHERE slug = $1`, [q.authority])) as { id: string; name: string }[];
    if (!authority) throw notFound(`The authority ${q.authority}`);
    const rows: { day: string; seq: string; hash: string; published_at: Date }[] = await this.db.manager.query(
      `SELECT day::text AS day, seq, hash, published_at FROM audit_published_heads WHERE tenant_id = $1 ORDER BY day DESC LIMIT 3660`,
      [authority.id],
    );
    return {
      authority: { slug: q.authority, name: authority.name },
      heads: rows.map((r) => ({ day: r.day, seq: Number(r.seq), hash: r.hash, publishedAt: new Date(r.published_at).toISOString() })),
    };
  }
}
