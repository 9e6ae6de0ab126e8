import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json.js';

/**
 * The audit log's hash chain (docs/domain.md, "Accountability"): each authority's events form one chain.
 *
 *   contentHash = sha256(canonical JSON of the event's content)            computed here, by the writer
 *   hash        = sha256(prevHash bytes ‖ contentHash bytes)                computed by the database, in
 *                                                                           the insert's trigger, which
 *                                                                           alone knows the previous hash
 *
 * The first event of a chain follows GENESIS_HASH. An event's place (seq) is not hashed: the chain's
 * order is the links themselves, and seq is the index that reads them in order. Everything here is pure
 * (no database, no framework), so the API, the CLI and an auditor's offline copy verify alike.
 */
export const GENESIS_HASH = '0'.repeat(64);

/** What of an event is hashed: everything it says, not where it stands in the chain. */
export interface AuditContent {
  id: string;
  tenantId: string;
  occurredAt: Date | string;
  actorUserId: string | null;
  actorApiKeyId: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  requestId: string | null;
  data: unknown;
}

/**
 * The canonical encoding. `data` goes through JSON first so that the hash written is the hash of what the
 * database will give back (jsonb keeps neither undefined fields nor Date objects: a Date becomes its ISO
 * text); the time is the instant in UTC to the millisecond, which timestamptz keeps exactly.
 */
export function auditContentText(e: AuditContent): string {
  return canonicalJson({
    id: e.id,
    tenantId: e.tenantId,
    occurredAt: new Date(e.occurredAt).toISOString(),
    actorUserId: e.actorUserId ?? null,
    actorApiKeyId: e.actorApiKeyId ?? null,
    action: e.action,
    entityType: e.entityType,
    entityId: e.entityId ?? null,
    requestId: e.requestId ?? null,
    data: e.data === undefined ? {} : JSON.parse(JSON.stringify(e.data)),
  });
}

export const auditContentHash = (e: AuditContent): string => createHash('sha256').update(auditContentText(e)).digest('hex');

const text = (v: string | null) => (v === null ? 'null' : JSON.stringify(v));

/**
 * The same text as `auditContentText`, written straight out for an event as the database gives it back
 * (`data` already plain JSON, parsed from jsonb): the outer keys in their sorted order by hand, no copy of
 * `data` through JSON first. Verification hashes half a million of these; a property test holds the two equal.
 */
export function storedAuditContentText(e: AuditContent): string {
  return (
    `{"action":${JSON.stringify(e.action)},"actorApiKeyId":${text(e.actorApiKeyId)},"actorUserId":${text(e.actorUserId)},` +
    `"data":${e.data === undefined ? '{}' : canonicalJson(e.data)},"entityId":${text(e.entityId)},"entityType":${JSON.stringify(e.entityType)},` +
    `"id":${JSON.stringify(e.id)},"occurredAt":"${new Date(e.occurredAt).toISOString()}","requestId":${text(e.requestId)},"tenantId":${JSON.stringify(e.tenantId)}}`
  );
}

/** An audit_events row as the database driver gives it back (the chain's columns may not exist yet). */
export interface AuditEventRow {
  id: string;
  tenant_id: string;
  occurred_at: Date | string;
  actor_user_id: string | null;
  actor_api_key_id: string | null;
  action: string;
  entity_type: string;
  entity_id: string | null;
  request_id: string | null;
  data: unknown;
}

export const auditContentOfRow = (r: AuditEventRow): AuditContent => ({
  id: r.id,
  tenantId: r.tenant_id,
  occurredAt: r.occurred_at,
  actorUserId: r.actor_user_id,
  actorApiKeyId: r.actor_api_key_id,
  action: r.action,
  entityType: r.entity_type,
  entityId: r.entity_id,
  requestId: r.request_id,
  data: r.data,
});

/** The link: what the database's trigger computes (sha256 over the two digests' bytes). */
export function chainLink(prevHash: string, contentHash: string): string {
  return createHash('sha256').update(Buffer.from(prevHash, 'hex')).update(Buffer.from(contentHash, 'hex')).digest('hex');
}

/** An event as stored: its content and its place in the chain. */
export interface ChainedEvent extends AuditContent {
  seq: number;
  prevHash: string;
  contentHash: string;
  hash: string;
}

export type ChainBreakKind = 'altered' | 'deleted' | 'inserted' | 'reordered' | 'rewritten';

/** The first place the chain does not hold, in words an auditor can act on. */
export interface ChainBreak {
  kind: ChainBreakKind;
  /** Where the break shows: the first event that does not hold (for a deletion, the first after the gap). */
  seq: number;
  eventId: string | null;
  detail: string;
}

export interface ChainVerification {
  valid: boolean;
  /** Events read and found to hold, up to the break if there is one. */
  verified: number;
  /** The last event that holds. */
  head: { seq: number; hash: string } | null;
  break: ChainBreak | null;
}

