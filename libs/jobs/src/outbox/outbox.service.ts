import { Injectable } from '@nestjs/common';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity.js';
import { newId, RequestDb, Tracing } from '#platform';
import { OutboxMessage } from './outbox-message.entity.js';

export interface OutboxEntry {
  topic: string;
  payload: Record<string, unknown>;
  /** Defaults to the request's authority. */
  tenantId?: string;
  /** A provider's own message, belonging to no authority (the two are exclusive). */
  providerId?: string;
}

/**
 * Writes messages in the caller's transaction: they exist if and only if the
 * change that caused them commits. Nothing here talks to the queue.
 */
@Injectable()
export class Outbox {
  constructor(
    private readonly db: RequestDb,
    private readonly tracing: Tracing,
  ) {}

  async add(entries: OutboxEntry | OutboxEntry[]): Promise<string[]> {
    const em = this.db.manager;
    const list = Array.isArray(entries) ? entries : [entries];
    if (!list.length) return [];
    const traceParent = this.tracing.traceparent() ?? null;
    const rows = list.map((e) => ({
      id: newId(),
      tenantId: e.providerId ? null : (e.tenantId ?? this.db.tenantId),
      providerId: e.providerId ?? null,
      topic: e.topic,
      payload: e.payload,
      traceParent,
    }));
    await em
      .createQueryBuilder()
      .insert()
      .into(OutboxMessage)
      .values(rows as QueryDeepPartialEntity<OutboxMessage>[])
      .execute();
    return rows.map((r) => r.id);
  }
}
