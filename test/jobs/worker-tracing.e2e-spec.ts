import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { Tracing } from '#platform';
import { OtlpCollector } from '../support/otlp-collector.js';
import { buildOnce, hasRedisServer, killProcess, PrivateRedis, startWorker } from '../support/processes.js';
import { describeWhen } from '../support/services.js';
import { asOwner, authorityId, login, startTestApp, type TestApp } from '../support/test-app.js';
import { waitUntil } from '../support/wait.js';

const CONSUMER = 5;

/**
 * Issue 20, item 4, as a deployment runs it: the API writes a job's message and a separate worker process, started
 * from dist/ as `npm run start:worker` runs it, takes the job from Redis (a private one) and does the work. The job
 * is in the trace of the request that caused it, though the two processes share nothing but the database and the
 * queue: the message carries the request's traceparent through the outbox, and the queued job carries it on.
 * Each process sends its own spans, under its own service name, to the one collector.
 */
describeWhen(
  Boolean(process.env.DATABASE_URL) && hasRedisServer(),
  'DATABASE_URL not set or redis-server not installed',
  'a worker process on real PostgreSQL and Redis',
)('a trace from the API into the worker, through Redis', () => {
  let redis: PrivateRedis;
  let collector: OtlpCollector;
  let api: TestApp;
  let worker: ChildProcess;

  beforeAll(async () => {
    buildOnce();
    redis = await PrivateRedis.start();
    collector = await OtlpCollector.start();
    // Neither process starts a trace of its own (sampler 0): every span that arrives is in a trace the caller asked for.
    const tracing = { OTEL_EXPORTER_OTLP_ENDPOINT: collector.url, OTEL_TRACES_SAMPLER_ARG: '0' };
    api = await startTestApp({ mode: 'postgres', env: { REDIS_URL: redis.url, ...tracing } });
    worker = startWorker({ DATABASE_URL: api.db.url!, REDIS_URL: redis.url, OUTBOX_POLL_MS: '100', ...tracing });
  }, 180_000);
  afterAll(async () => {
    if (worker) await killProcess(worker);
    await api?.close();
    await redis?.kill();
    await collector?.close();
  });

  it("puts the worker's run of a job in the trace of the request that caused it", async () => {
    const [draft] = await asOwner<{ id: string }>(
      api,
      `SELECT t.id FROM tenders t JOIN authorities a ON a.id = t.tenant_id WHERE a.slug = 'northmere' AND t.status = 'draft' LIMIT 1`,
    );
    const traceId = randomBytes(16).toString('hex');
    const res = await api.http
      .post(`/api/v1/tenders/${draft.id}/transitions`)
      .set('authorization', `Bearer ${await login(api, 'commissioner@northmere.test')}`)
      .set('traceparent', `00-${traceId}-${randomBytes(8).toString('hex')}-01`)
      .send({ to: 'cancelled', reason: 'No longer needed' });
    expect(res.status).toBe(200);
    await api.app.get(Tracing).flush();

    const jobName = 'process ocds.publish-process';
    // The worker's exporter sends in batches, every few seconds.
    await waitUntil(async () => collector.trace(traceId).some((s) => s.name === jobName), 60_000, "the worker's job span");
    const spans = collector.trace(traceId);
    const request = spans.find((s) => s.name === 'POST /api/v1/tenders/:id/transitions');
    expect(request?.service).toBe('commonweal-api');
    const jobs = spans.filter((s) => s.name === jobName);
    expect(jobs).toHaveLength(1);
    expect(jobs[0]).toMatchObject({ kind: CONSUMER, service: 'commonweal-worker' });
    // Its parent is the API's span that wrote the message, in the request's trace.
    const parent = spans.find((s) => s.spanId === jobs[0].parentSpanId);
    expect(parent?.service).toBe('commonweal-api');
    // Its work, in the worker, under it: the authority's transaction and its statements.
    await waitUntil(async () => collector.childrenOf(jobs[0]).some((s) => s.name === 'transaction'), 30_000, "the job's transaction span");
    const [transaction] = collector.childrenOf(jobs[0]).filter((s) => s.name === 'transaction');
    expect(transaction).toMatchObject({ service: 'commonweal-worker' });
    expect(transaction.attributes['commonweal.tenant_id']).toBe(await authorityId(api, 'northmere'));
  }, 120_000);
});