/** The chain's head as the database keeps it (or as it was published): where the last event must be. */
export interface ChainHead {
  seq: number;
  hash: string;
}

/** A head published outside the database (each day's): the event at its seq must still have its hash. */
export interface PublishedHead extends ChainHead {
  /** When it was published, to say so (a London date). */
  day: string;
}

/**
 * Walks one authority's events in seq order (pages of them, so half a million never sit in memory at
 * once) and names the first break:
 * - **altered**: an event's content no longer gives its content hash, or its hash is not the link of its
 *   own two digests;
 * - **deleted**: a gap in seq, an event whose predecessor is nowhere in the chain (it was removed and the
 *   rest renumbered, or rewritten), or fewer events than the head says;
 * - **inserted**: a seq used twice, an event that follows the one two places before it (the one between
 *   was put there), or more events than the head says;
 * - **reordered**: an event that follows one that now stands elsewhere;
 * - **rewritten**: a history that chains, but not through a head published before (each day's), so
 *   everything from some event on was replaced and hashed again: only a copy kept outside shows that.
 * `locate` finds which seq holds a given hash now (the database has the index); it is asked only once a
 * link fails, to say which of these it is.
 */
export async function verifyChain(
  pages: AsyncIterable<ChainedEvent[]> | Iterable<ChainedEvent[]>,
  head: ChainHead | null,
  locate: (hash: string) => Promise<number | null>,
  published: readonly PublishedHead[] = [],
): Promise<ChainVerification> {
  const checkpoints = new Map(published.map((p) => [p.seq, p]));
  let last: (ChainHead & { id: string }) | null = null;
  let beforeLast: string = GENESIS_HASH;
  let verified = 0;
  const result = (b: ChainBreak | null): ChainVerification => ({ valid: b === null, verified, head: last && { seq: last.seq, hash: last.hash }, break: b });
  for await (const page of pages) {
    for (const e of page) {
      const expectedSeq = (last?.seq ?? 0) + 1;
      const prev = last?.hash ?? GENESIS_HASH;
      const at = (kind: ChainBreakKind, detail: string, seq = e.seq, eventId: string | null = e.id) => result({ kind, seq, eventId, detail });
      if (e.seq < expectedSeq) return at('inserted', `a second event stands at seq ${e.seq}`);
      if (e.seq > expectedSeq) {
        const gap = e.seq - expectedSeq === 1 ? `event ${expectedSeq} is` : `events ${expectedSeq} to ${e.seq - 1} are`;
        return at('deleted', `${gap} missing before this one`);
      }
      if (createHash('sha256').update(storedAuditContentText(e)).digest('hex') !== e.contentHash)
        return at('altered', 'what the event says no longer matches its content hash');
      if (chainLink(e.prevHash, e.contentHash) !== e.hash) return at('altered', 'its hash is not the link of its previous hash and content hash');
      if (e.prevHash !== prev) {
        const where = await locate(e.prevHash);
        if (where !== null && last && where === last.seq - 1 && e.prevHash === beforeLast)
          return at('inserted', `the next event follows event ${where}, so this one was put between them`, last.seq, last.id);
        if (where !== null) return at('reordered', `it follows the event now at seq ${where}, not the one before it`);
        return at('deleted', 'the event it was chained to is no longer in the log (deleted, or rewritten)');
      }
      const checkpoint = checkpoints.get(e.seq);
      if (checkpoint && checkpoint.hash !== e.hash)
        return at('rewritten', `the chain no longer passes through the head published on ${checkpoint.day}: the history up to here was replaced`);
      beforeLast = prev;
      last = { seq: e.seq, hash: e.hash, id: e.id };
      verified += 1;
    }
  }
  const lastSeq = last?.seq ?? 0;
  if (head) {
    if (head.seq > lastSeq) {
      const gap = head.seq === lastSeq + 1 ? `event ${head.seq} is` : `events ${lastSeq + 1} to ${head.seq} are`;
      return result({ kind: 'deleted', seq: lastSeq + 1, eventId: null, detail: `${gap} missing from the end of the log` });
    }
    if (head.seq < lastSeq) return result({ kind: 'inserted', seq: head.seq + 1, eventId: null, detail: `the log runs past its head (seq ${head.seq})` });
    if (head.hash !== (last?.hash ?? GENESIS_HASH))
      return result({ kind: 'altered', seq: lastSeq, eventId: null, detail: 'the last event is not the one the head recorded' });
  }
  const beyond = published.filter((p) => p.seq > lastSeq).sort((a, b) => a.seq - b.seq)[0];
  if (beyond)
    return result({
      kind: 'deleted',
      seq: lastSeq + 1,
      eventId: null,
      detail: `the head published on ${beyond.day} was event ${beyond.seq}: the log now ends before it`,
    });
  return result(null);
}
