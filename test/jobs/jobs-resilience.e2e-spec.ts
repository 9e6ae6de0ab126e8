import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { Queue } from 'bullmq';
import { Notifications } from '#notifications';
import { ContextRunner } from '#platform';
import { buildOnce, hasRedisServer, killProcess, PrivateRedis, startWorker } from '../support/processes.js';
import { describeWhen } from '../support/services.js';
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink.js';
import { waitUntil } from '../support/wait.js';
import { asOwner, authorityId, startTestApp, type TestApp } from '../support/test-app.js';

/**
 * The promise of the outbox on the real services: kill Redis (a private one,
 * which comes back empty) or kill the worker in the middle of a run, and every
 * message is still delivered. The API commits messages; separate worker
 * processes, started from dist/ exactly as `npm run start:worker`, relay and
 * send them to a real SMTP server.
 */
const describeReal = describeWhen(
  Boolean(process.env.DATABASE_URL) && hasRedisServer(),
  'DATABASE_URL not set or redis-server not installed',
  'worker processes on real PostgreSQL, and a Redis the test may kill',
);

describeReal('jobs survive Redis and worker crashes', () => {
  let redis: PrivateRedis;
  let smtp: SmtpSink;
  let api: TestApp;
  let tenantId: string;
  const workers: ChildProcess[] = [];
  let workerEnv: Record<string, string>;

  beforeAll(async () => {
    buildOnce();
    redis = await PrivateRedis.start();
    smtp = await startSmtpSink();
    api = await startTestApp({ mode: 'postgres', seed: false, env: { REDIS_URL: redis.url, SMTP_URL: smtp.url } });
    await asOwner(api, `INSERT INTO authorities (id, slug, name) VALUES ('01900000-0000-7000-8000-000000000001', 'crashtest', 'Crash Test Council')`);
    tenantId = await authorityId(api, 'crashtest');
    workerEnv = {
      DATABASE_URL: api.db.url!,
      REDIS_URL: redis.url,
      SMTP_URL: smtp.url,
      JOB_BACKOFF_MS: '200',
      JOB_ATTEMPTS: '20',
      OUTBOX_POLL_MS: '100',
      OUTBOX_REDISPATCH_SECONDS: '5',
    };
  });
  afterAll(async () => {
    for (const w of workers) await killProcess(w);
    await api?.close();
    await redis?.kill();
    await smtp?.close();
  });

  async function commitEmails(from: number, n: number) {
    const data = {
      kind: '7d',
      recipientName: 'R',
      providerName: 'P',
      tenderTitle: 'T',
      tenderReference: 'CT-1',
      deadline: new Date().toISOString(),
      tenderUrl: 'http://localhost/x',
    };
    await api.app
      .get(ContextRunner)
      .run({ tenantId }, () =>
        api.app
          .get(Notifications)
          .email(Array.from({ length: n }, (_, i) => ({ to: `p${from + i}@example.org`, tenantId, template: 'deadline-reminder', data }))),
      );
  }

  const doneCount = async () => Number((await asOwner<{ n: string }>(api, `SELECT count(*) AS n FROM outbox_messages WHERE status = 'done'`))[0].n);

  it('delivers every message exactly once when Redis dies and comes back empty mid-run', async () => {
    workers.push(startWorker(workerEnv));
    for (let i = 0; i < 10; i++) await commitEmails(i * 30, 30);
    await waitUntil(() => smtp.messages.length >= 50, 60_000, 'the first e-mails');
    // The worker registered the daily reminder scan with BullMQ, at 08:00 London time.
    const queue = new Queue('jobs', { connection: { url: redis.url }, prefix: 'commonweal' });
    const schedulers = await queue.getJobSchedulers();
    await queue.close();
    expect(schedulers.map((j) => [j.key, j.pattern, j.tz])).toContainEqual(['tender-deadline-reminders', '0 8 * * *', 'Europe/London']);
    await redis.kill();
    // Messages committed while Redis is down wait in the outbox.
    for (let i = 10; i < 15; i++) await commitEmails(i * 30, 30);
    await new Promise((r) => setTimeout(r, 3000));
    await redis.up();
    await waitUntil(async () => (await doneCount()) === 450, 90_000, 'all 450 messages done');
    await smtp.waitFor(450);
    const ids = smtp.messages.map((m) => m.messageId);
    expect(new Set(ids).size).toBe(450);
    expect(ids).toHaveLength(450);
    expect(new Set(smtp.messages.map((m) => (m.to as { text: string }).text)).size).toBe(450);
  });

  it('repeats nothing when a worker is stopped gracefully (SIGTERM, as in a deploy) mid-run', async () => {
    const before = smtp.messages.length;
    const done = await doneCount();
    workers.push(startWorker(workerEnv));
    for (let i = 0; i < 10; i++) await commitEmails(5000 + i * 30, 30);
    await waitUntil(() => smtp.messages.length >= before + 40, 60_000, 'some of the run');
    for (const w of workers.splice(0)) {
      const exited = new Promise((r) => w.once('exit', r));
      w.kill('SIGTERM');
      await exited;
    }
    workers.push(startWorker(workerEnv));
    await waitUntil(async () => (await doneCount()) === done + 300, 120_000, 'all 300 messages done');
    const run = smtp.messages.slice(before);
    expect(run).toHaveLength(300);
    expect(new Set(run.map((m) => m.messageId)).size).toBe(300);
  });

  it('loses nothing when a worker is killed mid-run; a repeat carries the same Message-ID and is recorded once', async () => {
    const before = smtp.messages.length;
    workers.push(startWorker(workerEnv));
    for (let i = 0; i < 10; i++) await commitEmails(1000 + i * 30, 30);
    await waitUntil(() => smtp.messages.length >= before + 40, 60_000, 'some of the second run');
    // Kill every worker mid-run, then bring one back.
    for (const w of workers.splice(0)) await killProcess(w);
    workers.push(startWorker(workerEnv));
    await waitUntil(async () => (await doneCount()) === 1050, 120_000, 'all 1050 messages done');
    const run = smtp.messages.slice(before);
    const unique = new Set(run.map((m) => m.messageId));
    expect(unique.size).toBe(300);
    // A message sent and then killed before its commit is sent again, at most once per job in flight (8 per worker, 2 workers).
    expect(run.length - unique.size).toBeLessThanOrEqual(16);
    const recorded = await asOwner<{ n: string; d: string }>(api, `SELECT count(*) AS n, count(DISTINCT message_id) AS d FROM email_deliveries`);
    expect(Number(recorded[0].n)).toBe(1050);
    expect(Number(recorded[0].d)).toBe(1050);
  });
});
