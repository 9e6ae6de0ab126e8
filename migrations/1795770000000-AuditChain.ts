import type { MigrationInterface, QueryRunner } from 'typeorm';
import { auditContentHash, auditContentOfRow, type AuditEventRow, chainLink, GENESIS_HASH } from '#kernel';

/**
 * The audit log as a hash chain per authority (issue 16, item 1; docs/domain.md, "Accountability").
 *
 * The writer hashes each event's content (kernel's `auditContentHash`, canonical JSON); a BEFORE INSERT
 * trigger gives it the next seq of its authority's chain, the previous event's hash, and its own hash,
 * sha256(previous hash ‖ content hash). The trigger takes the authority's chain head row with an UPDATE:
 * that row lock is the transaction-scoped lock on the authority's chain, held to commit, so two
 * transactions append one after the other and the chain follows commit order (the second waits, then
 * reads the head the first committed). It is what an advisory lock would give, in the one statement
 * that must run anyway. Authorities never wait on each other.
 *
 * The head is written only by the trigger (SECURITY DEFINER; the app role may read it, never write it),
 * so a deleted or appended event shows against it unless the head is rewritten too, and a rewritten head
 * shows against the heads published each day.
 *
 * occurred_at is set by the writer to the millisecond (what the content hash covers, and what a
 * JavaScript Date keeps): the database's default, with microseconds, is gone and a check holds it.
 * Existing events are truncated to the millisecond and chained in the order they were recorded.
 */
export class AuditChain1795770000000 implements MigrationInterface {
  name = 'AuditChain1795770000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE audit_events ADD COLUMN seq bigint, ADD COLUMN prev_hash text, ADD COLUMN content_hash text, ADD COLUMN hash text;
      ALTER TABLE audit_events DISABLE TRIGGER audit_events_append_only;
      UPDATE audit_events SET occurred_at = date_trunc('milliseconds', occurred_at) WHERE occurred_at <> date_trunc('milliseconds', occurred_at);
      CREATE TABLE audit_chain_heads (
        tenant_id uuid PRIMARY KEY REFERENCES authorities(id),
        seq bigint NOT NULL CHECK (seq >= 0),
        prev_hash text NOT NULL CHECK (prev_hash ~ '^[0-9a-f]{64}$'),
        hash text NOT NULL CHECK (hash ~ '^[0-9a-f]{64}$')
      );
    `);
    const tenants: { tenant_id: string }[] = await q.query(`SELECT DISTINCT tenant_id FROM audit_events`);
    for (const { tenant_id } of tenants) await chainExisting(q, tenant_id);

    await q.query(`
      ALTER TABLE audit_events ENABLE TRIGGER audit_events_append_only;
      ALTER TABLE audit_events
        ALTER COLUMN occurred_at DROP DEFAULT,
        ALTER COLUMN seq SET NOT NULL, ALTER COLUMN prev_hash SET NOT NULL,
        ALTER COLUMN content_hash SET NOT NULL, ALTER COLUMN hash SET NOT NULL,
        ADD CONSTRAINT audit_events_seq CHECK (seq >= 1),
        ADD CONSTRAINT audit_events_hashes CHECK (prev_hash ~ '^[0-9a-f]{64}$' AND content_hash ~ '^[0-9a-f]{64}$' AND hash ~ '^[0-9a-f]{64}$'),
        ADD CONSTRAINT audit_events_millisecond CHECK (occurred_at = date_trunc('milliseconds', occurred_at));
      CREATE UNIQUE INDEX audit_events_chain ON audit_events (tenant_id, seq);

      ALTER TABLE audit_chain_heads ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
      CREATE POLICY audit_chain_heads_tenant ON audit_chain_heads FOR ALL
        USING (tenant_id = app_tenant_id() OR app_is_platform_operator())
        WITH CHECK (tenant_id = app_tenant_id() OR app_is_platform_operator());
      GRANT SELECT ON audit_chain_heads TO commonweal_app;

