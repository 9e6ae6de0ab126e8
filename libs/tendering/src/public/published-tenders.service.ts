import { HttpStatus, Injectable } from '@nestjs/common';
import { newId, notFound, type Principal, ProblemException, RequestDb } from '#platform';
import { TenderInterest } from '../interests/tender-interest.entity.js';
import { Tender } from '../tenders/tender.entity.js';

export const PUBLIC_STATUSES = ['published', 'closed', 'evaluation', 'awarded', 'no_award', 'cancelled'] as const;
export type PublicStatus = (typeof PUBLIC_STATUSES)[number];

export interface Row {
  id: string;
  reference: string;
  title: string;
  description: string;
  status: string;
  estimated_value: string | null;
  currency: string;
  published_at: Date;
  submission_deadline: Date | null;
  model_hash: string | null;
  slug: string;
  name: string;
}

export const publicTenderView = (r: Row) => ({
  id: r.id,
  authority: { slug: r.slug, name: r.name },
  reference: r.reference,
  title: r.title,
  description: r.description,
  status: r.status,
  estimatedValue: r.estimated_value,
  currency: r.currency,
  publishedAt: new Date(r.published_at).toISOString(),
  submissionDeadline: r.submission_deadline ? new Date(r.submission_deadline).toISOString() : null,
  modelHash: r.model_hash,
});

// The filter is written out although the database enforces it too: a public query states what public means.
const PUBLISHED_ONLY = `t.published_at IS NOT NULL AND t.status <> 'draft'`;

export type PublicTender = ReturnType<typeof publicTenderView>;

/**
 * What authorities have published, for the public API and the pages alike.
 * Callers run in a published-records transaction (see @PublishedRecords).
 */
@Injectable()
export class PublishedTenders {
  constructor(private readonly db: RequestDb) {}

  async page(q: { status: PublicStatus; limit: number; after?: string; authority?: string }): Promise<{ items: PublicTender[]; next: string | null }> {
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
    const items = rows.slice(0, q.limit);
    return { items: items.map(publicTenderView), next: rows.length > q.limit ? items[items.length - 1].id : null };
  }

  async one(id: string) {
    const rows: (Row & { evaluation_model: unknown })[] = await this.db.manager.query(
      `SELECT t.*, a.slug, a.name FROM tenders t JOIN authorities a ON a.id = t.tenant_id WHERE t.id = $1 AND ${PUBLISHED_ONLY}`,
      [id],
    );
    if (!rows.length) throw notFound('Tender');
    return { ...publicTenderView(rows[0]), model: rows[0].evaluation_model };
  }

  /** A tender as it was published (never a draft), or 404: what a provider may act on. */
  async published(id: string): Promise<Tender> {
    const em = this.db.manager;
    const tender = await em.getRepository(Tender).createQueryBuilder('t').where(`t.id = :id AND ${PUBLISHED_ONLY}`, { id }).getOne();
    if (!tender) throw notFound('Tender');
    return tender;
  }

  /** A published tender still open for bids; 409 `not-open` once it has moved on. */
  async openForBids(id: string): Promise<Tender> {
    const tender = await this.published(id);
    if (tender.status !== 'published') {
      throw new ProblemException(HttpStatus.CONFLICT, 'not-open', 'The tender is not open for bids', `It is ${tender.status}`);
    }
    return tender;
  }

  /** Follow a tender open for bids; following twice is following once. */
  async follow(id: string, principal: Principal): Promise<void> {
    const em = this.db.manager;
    const tender = await this.openForBids(id);
    await em
      .createQueryBuilder()
      .insert()
      .into(TenderInterest)
      .orIgnore()
      .values({
        id: newId(),
        tenantId: tender.tenantId,
        tenderId: id,
        providerId: principal.providerId!,
        registeredBy: principal.userId ?? null,
      })
      .updateEntity(false)
      .execute();
  }

  async unfollow(id: string): Promise<void> {
    await this.db.manager.delete(TenderInterest, { tenderId: id });
  }

  /** Ids of the tenders the request's provider follows. */
  async followed(): Promise<Set<string>> {
    const rows: { tender_id: string }[] = await this.db.manager.query(`SELECT tender_id FROM tender_interests`);
    return new Set(rows.map((r) => r.tender_id));
  }
}
