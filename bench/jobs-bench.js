#!/usr/bin/env node
// npm run bench:jobs — notifications through the outbox, end to end, on real PostgreSQL and Redis.
//
// The API's own code (Notifications.email in a tenant transaction) commits e-mail messages to the
// outbox; a worker process (dist/apps/worker, exactly as `npm run start:worker`) relays them to
// BullMQ and sends them to a real SMTP server run by this script, which records each arrival.
//
//   run 1: 10,000 messages, nothing goes wrong: jobs/s from first commit to last arrival, and the
//          delay from commit to delivery (p50, p99).
//   run 2: 2,000 messages paced at 100/s (well under capacity): the delay a person would see.
//   run 3: 10,000 messages again, and Redis is killed (SIGKILL; it keeps nothing on disk, so it
//          comes back empty) for 10 s in the middle: every message must arrive exactly once.
//
// Redis here is a private redis-server on a free port, so stopping it disturbs nothing else.
// Needs DATABASE_URL (the bench makes and drops its own database) and redis-server on the PATH.
import { spawn, execFileSync } from 'node:child_process';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { admin as adminOn, appArgs, appNode, percentile, serverUrl, withDb } from './bench-db.js';
import { SMTPServer } from 'smtp-server';

const N = Number(process.env.BENCH_JOBS ?? 10_000);
const BATCH = Number(process.env.BENCH_BATCH ?? 100);
const OUTAGE_SECONDS = Number(process.env.BENCH_OUTAGE_SECONDS ?? 10);
const base = serverUrl('bench:jobs');
const admin = (sql, url = base, params = []) => adminOn(url, sql, params);
const freePort = () =>
  new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });

// --- the SMTP server that counts arrivals ------------------------------------------------------
const arrivals = new Map(); // Message-ID -> [arrival times]
const smtp = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS', 'AUTH'],
  logger: false,
  onData(stream, _session, done) {
    let head = '';
    stream.on('data', (chunk) => {
      if (head.length < 4096) head += chunk.toString('utf8');
    });
    stream.on('end', () => {
      const id = /^Message-ID:\s*(<[^>]+>)/im.exec(head)?.[1] ?? 'none';
      const list = arrivals.get(id) ?? [];
      list.push(Date.now());
      arrivals.set(id, list);
      done();
    });
  },
});
smtp.on('error', () => undefined);
const smtpPort = await freePort();
await new Promise((r) => smtp.listen(smtpPort, '127.0.0.1', r));