      CREATE FUNCTION audit_chain_append() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
      DECLARE
        next_seq bigint;
        previous text;
        linked text;
      BEGIN
        IF NEW.content_hash IS NULL OR NEW.content_hash !~ '^[0-9a-f]{64}$' THEN
          RAISE EXCEPTION 'an audit event needs the sha256 of its content' USING ERRCODE = 'not_null_violation';
        END IF;
        LOOP
          UPDATE audit_chain_heads
             SET seq = seq + 1, prev_hash = hash, hash = encode(sha256(decode(hash, 'hex') || decode(NEW.content_hash, 'hex')), 'hex')
           WHERE tenant_id = NEW.tenant_id
          RETURNING seq, prev_hash, hash INTO next_seq, previous, linked;
          EXIT WHEN FOUND;
          -- An authority's first event: start its chain (two first events at once: one inserts, both update).
          INSERT INTO audit_chain_heads (tenant_id, seq, prev_hash, hash)
          VALUES (NEW.tenant_id, 0, '${GENESIS_HASH}', '${GENESIS_HASH}') ON CONFLICT (tenant_id) DO NOTHING;
        END LOOP;
        NEW.seq := next_seq;
        NEW.prev_hash := previous;
        NEW.hash := linked;
        RETURN NEW;
      END $$;
      CREATE TRIGGER audit_events_chain BEFORE INSERT ON audit_events FOR EACH ROW EXECUTE FUNCTION audit_chain_append();
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TRIGGER audit_events_chain ON audit_events;
      DROP FUNCTION audit_chain_append();
      DROP TABLE audit_chain_heads;
      DROP INDEX audit_events_chain;
      ALTER TABLE audit_events DROP CONSTRAINT audit_events_seq, DROP CONSTRAINT audit_events_hashes, DROP CONSTRAINT audit_events_millisecond,
        DROP COLUMN seq, DROP COLUMN prev_hash, DROP COLUMN content_hash, DROP COLUMN hash,
        ALTER COLUMN occurred_at SET DEFAULT now();
    `);
  }
}

/** Chains one authority's existing events in the order they were recorded, a page at a time. */
async function chainExisting(q: QueryRunner, tenantId: string): Promise<void> {
  const PAGE = 5000;
  let seq = 0;
  let prev = GENESIS_HASH;
  let beforePrev = GENESIS_HASH;
  let after: [Date, string] | null = null;
  for (;;) {
    const rows: (AuditEventRow & { occurred_at: Date })[] = await q.query(
      `SELECT id, tenant_id, occurred_at, actor_user_id, actor_api_key_id, action, entity_type, entity_id, request_id, data
         FROM audit_events WHERE tenant_id = $1 ${after ? 'AND (occurred_at, id) > ($2, $3)' : ''}
        ORDER BY occurred_at, id LIMIT ${PAGE}`,
      after ? [tenantId, after[0], after[1]] : [tenantId],
    );
    if (!rows.length) break;
    const ids: string[] = [];
    const seqs: number[] = [];
    const prevs: string[] = [];
    const contents: string[] = [];
    const hashes: string[] = [];
    for (const r of rows) {
      const contentHash = auditContentHash(auditContentOfRow(r));
      const hash = chainLink(prev, contentHash);
      seq += 1;
      ids.push(r.id);
      seqs.push(seq);
      prevs.push(prev);
      contents.push(contentHash);
      hashes.push(hash);
      beforePrev = prev;
      prev = hash;
    }
    await q.query(
      `UPDATE audit_events e SET seq = u.seq, prev_hash = u.prev_hash, content_hash = u.content_hash, hash = u.hash
         FROM unnest($1::uuid[], $2::bigint[], $3::text[], $4::text[], $5::text[]) AS u(id, seq, prev_hash, content_hash, hash)
        WHERE e.id = u.id`,
      [ids, seqs, prevs, contents, hashes],
    );
    const lastRow = rows[rows.length - 1];
    after = [lastRow.occurred_at, lastRow.id];
  }
  await q.query(`INSERT INTO audit_chain_heads (tenant_id, seq, prev_hash, hash) VALUES ($1, $2, $3, $4)`, [tenantId, seq, beforePrev, prev]);
}
