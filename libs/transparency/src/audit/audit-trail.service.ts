import { Injectable, StreamableFile } from '@nestjs/common';
import { Readable } from 'node:stream';
import type { EntityManager } from 'typeorm';
import { csvLine, isCalendarDate, londonWallTimeToUtc, addDays } from '#kernel';
import { AUDIT_EVENT_COLUMNS, chainedEvent, ContextRunner, type DbContext, notFound, RequestDb, validationProblem, verifyAuthorityChain } from '#platform';
import type { AuditEventsQuery } from './audit-events.dto.js';

export type AuditFilter = Omit<AuditEventsQuery, 'limit' | 'before'>;

export interface AuditEventView {
  seq: number;
  id: string;
  occurredAt: string;
  actor: { userId: string | null; name: string | null; apiKeyId: string | null; apiKeyName: string | null };
  action: string;
  entityType: string;
  entityId: string | null;
  requestId: string | null;
  data: unknown;
  prevHash: string;
  contentHash: string;
  hash: string;
}

/** The events with who acted, written once: every read of the log starts from it. */
const SELECT_EVENTS = `SELECT ${AUDIT_EVENT_COLUMNS.split(',')
  .map((c) => `e.${c.trim()}`)
  .join(', ')}, u.display_name AS actor_name, k.name AS api_key_name
  FROM audit_events e LEFT JOIN users u ON u.id = e.actor_user_id LEFT JOIN api_keys k ON k.id = e.actor_api_key_id`;

/** Events read at a time for the CSV (about 1 MB of it): memory stays at one batch whatever the log's size. */
const EXPORT_BATCH = 1000;
const EXPORT_COLUMNS = [
  'seq',
  'id',
  'occurred_at',
  'actor_user_id',
  'actor_name',
  'actor_api_key_id',
  'action',
  'entity_type',
  'entity_id',
  'request_id',
  'data',
  'prev_hash',
  'content_hash',
  'hash',
];

/**
 * The audit log as auditors read it (issue 16, item 2): newest first, filtered, one event whole, CSV, and
 * the chain's verification. Reads in the request's transaction, so RLS keeps it to the auditor's authority.
 */
@Injectable()
export class AuditTrail {
  constructor(
    private readonly db: RequestDb,
    private readonly runner: ContextRunner,
  ) {}

  async list(filter: AuditFilter, page: { limit: number; before?: number }): Promise<{ items: AuditEventView[]; next: number | null }> {
    const { where, params } = this.where(filter, page.before);
    const rows = await this.db.manager.query(`${SELECT_EVENTS} ${where} ORDER BY e.seq DESC LIMIT ${page.limit + 1}`, params);
    const items = rows.slice(0, page.limit).map(view);
    return { items, next: rows.length > page.limit ? items[items.length - 1].seq : null };
  }

  async one(id: string): Promise<AuditEventView> {
    const [row] = await this.db.manager.query(`${SELECT_EVENTS} WHERE e.id = $1`, [id]);
    if (!row) throw notFound('The audit event');
    return view(row);
  }

  /**
   * The matching events as CSV, oldest first, streamed: the filter is checked first (a bad one is a 400, not a
   * broken file), then the events are read a batch at a time, each batch in a short transaction of the
   * caller's own context (the route opens no request transaction: the file outlives the handler). The file
   * stops at the last event there was when it began: appends to an authority's chain are serialised, so it
   * is the chain as it stood then, whole, however long the client takes to read it.
   */
  export(filter: AuditFilter): StreamableFile {
    const { where, params } = this.where(filter);
    const lines = this.exportLines(this.runner.callerContext(), where, params);
    return new StreamableFile(Readable.from(lines), { type: 'text/csv; charset=utf-8', disposition: 'attachment; filename="audit-log.csv"' });
  }

  private async *exportLines(ctx: DbContext, where: string, params: unknown[]): AsyncGenerator<string> {
    yield csvLine(EXPORT_COLUMNS);
    const [{ last }]: { last: string | null }[] = await this.runner.run(ctx, (em) => em.query(`SELECT max(seq)::text AS last FROM audit_events`), {
      readOnly: true,
    });
    if (last === null) return;
    const n = params.length;
    const read = (em: EntityManager, after: string, size: number): Promise<EventRow[]> =>
      em.query(`${SELECT_EVENTS} ${where ? `${where} AND` : 'WHERE'} e.seq > $${n + 1} AND e.seq <= $${n + 2} ORDER BY e.seq LIMIT $${n + 3}`, [
        ...params,
        after,
        last,
        size,
      ]);
    for await (const rows of this.runner.batches(ctx, EXPORT_BATCH, read, (r) => String(r.seq))) {
      yield rows.map((r) => csvLine(exportRow(view(r)))).join('');
    }
  }

