import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { Publication } from '#jobs';
import { ContextRunner } from '#platform';
import { buildOnce, hasRedisServer, killProcess, PrivateRedis, startWorker } from '../support/processes.js';
import { describeWhen } from '../support/services.js';
import { waitUntil } from '../support/wait.js';
import { asOwner, authorityId, startTestApp, type TestApp } from '../support/test-app.js';

const describeReal = describeWhen(
  Boolean(process.env.DATABASE_URL) && hasRedisServer(),
  'DATABASE_URL not set or redis-server not installed',
  'worker processes on real PostgreSQL, and a Redis of its own',
);

/**
 * A worker killed in the middle of publishing Open Contracting releases (issue 18, item 3): 150 contracting
 * processes queued for publication, two worker processes started from dist/, both killed (SIGKILL) once some
 * are published, one started again. Every process ends published, none twice, nothing failed; and queueing
 * them all again publishes nothing more (what was published is exactly what each process's facts give).
 */
describeReal('a worker killed mid-publication', () => {
  const PROCESSES = 150;
  let redis: PrivateRedis;
  let api: TestApp;
  let tenantId: string;
  let workerEnv: Record<string, string>;
  const workers: ChildProcess[] = [];

  beforeAll(async () => {
    buildOnce();
    redis = await PrivateRedis.start();
    api = await startTestApp({ mode: 'postgres', env: { REDIS_URL: redis.url } });
    tenantId = await authorityId(api, 'northmere');
    workerEnv = {
      DATABASE_URL: api.db.url!,
      REDIS_URL: redis.url,
      JOB_BACKOFF_MS: '200',
      JOB_ATTEMPTS: '20',
      OUTBOX_POLL_MS: '100',
      OUTBOX_REDISPATCH_SECONDS: '5',
    };
    // The demo's processes are published first, so that what the test counts is its own.
    workers.push(startWorker(workerEnv));
    await waitUntil(async () => (await unfinished()) === 0, 120_000, 'the demo’s publications');
    for (const w of workers.splice(0)) await killProcess(w);
  }, 240_000);

  afterAll(async () => {
    for (const w of workers) await killProcess(w);
    await api?.close();
    await redis?.kill();
  });

  const unfinished = async () =>
    (await asOwner<{ n: number }>(api, `SELECT count(*)::int AS n FROM outbox_messages WHERE status IN ('pending', 'dispatched')`))[0].n;
  const releasesOf = () =>
    asOwner<{ tender_id: string; n: number }>(
      api,
      `SELECT t.id AS tender_id, count(r.id)::int AS n FROM tenders t LEFT JOIN ocds_releases r ON r.tender_id = t.id
        WHERE t.reference LIKE 'CRASH-%' GROUP BY t.id ORDER BY t.id`,
    );

  async function queueAll(ids: string[]) {
    const publication = api.app.get(Publication);
    await api.app.get(ContextRunner).run({ tenantId }, async () => {
      for (const id of ids) await publication.processChanged(id, tenantId);
    });
  }

  it('publishes every process once and fails nothing when the workers are killed mid-run', async () => {
    const tenders = await asOwner<{ id: string }>(
      api,
      `INSERT INTO tenders (id, tenant_id, reference, title, description, status, estimated_value, currency, published_at, submission_deadline,
          policy_pack_version, evaluation_model, model_hash)
       SELECT gen_random_uuid(), tenant_id, 'CRASH-' || g, title || ' ' || g, description, 'published', estimated_value, currency, now(),
          now() + interval '30 days', policy_pack_version, evaluation_model, model_hash
         FROM tenders, generate_series(1, ${PROCESSES}) g WHERE reference = 'NCC-2026-014'
       RETURNING id`,
    );
    const ids = tenders.map((t) => t.id);
    await queueAll(ids);

    workers.push(startWorker(workerEnv), startWorker(workerEnv));
    await waitUntil(async () => (await releasesOf()).filter((r) => r.n > 0).length >= 20, 60_000, 'some processes published');
    for (const w of workers.splice(0)) await killProcess(w);
    const atKill = (await releasesOf()).filter((r) => r.n > 0).length;
    expect(atKill).toBeLessThan(PROCESSES);

    workers.push(startWorker(workerEnv));
    await waitUntil(async () => (await unfinished()) === 0, 120_000, 'every publication done');
    const [{ failed }] = await asOwner<{ failed: number }>(api, `SELECT count(*)::int AS failed FROM outbox_messages WHERE status = 'failed'`);
    expect(failed).toBe(0);
    const published = await releasesOf();
    expect(published).toHaveLength(PROCESSES);
    expect(published.filter((r) => r.n === 0)).toEqual([]);
    const counts = new Set(published.map((r) => r.n));
    // Every copy is the same kind of process (an open tender): each has the same releases, once.
    expect(counts.size).toBe(1);
    const [{ duplicates }] = await asOwner<{ duplicates: number }>(
      api,
      `SELECT count(*)::int AS duplicates FROM (SELECT ocid, release->'tag', release->>'date' FROM ocds_releases
         WHERE tender_id = ANY($1) GROUP BY 1, 2, 3 HAVING count(*) > 1) d`,
      [ids],
    );
    expect(duplicates).toBe(0);

    // Nothing was left out: publishing every process again, from its facts as they stand, adds no release.
    const before = (await asOwner<{ n: number }>(api, `SELECT count(*)::int AS n FROM ocds_releases WHERE tender_id = ANY($1)`, [ids]))[0].n;
    await queueAll(ids);
    await waitUntil(async () => (await unfinished()) === 0, 120_000, 'the second round of publications');
    const after = (await asOwner<{ n: number }>(api, `SELECT count(*)::int AS n FROM ocds_releases WHERE tender_id = ANY($1)`, [ids]))[0].n;
    expect(after).toBe(before);
    if (process.env.SHOW_FIGURES) console.log({ processes: PROCESSES, publishedWhenKilled: atKill, releases: after });
  }, 300_000);
});
