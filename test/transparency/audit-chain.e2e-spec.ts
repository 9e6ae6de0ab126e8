import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { auditContentHash, auditContentOfRow, chainLink } from '#kernel';
import { AuditHeadsJob } from '#transparency';
import { newId, ownerTransactionsFor, TransactionRunner } from '#platform';
import { AuditChain1795770000000 } from '../../migrations/1795770000000-AuditChain.js';
import { auditCommand } from '../../apps/api/src/cli/audit-command.js';
import { asOwner, authorityId, login, startTestApp, type TestApp } from '../support/test-app.js';

/**
 * The audit log's hash chain (issue 16, item 1) on the real database: written by every writer, serialised
 * per authority, migrated onto existing events, and broken on purpose as the database owner would (the
 * triggers that refuse changes switched off, as only the owner can), each break named exactly by the API
 * and the CLI, then mended.
 */
describe('the audit chain', () => {
  let t: TestApp;
  let auditor: string;
  let northmere: string;
  let publishedAtStart: unknown[];

  beforeAll(async () => {
    t = await startTestApp({ awaitStartupJobs: true });
    // Read before anything else, with no waiting: the start-up run of the nightly head publication is over when
    // startTestApp returns (awaitStartupJobs), so nothing publishes a head while a test has the log broken.
    publishedAtStart = await asOwner(t, `SELECT a.slug FROM audit_published_heads h JOIN authorities a ON a.id = h.tenant_id ORDER BY a.slug`);
    auditor = await login(t, 'auditor@northmere.test');
    northmere = await authorityId(t, 'northmere');
  });

  it('starts once the nightly head publication’s start-up run is over', () => {
    expect(publishedAtStart).toEqual([{ slug: 'northmere' }, { slug: 'southvale' }]);
  });

  afterAll(async () => {
    await t?.close();
  });

  const verify = async () => {
    const res = await t.http.get('/api/v1/audit/verify').set('authorization', `Bearer ${auditor}`);
    expect(res.status).toBe(200);
    return res.body as {
      valid: boolean;
      verified: number;
      head: { seq: number; hash: string } | null;
      recordedHead: { seq: number; hash: string } | null;
      break: { kind: string; seq: number; eventId: string | null; detail: string } | null;
    };
  };
  const cli = async () => {
    const out: string[] = [];
    const code = await auditCommand(
      (work) => work(ownerTransactionsFor(t.app.get(DataSource), t.config)),
      ['verify', '--authority', 'northmere'],
      (s) => out.push(s),
      (s) => out.push(s),
    );
    return { code, text: out.join('\n') };
  };
  const count = async () => (await asOwner<{ n: number }>(t, `SELECT count(*)::int AS n FROM audit_events WHERE tenant_id = $1`, [northmere]))[0].n;
  /** SQL as the owner with the triggers off (the append-only refusal and the chain's own): what tampering takes. */
  const tamper = (sql: string, params: unknown[] = []) =>
    ownerTransactionsFor(t.app.get(DataSource), t.config).run(async (em) => {
      await em.query(`SET LOCAL session_replication_role = replica`);
      return em.query(sql, params);
    });
  const event = async (seq: number) =>
    (await asOwner<Record<string, unknown>>(t, `SELECT * FROM audit_events WHERE tenant_id = $1 AND seq = $2`, [northmere, seq]))[0];
  const reinsert = (row: Record<string, unknown>) =>
    tamper(
      `INSERT INTO audit_events (id, tenant_id, occurred_at, actor_user_id, actor_api_key_id, action, entity_type, entity_id, request_id, data, seq, prev_hash, content_hash, hash)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::jsonb, $11, $12, $13, $14)`,
      [
        row.id,
        row.tenant_id,
        row.occurred_at,
        row.actor_user_id,
        row.actor_api_key_id,
        row.action,
        row.entity_type,
        row.entity_id,
        row.request_id,
        JSON.stringify(row.data),
        row.seq,
        row.prev_hash,
        row.content_hash,
        row.hash,
      ],
    );
  /** Moves events after `seq` up (by) places, highest first through a free range so the unique index never sees two at one seq. */
  const shift = async (after: number, by: number) => {
    await tamper(`UPDATE audit_events SET seq = seq + 1000000 WHERE tenant_id = $1 AND seq > $2`, [northmere, after]);
    await tamper(`UPDATE audit_events SET seq = seq - 1000000 + $2 WHERE tenant_id = $1 AND seq > 1000000`, [northmere, by]);
  };

  it('chains every event the demo, sign-in and the API wrote, and the auditor verifies it whole', async () => {
    const n = await count();
    expect(n).toBeGreaterThan(50);
    const v = await verify();
    expect(v).toMatchObject({ valid: true, verified: n, break: null, recordedHead: { seq: n } });
    expect(v.head).toEqual(v.recordedHead);
    const seqs = await asOwner<{ seq: string }>(t, `SELECT seq FROM audit_events WHERE tenant_id = $1 ORDER BY seq`, [northmere]);
    expect(seqs.map((r) => Number(r.seq))).toEqual(Array.from({ length: n }, (_, i) => i + 1));
    expect(await cli()).toEqual({ code: 0, text: expect.stringContaining(`holds: ${n} events verified`) });
  });

  it('gives each of many changes made at once the next link, one after another', async () => {
    const before = await count();
    const commissioner = await login(t, 'commissioner@northmere.test');
    const made = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        t.http
          .post('/api/v1/cycles')
          .set('authorization', `Bearer ${commissioner}`)
          .send({ reference: `CHAIN-${i}`, title: `Chained ${i}`, purpose: 'p', accountability: 'a', success: 's' }),
      ),
    );
    expect(made.map((r) => r.status)).toEqual(Array(12).fill(201));
    const v = await verify();
    expect(v.valid).toBe(true);
    expect(v.verified).toBeGreaterThanOrEqual(before + 12);
    expect(v.verified).toBe(await count());
    // Another authority's chain is its own, from 1.
    const southvale = await verifyAs('auditor@southvale.test');
    expect(southvale).toMatchObject({ valid: true, recordedHead: { seq: southvale.verified } });
  });

  it('chains a log that existed before the chain, in the order it was recorded (the migration)', async () => {
    const migration = new AuditChain1795770000000();
    const qr = t.app.get(DataSource).createQueryRunner();
    await qr.connect();
    try {
      await qr.startTransaction();
      await migration.down(qr);
      // This log predates the chain, so no head of it was ever published (a re-chained history is a rewritten one).
      await qr.query(`SET LOCAL session_replication_role = replica`);
      await qr.query(`DELETE FROM audit_published_heads`);
      // Events written then had microseconds from the database's clock, which the migration truncates.
      await qr.query(`UPDATE audit_events SET occurred_at = occurred_at + interval '123 microseconds' WHERE tenant_id = $1`, [northmere]);
      await qr.commitTransaction();
    } catch (e) {
      if (qr.isTransactionActive) await qr.rollbackTransaction();
      throw e;
    }
    try {
      await qr.startTransaction();
      await migration.up(qr);
      await qr.commitTransaction();
    } finally {
      await qr.release();
    }
    const v = await verify();
    expect(v).toMatchObject({ valid: true, verified: await count() });
    const order = await asOwner<{ ok: boolean }>(
      t,
      `SELECT bool_and(occurred_at >= lag_at) AS ok FROM (SELECT occurred_at, lag(occurred_at) OVER (ORDER BY seq) AS lag_at FROM audit_events WHERE tenant_id = $1) x`,
      [northmere],
    );
    expect(order[0].ok).toBe(true);
  });

  async function verifyAs(email: string) {
    const token = await login(t, email);
    return (await t.http.get('/api/v1/audit/verify').set('authorization', `Bearer ${token}`)).body as { valid: boolean; verified: number };
  }

  it('names an altered event, and holds again once it is put back', async () => {
    const original = await event(5);
    await tamper(`UPDATE audit_events SET data = '{"forged": true}' WHERE tenant_id = $1 AND seq = 5`, [northmere]);
    expect((await verify()).break).toEqual({ kind: 'altered', seq: 5, eventId: original.id, detail: 'what the event says no longer matches its content hash' });
    const c = await cli();
    expect(c.code).toBe(1);
    expect(c.text).toContain('broken at event 5: altered');
    await tamper(`UPDATE audit_events SET data = $2::jsonb WHERE tenant_id = $1 AND seq = 5`, [northmere, JSON.stringify(original.data)]);
    expect((await verify()).valid).toBe(true);

    await tamper(`UPDATE audit_events SET occurred_at = occurred_at - interval '1 day' WHERE tenant_id = $1 AND seq = 9`, [northmere]);
    expect((await verify()).break).toMatchObject({ kind: 'altered', seq: 9 });
    await tamper(`UPDATE audit_events SET occurred_at = occurred_at + interval '1 day' WHERE tenant_id = $1 AND seq = 9`, [northmere]);
    expect((await verify()).valid).toBe(true);
  });

  it('names a deleted event: a gap, a gap closed by renumbering, and the last event gone', async () => {
    const seventh = await event(7);
    await tamper(`DELETE FROM audit_events WHERE tenant_id = $1 AND seq = 7`, [northmere]);
    expect((await verify()).break).toMatchObject({ kind: 'deleted', seq: 8, detail: 'event 7 is missing before this one' });
    await shift(7, -1);
    const eighth = await event(7);
    expect((await verify()).break).toMatchObject({ kind: 'deleted', seq: 7, eventId: eighth.id });
    await shift(6, 1);
    await reinsert(seventh);
    expect((await verify()).valid).toBe(true);

    const n = await count();
    const last = await event(n);
    await tamper(`DELETE FROM audit_events WHERE tenant_id = $1 AND seq = $2`, [northmere, n]);
    expect((await verify()).break).toMatchObject({ kind: 'deleted', seq: n, eventId: null, detail: `event ${n} is missing from the end of the log` });
    await reinsert(last);
    expect((await verify()).valid).toBe(true);
  });

  it('names reordered events', async () => {
    const [third, fourth] = [await event(3), await event(4)];
    await tamper(`UPDATE audit_events SET seq = 1000003 WHERE tenant_id = $1 AND seq = 3`, [northmere]);
    await tamper(`UPDATE audit_events SET seq = 3 WHERE tenant_id = $1 AND seq = 4`, [northmere]);
    await tamper(`UPDATE audit_events SET seq = 4 WHERE tenant_id = $1 AND seq = 1000003`, [northmere]);
    expect((await verify()).break).toEqual({
      kind: 'reordered',
      seq: 3,
      eventId: fourth.id,
      detail: 'it follows the event now at seq 4, not the one before it',
    });
    expect((await cli()).text).toContain('broken at event 3: reordered');
    await tamper(`UPDATE audit_events SET seq = 1000003 WHERE id = $1`, [fourth.id]);
    await tamper(`UPDATE audit_events SET seq = 3 WHERE id = $1`, [third.id]);
    await tamper(`UPDATE audit_events SET seq = 4 WHERE id = $1`, [fourth.id]);
    expect((await verify()).valid).toBe(true);
  });

  it('names an inserted event, even one hashed by the rules and slipped in with the rest renumbered', async () => {
    const at = await event(10);
    const forged = {
      id: newId(),
      tenantId: northmere,
      occurredAt: new Date(new Date(at.occurred_at as Date).getTime() + 1),
      actorUserId: null,
      actorApiKeyId: null,
      action: 'award.approved',
      entityType: 'tender',
      entityId: newId(),
      requestId: null,
      data: { forged: true },
    };
    const contentHash = auditContentHash(forged);
    const row = (seq: number, prev: string) => ({
      id: forged.id,
      tenant_id: northmere,
      occurred_at: forged.occurredAt,
      actor_user_id: null,
      actor_api_key_id: null,
      action: forged.action,
      entity_type: forged.entityType,
      entity_id: forged.entityId,
      request_id: null,
      data: forged.data,
      seq,
      prev_hash: prev,
      content_hash: contentHash,
      hash: chainLink(prev, contentHash),
    });
    await shift(10, 1);
    await reinsert(row(11, at.hash as string));
    expect((await verify()).break).toEqual({
      kind: 'inserted',
      seq: 11,
      eventId: forged.id,
      detail: 'the next event follows event 10, so this one was put between them',
    });
    await tamper(`DELETE FROM audit_events WHERE id = $1`, [forged.id]);
    await shift(11, -1);
    expect((await verify()).valid).toBe(true);

    // One appended past the head, hashed properly: the head, which only the trigger writes, says it was not.
    const n = await count();
    const last = await event(n);
    await reinsert(row(n + 1, last.hash as string));
    expect((await verify()).break).toMatchObject({ kind: 'inserted', seq: n + 1 });
    await tamper(`DELETE FROM audit_events WHERE id = $1`, [forged.id]);
    expect((await verify()).valid).toBe(true);
  });

  it('refuses to let the app role change the log or move its head', async () => {
    const runner = t.app.get(TransactionRunner);
    await expect(runner.run({ tenantId: northmere }, (em) => em.query(`UPDATE audit_chain_heads SET seq = 1`))).rejects.toThrow(/permission denied/);
    await expect(runner.run({ tenantId: northmere }, (em) => em.query(`UPDATE audit_events SET action = 'x'`))).rejects.toThrow(/permission denied/);
    // Nor can a writer skip its content hash: the trigger refuses the event.
    await expect(
      runner.run({ tenantId: northmere }, (em) =>
        em.query(`INSERT INTO audit_events (id, tenant_id, occurred_at, action, entity_type, data) VALUES ($1, $2, now(), 'x', 'y', '{}')`, [
          newId(),
          northmere,
        ]),
      ),
    ).rejects.toThrow(/content/);
  });

  it('publishes each day’s head for anyone, and names a history rewritten and hashed again since', async () => {
    const tomorrow = new Date(Date.now() + 86_400_000);
    expect(await t.app.get(AuditHeadsJob).run(tomorrow)).toBeGreaterThan(0);
    expect(await t.app.get(AuditHeadsJob).run(tomorrow)).toBe(0); // once a day
    const heads = (await t.http.get('/api/v1/public/audit/heads?authority=northmere')).body.heads as { day: string; seq: number; hash: string }[];
    const n = await count();
    expect(heads[0]).toMatchObject({ seq: n, hash: (await event(n)).hash });
    expect((await t.http.get('/api/v1/public/audit/heads?authority=No Such')).status).toBe(400);
    expect((await t.http.get('/api/v1/public/audit/heads?authority=nowhere')).status).toBe(404);

    // A forger with the owner's rights rewrites events 3 onwards, re-hashes every link and moves the head: the
    // chain holds on its own terms, and only the head published before shows it.
    const saved = await asOwner<Record<string, unknown>>(t, `SELECT * FROM audit_events WHERE tenant_id = $1 AND seq >= 3 ORDER BY seq`, [northmere]);
    const [savedHead] = await asOwner<{ seq: string; prev_hash: string; hash: string }>(
      t,
      `SELECT seq, prev_hash, hash FROM audit_chain_heads WHERE tenant_id = $1`,
      [northmere],
    );
    let prev = (await event(2)).hash as string;
    let prevOfLast = prev;
    for (const row of saved) {
      const data = { ...(row.data as object), rewritten: true };
      const contentHash = auditContentHash({ ...auditContentOfRow(row as never), data });
      const hash = chainLink(prev, contentHash);
      await tamper(`UPDATE audit_events SET data = $2::jsonb, prev_hash = $3, content_hash = $4, hash = $5 WHERE id = $1`, [
        row.id,
        JSON.stringify(data),
        prev,
        contentHash,
        hash,
      ]);
      prevOfLast = prev;
      prev = hash;
    }
    await tamper(`UPDATE audit_chain_heads SET prev_hash = $2, hash = $3 WHERE tenant_id = $1`, [northmere, prevOfLast, prev]);
    expect((await verify()).break).toEqual({
      kind: 'rewritten',
      seq: n,
      eventId: (await event(n)).id,
      detail: `the chain no longer passes through the head published on ${heads[0].day}: the history up to here was replaced`,
    });
    expect((await cli()).text).toContain(`broken at event ${n}: rewritten`);
    for (const row of saved)
      await tamper(`UPDATE audit_events SET data = $2::jsonb, prev_hash = $3, content_hash = $4, hash = $5 WHERE id = $1`, [
        row.id,
        JSON.stringify(row.data),
        row.prev_hash,
        row.content_hash,
        row.hash,
      ]);
    await tamper(`UPDATE audit_chain_heads SET prev_hash = $2, hash = $3 WHERE tenant_id = $1`, [northmere, savedHead.prev_hash, savedHead.hash]);
    expect(await verify()).toMatchObject({ valid: true, publishedHeads: 1 });
  });
});