// --- Redis that we may kill ----------------------------------------------------------------------
const redisPort = await freePort();
let redis;
const redisUp = async () => {
  redis = spawn('redis-server', ['--port', String(redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  for (let i = 0; i < 100; i++) {
    try {
      execFileSync('redis-cli', ['-p', String(redisPort), 'ping'], { stdio: 'ignore' });
      return;
    } catch {
      await sleep(100);
    }
  }
  throw new Error('redis-server did not start');
};
const redisKill = async () => {
  const exited = new Promise((r) => redis.once('exit', r));
  redis.kill('SIGKILL');
  await exited;
};

// --- database, app context, worker ---------------------------------------------------------------
const db = `commonweal_bench_jobs_${Date.now()}`;
await admin(`CREATE DATABASE ${db}`);
const url = withDb(base, db);
const env = {
  ...process.env,
  NODE_ENV: 'bench',
  LOG_LEVEL: 'warn',
  DATABASE_URL: url,
  REDIS_URL: `redis://127.0.0.1:${redisPort}`,
  SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
  SEED_DEMO: 'false',
  JOB_CONCURRENCY: process.env.JOB_CONCURRENCY ?? '16',
  OUTBOX_REDISPATCH_SECONDS: process.env.OUTBOX_REDISPATCH_SECONDS ?? '15',
  JOB_BACKOFF_MS: '500',
  JOB_ATTEMPTS: '20',
  JWT_SECRET: 'bench-secret-bench-secret-bench-secret-0123',
};
Object.assign(process.env, env);
let worker;
let app;
try {
  await redisUp();
  const { NestFactory } = await import('@nestjs/core');
  const { ContextRunner, loadConfig } = await import('#platform');
  const { Notifications } = await import('#notifications');
  const { AppModule } = await import('../dist/apps/api/src/app.module.js');
  const config = loadConfig(env);
  // The API's modules (it migrates the new database), without HTTP; with Redis set it runs no jobs itself.
  app = await NestFactory.createApplicationContext(AppModule.forRoot(config), { logger: ['error', 'warn'] });
  const tenantId = '01900000-0000-7000-8000-00000000be0c';
  await admin(`INSERT INTO authorities (id, slug, name) VALUES ($1, 'benchshire', 'Benchshire Council')`, url, [tenantId]);
  // The authority's context, as a request or a job opens it: Notifications reads its transaction from there.
  const runner = app.get(ContextRunner);
  const notifications = app.get(Notifications);
  // BENCH_WORKER_ARGS, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof", to see where the worker spends its time.
  worker = spawn(appNode(), appArgs('dist/apps/worker/src/main.js', process.env.BENCH_WORKER_ARGS), { env, stdio: ['ignore', 'inherit', 'inherit'] });

  const data = {
    kind: '7d',
    recipientName: 'Bench',
    providerName: 'Bench Ltd',
    tenderTitle: 'Bench tender',
    tenderReference: 'BEN-1',
    deadline: new Date().toISOString(),
    tenderUrl: 'http://localhost/dashboard',
  };
  const commit = async (from, n) => {
    await runner.run({ tenantId }, () =>
      notifications.email(Array.from({ length: n }, (_, i) => ({ to: `p${from + i}@bench.example`, tenantId, template: 'deadline-reminder', data }))),
    );
  };
  const delivered = () => arrivals.size;

  async function run(label, outage, total, ratePerSecond = 0, offset = 0) {
    arrivals.clear();
    const t0 = Date.now();
    let killedAt = null;
    let restartedAt = null;
    const producing = (async () => {
      if (!ratePerSecond) {
        for (let i = 0; i < total; i += BATCH) await commit(offset + i, Math.min(BATCH, total - i));
        return;
      }
      // Ten commits a second, each of a tenth of the rate.
      const per = Math.max(1, Math.round(ratePerSecond / 10));
      for (let i = 0; i < total; i += per) {
        const next = Date.now() + 100;
        await commit(offset + i, Math.min(per, total - i));
        await sleep(Math.max(0, next - Date.now()));
      }
    })();
    const outageDone = outage
      ? (async () => {
          while (delivered() < total * 0.3) await sleep(20);
          await redisKill();
          killedAt = Date.now();
          await sleep(OUTAGE_SECONDS * 1000);
          await redisUp();
          restartedAt = Date.now();
        })()
      : Promise.resolve();
    await producing;
    const committedAt = Date.now();
    await outageDone;
    const deadline = Date.now() + 300_000;
    while (delivered() < total && Date.now() < deadline) await sleep(20);
    const t1 = Date.now();
    const created = await admin(`SELECT id, extract(epoch from created_at) * 1000 AS t FROM outbox_messages`, url);
    const host = new URL(config.PUBLIC_BASE_URL).hostname;
    const createdById = new Map(created.rows.map((r) => [`<${r.id}@${host}>`, Number(r.t)]));
    const delays = [];
    let duplicates = 0;
    for (const [id, times] of arrivals) {
      if (times.length > 1) duplicates += times.length - 1;
      const c = createdById.get(id);
      if (c !== undefined) delays.push(times[0] - c);
    }
    const rows = await admin(`SELECT count(*)::int AS n, count(DISTINCT outbox_id)::int AS d FROM email_deliveries`, url);
    console.log(`\n${label}: ${total} e-mails through the outbox`);
    console.log(`  committed in ${((committedAt - t0) / 1000).toFixed(1)} s; all delivered after ${((t1 - t0) / 1000).toFixed(1)} s`);
    console.log(`  end to end: ${(total / ((t1 - t0) / 1000)).toFixed(0)} jobs/s`);
    console.log(
      `  commit -> delivery: p50 ${Math.round(percentile(delays, 50))} ms, p99 ${Math.round(percentile(delays, 99))} ms, max ${Math.round(Math.max(...delays))} ms`,
    );
    if (outage) console.log(`  Redis killed after ${((killedAt - t0) / 1000).toFixed(1)} s, back after ${((restartedAt - killedAt) / 1000).toFixed(1)} s`);
    console.log(
      `  arrived: ${arrivals.size} distinct of ${total}, duplicates ${duplicates}; delivery rows so far ${rows.rows[0].n} (${rows.rows[0].d} distinct)`,
    );
    return { ok: arrivals.size === total && duplicates === 0 };
  }

  const steady = await run('steady (all committed at once)', false, N, 0, 0);
  const paced = await run('paced at 100 e-mails/s', false, Math.min(N, 2000), 100, N);
  const outage = await run(`Redis down ${OUTAGE_SECONDS} s mid-run`, true, N, 0, 2 * N);
  const ok = steady.ok && paced.ok && outage.ok;
  console.log(`\n${ok ? 'PASS' : 'FAIL'}: every message delivered exactly once in every run`);
  process.exitCode = ok ? 0 : 1;
} finally {
  if (worker && worker.exitCode === null) {
    // A graceful stop first (the worker finishes its jobs, a profile gets written), then no choice.
    const exited = new Promise((r) => worker.once('exit', r));
    worker.kill('SIGTERM');
    await Promise.race([exited, sleep(15_000)]);
    worker.kill('SIGKILL');
  }
  await app?.close().catch(() => undefined);
  redis?.kill('SIGKILL');
  smtp.close();
  await admin(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`).catch(() => undefined);
}
