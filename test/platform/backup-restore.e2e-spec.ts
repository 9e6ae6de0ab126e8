import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { verifyAuthorityChain } from '#platform';
import { publicationsDone } from '../support/publication.js';
import { postgresTool } from '../support/processes.js';
import { describeWhen } from '../support/services.js';
import { waitUntil } from '../support/wait.js';
import { adminQuery, withDatabase } from '../support/test-database.js';
import { asOwner, login, startTestApp, type TestApp } from '../support/test-app.js';

const pgDump = postgresTool('pg_dump');
const pgRestore = postgresTool('pg_restore');

/**
 * A backup can be restored (issue 20, item 7), as docs/operations.md tells an IT team to take one: pg_dump of
 * a seeded, used database in the custom format, pg_restore into a new database, and everything is there: every
 * table's every row, each authority's audit chain valid, and the API started on the copy serving it.
 */
describeWhen(
  Boolean(process.env.DATABASE_URL) && pgDump !== undefined && pgRestore !== undefined,
  'DATABASE_URL or pg_dump missing',
  'backup and restore run on the real server with its own tools',
)('backup and restore', () => {
  let source: TestApp;
  let restored: TestApp | undefined;
  const copy = `commonweal_restored_${randomBytes(6).toString('hex')}`;
  const dir = mkdtempSync(join(tmpdir(), 'commonweal-backup-'));

  beforeAll(async () => {
    source = await startTestApp({ mode: 'postgres' });
    // Used, not just seeded: a draft, an audit event for it, and the Open Contracting releases published.
    const token = await login(source, 'commissioner@northmere.test');
    const draft = await source.http
      .post('/api/v1/tenders')
      .set('authorization', `Bearer ${token}`)
      .send({ reference: 'BACKUP-1', title: 'Written before the backup' });
    expect(draft.status).toBe(201);
    // Backed up at rest: the jobs the demo queued have run, so the copy and the source can be compared.
    await publicationsDone(source);
    await waitUntil(
      async () => (await asOwner<{ n: number }>(source, `SELECT count(*)::int AS n FROM outbox_messages WHERE status IN ('pending', 'dispatched')`))[0].n === 0,
      60_000,
      'every queued job',
    );
  }, 120_000);

  afterAll(async () => {
    await restored?.close();
    await source?.close();
    await adminQuery(`DROP DATABASE IF EXISTS ${copy} WITH (FORCE)`).catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  });

  /** Every table's row count, from the catalogue, so a table added later is counted without changing this test. */
  const rowCounts = async (t: TestApp) => {
    const tables = await asOwner<{ name: string }>(t, `SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY 1`);
    const counts: Record<string, number> = {};
    for (const { name } of tables) counts[name] = (await asOwner<{ n: number }>(t, `SELECT count(*)::int AS n FROM "${name}"`))[0].n;
    return counts;
  };

  it('restores every row, a valid audit chain for each authority, and an API that serves it', async () => {
    const file = join(dir, 'commonweal.dump');
    execFileSync(pgDump!, ['--format=custom', '--file', file, source.db.url!], { stdio: 'pipe' });
    await adminQuery(`CREATE DATABASE ${copy}`);
    const target = withDatabase(process.env.DATABASE_URL!, copy);
    execFileSync(pgRestore!, ['--exit-on-error', '--dbname', target, file], { stdio: 'pipe' });

    restored = await startTestApp({ database: { url: target, drop: async () => undefined }, seed: false });
    const before = await rowCounts(source);
    const after = await rowCounts(restored);
    expect(Object.keys(before).length).toBeGreaterThan(50);
    expect(before['tenders']).toBeGreaterThan(0);
    expect(after).toEqual(before);

    const authorities = await asOwner<{ id: string; slug: string }>(restored, `SELECT id, slug FROM authorities ORDER BY slug`);
    for (const a of authorities) {
      const chain = await ownerChain(restored, a.id);
      expect({ authority: a.slug, valid: chain.valid, verified: chain.verified > 0 }).toEqual({ authority: a.slug, valid: true, verified: true });
    }

    const token = await login(restored, 'commissioner@northmere.test');
    const list = await restored.http.get('/api/v1/tenders?limit=100').set('authorization', `Bearer ${token}`);
    expect(list.status).toBe(200);
    expect(list.body.items.map((i: { reference: string }) => i.reference)).toContain('BACKUP-1');
    expect((await restored.http.get('/health/ready')).status).toBe(200);
  }, 180_000);
});

/** The chain as the CLI's `audit verify` reads it: on the owner's connection, the whole of one authority. */
const ownerChain = (t: TestApp, tenantId: string) => t.app.get(DataSource).transaction((em) => verifyAuthorityChain(em, tenantId));