  /** Recomputes every link of the authority's chain; names the first that does not hold. */
  async verify() {
    const tenantId = this.db.tenantId;
    const started = Date.now();
    const result = await verifyAuthorityChain(this.db.manager, tenantId);
    const [{ slug }] = (await this.db.manager.query(`SELECT slug FROM authorities WHERE id = $1`, [tenantId])) as { slug: string }[];
    return { authority: slug, ...result, checkedAt: new Date().toISOString(), milliseconds: Date.now() - started };
  }

  /** Who appears in the log, and what they did to what: the choices the pages' filters offer. */
  async choices(): Promise<{ actors: { id: string; name: string }[]; actions: string[]; entityTypes: string[] }> {
    const em = this.db.manager;
    const [actors, actions, types] = await Promise.all([
      em.query(`SELECT DISTINCT e.actor_user_id AS id, u.display_name AS name FROM audit_events e LEFT JOIN users u ON u.id = e.actor_user_id
                 WHERE e.actor_user_id IS NOT NULL ORDER BY 2, 1`),
      em.query(`SELECT DISTINCT action FROM audit_events ORDER BY action`),
      em.query(`SELECT DISTINCT entity_type FROM audit_events ORDER BY entity_type`),
    ]);
    return {
      actors: actors.map((a: { id: string; name: string | null }) => ({ id: a.id, name: a.name ?? a.id })),
      actions: actions.map((a: { action: string }) => a.action),
      entityTypes: types.map((t: { entity_type: string }) => t.entity_type),
    };
  }

  private where(f: AuditFilter, before?: number): { where: string; params: unknown[] } {
    const bad = (['from', 'to'] as const).filter((k) => f[k] !== undefined && !isCalendarDate(f[k]));
    if (bad.length) throw validationProblem(bad.map((field) => ({ field, rule: 'isCalendarDate', message: `${field} must be a day that exists, YYYY-MM-DD` })));
    if (f.from && f.to && f.from > f.to) throw validationProblem([{ field: 'to', rule: 'notBeforeFrom', message: 'to must be the same day as from or later' }]);
    const params: unknown[] = [];
    const clauses: string[] = [];
    const add = (sql: (p: string) => string, value: unknown) => {
      params.push(value);
      clauses.push(sql(`$${params.length}`));
    };
    if (f.from) add((p) => `e.occurred_at >= ${p}`, londonWallTimeToUtc(f.from, '00:00'));
    if (f.to) add((p) => `e.occurred_at < ${p}`, londonWallTimeToUtc(addDays(f.to!, 1), '00:00'));
    if (f.actor) add((p) => `e.actor_user_id = ${p}`, f.actor);
    if (f.entityType) add((p) => `e.entity_type = ${p}`, f.entityType);
    if (f.entityId) add((p) => `e.entity_id = ${p}`, f.entityId);
    if (f.action?.endsWith('.')) add((p) => `starts_with(e.action, ${p})`, f.action);
    else if (f.action) add((p) => `e.action = ${p}`, f.action);
    if (before !== undefined) add((p) => `e.seq < ${p}`, before);
    return { where: clauses.length ? `WHERE ${clauses.join(' AND ')}` : '', params };
  }
}

type EventRow = Parameters<typeof chainedEvent>[0] & { actor_name: string | null; api_key_name: string | null };

function view(r: EventRow): AuditEventView {
  const e = chainedEvent(r);
  return {
    seq: e.seq,
    id: e.id,
    occurredAt: new Date(e.occurredAt).toISOString(),
    actor: { userId: e.actorUserId, name: r.actor_name, apiKeyId: e.actorApiKeyId, apiKeyName: r.api_key_name },
    action: e.action,
    entityType: e.entityType,
    entityId: e.entityId,
    requestId: e.requestId,
    data: e.data,
    prevHash: e.prevHash,
    contentHash: e.contentHash,
    hash: e.hash,
  };
}

const exportRow = (e: AuditEventView) => [
  String(e.seq),
  e.id,
  e.occurredAt,
  e.actor.userId ?? '',
  e.actor.name ?? '',
  e.actor.apiKeyId ?? '',
  e.action,
  e.entityType,
  e.entityId ?? '',
  e.requestId ?? '',
  JSON.stringify(e.data),
  e.prevHash,
  e.contentHash,
  e.hash,
];
