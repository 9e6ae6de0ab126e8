import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditLog, notFound, RequestDb } from '#platform';
import { OutboxMessage } from '../outbox/outbox-message.entity.js';

export interface FailedJobView {
  id: string;
  topic: string;
  attempts: number;
  lastError: string | null;
  createdAt: string;
  failedAt: string | null;
}

/** Failed jobs of the request's authority, for the API and the admin page alike. */
@Injectable()
export class FailedJobs {
  constructor(
    private readonly db: RequestDb,
    private readonly audit: AuditLog,
  ) {}

  async list(): Promise<FailedJobView[]> {
    const rows = await this.db.manager.find(OutboxMessage, { where: { status: 'failed' }, order: { failedAt: 'DESC' }, take: 200 });
    return rows.map((m) => ({
      id: m.id,
      topic: m.topic,
      attempts: m.attempts,
      lastError: m.lastError,
      createdAt: m.createdAt.toISOString(),
      failedAt: m.failedAt?.toISOString() ?? null,
    }));
  }

  /** A fresh set of attempts under a new queue job id; 404 unless the job is failed and this authority's. */
  retry(id: string): Promise<void> {
    return this.retryWith(this.db.manager, id);
  }

  /** The same, in a transaction the caller opened (a page that must commit before it redirects). */
  async retryWith(em: EntityManager, id: string): Promise<void> {
    // A CTE, so both drivers (pg, PGlite) return the rows the same way.
    const rows: { topic: string }[] = await em.query(
      `WITH m AS (UPDATE outbox_messages SET status = 'pending', generation = generation + 1, attempts = 0,
         failed_at = NULL, dispatched_at = NULL WHERE id = $1 AND status = 'failed' RETURNING topic)
       SELECT topic FROM m`,
      [id],
    );
    if (!rows.length) throw notFound('Failed job');
    await this.audit.record({ action: 'job.retried', entityType: 'outbox_message', entityId: id, data: { topic: rows[0].topic } });
  }
}
