import type { EntityManager } from 'typeorm';
import { auditContentOfRow, type AuditEventRow, type ChainedEvent, type ChainHead, type ChainVerification, GENESIS_HASH, verifyChain } from '#kernel';

/** Events read a page at a time: enough to keep the database busy, few enough to keep memory flat. */
const PAGE = 10_000;

interface EventRow extends AuditEventRow {
  seq: string | number | bigint;
  prev_hash: string;
  content_hash: string;
  hash: string;
}

export const AUDIT_EVENT_COLUMNS = `id, tenant_id, occurred_at, actor_user_id, actor_api_key_id, action, entity_type, entity_id, request_id, data,
  seq, prev_hash, content_hash, hash`;

export function chainedEvent(r: EventRow): ChainedEvent {
  return { ...auditContentOfRow(r), seq: Number(r.seq), prevHash: r.prev_hash, contentHash: r.content_hash, hash: r.hash };
}

export interface AuthorityChainVerification extends ChainVerification {
  /** The head the database recorded with the last append (what deletion at the end is measured against). */
  recordedHead: ChainHead | null;
  /** How many of the heads published each day the chain was checked against. */
  publishedHeads: number;
}

/**
 * Verifies one authority's chain from its stored events, a page at a time, the next page read while the
 * last is hashed. Runs in whatever transaction `em` is: the auditor's request (RLS shows only their
 * authority) or the CLI's owner transaction, while others append: only what was committed when it began
 * is read.
 */
export async function verifyAuthorityChain(em: EntityManager, tenantId: string): Promise<AuthorityChainVerification> {
  // The head and the last seq in one statement, so in one snapshot: an append commits both together, so
  // events past the head here were put there by hand, and events appended after this read are not reached.
  const [state] = (await em.query(
    `SELECT h.seq, h.hash, (SELECT max(e.seq) FROM audit_events e WHERE e.tenant_id = $1) AS last
       FROM (SELECT 1) one LEFT JOIN audit_chain_heads h ON h.tenant_id = $1`,
    [tenantId],
  )) as { seq: string | null; hash: string | null; last: string | null }[];
  const recordedHead = state.seq === null ? null : { seq: Number(state.seq), hash: state.hash! };
  const last = state.last === null ? 0 : Number(state.last);
  const read = (after: number): Promise<EventRow[]> =>
    em.query(`SELECT ${AUDIT_EVENT_COLUMNS} FROM audit_events WHERE tenant_id = $1 AND seq > $2 AND seq <= $3 ORDER BY seq LIMIT ${PAGE}`, [
      tenantId,
      after,
      last,
    ]);
  async function* pages(): AsyncGenerator<ChainedEvent[]> {
    let next = read(0);
    for (;;) {
      const rows = await next;
      if (!rows.length) return;
      if (rows.length === PAGE) next = read(Number(rows[rows.length - 1].seq));
      yield rows.map(chainedEvent);
      if (rows.length < PAGE) return;
    }
  }
  const locate = async (hash: string) => {
    const [row] = (await em.query(`SELECT seq FROM audit_events WHERE tenant_id = $1 AND hash = $2 ORDER BY seq LIMIT 1`, [tenantId, hash])) as {
      seq: string;
    }[];
    return row ? Number(row.seq) : null;
  };
  const published = (
    (await em.query(`SELECT day::text AS day, seq, hash FROM audit_published_heads WHERE tenant_id = $1 ORDER BY day`, [tenantId])) as {
      day: string;
      seq: string;
      hash: string;
    }[]
  ).map((p) => ({ day: p.day, seq: Number(p.seq), hash: p.hash }));
  const result = await verifyChain(pages(), recordedHead ?? { seq: 0, hash: GENESIS_HASH }, locate, published);
  return { ...result, recordedHead, publishedHeads: published.length };
}
