#!/usr/bin/env node
// npm run bench:api — the cost of a request, and of tenancy, on real PostgreSQL.
//
//   (a) GET /health
//   (b) GET /api/v1/tenders, authenticated, through row-level security
//       (served as a login role that is a member of commonweal_app)
//   (c) the same list with RLS off: a bench-only server on the owner connection
//       (NODE_ENV=bench, COMMONWEAL_BENCH_WITHOUT_RLS=true), same transaction shape
//   (d) the framework's floor: a bare NestJS server and pg pool of 10 running the same indexed query
//       (bench/floor-server.js: no auth, no RLS, no transaction, no logging)
//
// 20,000 tenders (10,000 per authority), 20 returned per request. autocannon with
// 32 connections on the same cores as the API, as in DESIGN.md. Several rounds,
// interleaved, medians reported. Needs DATABASE_URL (any database on the server:
// the bench makes and drops its own).
import { execFileSync, spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import autocannon from 'autocannon';
import { admin as adminOn, appLogin, appArgs, appNode, cpuOf, median, ownCpu, peakRss, postgresCpu, serverUrl, waitForApi, withDb } from './bench-db.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const base = serverUrl('bench:api');
const admin = (sql, url = base) => adminOn(url, sql);

const db = `commonweal_bench_${Date.now()}`;
const owner = withDb(base, db);
const secret = 'bench-secret-bench-secret-bench-secret-0123';
const servers = [];

function start(name, port, env, script = 'dist/apps/api/src/main.js') {
  const child = spawn(appNode(), appArgs(script), {
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', JWT_SECRET: secret, REDIS_URL: '', ...env },
    stdio: ['ignore', process.env.BENCH_API_STDOUT ? 'inherit' : 'ignore', 'inherit'],
  });
  servers.push(child);
  return { name, port, child };
}

async function load(server, path, headers) {
  const cpu0 = { server: cpuOf(server.child.pid), postgres: postgresCpu(), load: ownCpu() };
  const rss = peakRss(server.child.pid);
  const r = await autocannon({ url: `http://127.0.0.1:${server.port}${path}`, connections: CONNECTIONS, duration: DURATION, headers });
  const peak = rss.stop();
  if (r.non2xx || r.errors) throw new Error(`${server.name} ${path}: ${r.non2xx} non-2xx, ${r.errors} errors`);
  // Where the two cores went, per request: the server under test, PostgreSQL, and autocannon (this process).
  const perRequest = (used) => (used * 1000) / r.requests.total;
  const cpu = {
    server: perRequest(cpuOf(server.child.pid) - cpu0.server),
    postgres: perRequest(postgresCpu() - cpu0.postgres),
    load: perRequest(ownCpu() - cpu0.load),
  };
  return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, rss: peak, cpu };
}

try {
  await admin(`CREATE DATABASE ${db}`);
  const appUrl = await appLogin(base, db);

  const rls = start('rls', 3101, { DATABASE_URL: appUrl, DATABASE_MIGRATION_URL: owner, SEED_DEMO: 'true' });
  await waitForApi(`http://127.0.0.1:${rls.port}`, rls.child);
  await admin(
    `
    INSERT INTO tenders (id, tenant_id, reference, title, description, status, estimated_value)
    SELECT gen_random_uuid(), a.id, a.slug || '-B' || g, 'Bench tender ' || g, 'Generated for the benchmark', 'published', 1000 + g
      FROM authorities a CROSS JOIN generate_series(1, 9997) g WHERE a.slug IN ('northmere', 'southvale');
    ANALYZE tenders;`,
    owner,
  );
  const count = (await admin('SELECT count(*)::int AS n FROM tenders', owner)).rows[0].n;
  const norls = start('no-rls', 3102, { NODE_ENV: 'bench', COMMONWEAL_BENCH_WITHOUT_RLS: 'true', DATABASE_URL: owner, SEED_DEMO: 'false' });
  await waitForApi(`http://127.0.0.1:${norls.port}`, norls.child);
  const northmere = (await admin(`SELECT id FROM authorities WHERE slug = 'northmere'`, owner)).rows[0].id;
  const floor = start('floor', 3103, { DATABASE_URL: owner, TENANT_ID: northmere }, 'bench/floor-server.js');
  await waitForApi(`http://127.0.0.1:${floor.port}`, floor.child);

  const login = await fetch(`http://127.0.0.1:${rls.port}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'commissioner@northmere.test', password: 'commonweal-demo' }),
  }).then((r) => r.json());
  const auth = { authorization: `Bearer ${login.accessToken}` };
  const page = await fetch(`http://127.0.0.1:${rls.port}/api/v1/tenders`, { headers: auth }).then((r) => r.json());
  const pageNoRls = await fetch(`http://127.0.0.1:${norls.port}/api/v1/tenders`, { headers: auth }).then((r) => r.json());
  const pageFloor = await fetch(`http://127.0.0.1:${floor.port}/api/v1/tenders`).then((r) => r.json());
  if (page.items.length !== 20 || pageNoRls.items.length !== 20 || pageFloor.items.length !== 20) throw new Error('expected 20 rows per page');
  if (pageFloor.items[0].id !== page.items[0].id) throw new Error('the floor must read the same rows as the API');

  console.log(
    `commonweal bench:api — ${count} tenders, 20 per page, ${CONNECTIONS} connections, ${DURATION}s x ${ROUNDS} rounds, pool ${process.env.DATABASE_POOL_SIZE ?? 10}, servers on Node ${execFileSync(appNode(), ['--version']).toString().trim()}`,
  );
  await load(rls, '/api/v1/tenders', auth); // warm-up (JIT, pool, plans)
  await load(norls, '/api/v1/tenders', auth);
  await load(floor, '/api/v1/tenders');
  const runs = { a: [], b: [], c: [], d: [] };
  for (let i = 0; i < ROUNDS; i++) {
    runs.a.push(await load(rls, '/health'));
    runs.b.push(await load(rls, '/api/v1/tenders', auth));
    runs.c.push(await load(norls, '/api/v1/tenders', auth));
    runs.d.push(await load(floor, '/api/v1/tenders'));
    console.log(
      `  round ${i + 1}: a ${runs.a[i].rps.toFixed(0)}  b ${runs.b[i].rps.toFixed(0)}  c ${runs.c[i].rps.toFixed(0)}  d ${runs.d[i].rps.toFixed(0)} req/s`,
    );
  }
  const summary = Object.fromEntries(
    Object.entries(runs).map(([k, rs]) => [
      k,
      {
        rps: median(rs.map((r) => r.rps)),
        p50: median(rs.map((r) => r.p50)),
        p99: median(rs.map((r) => r.p99)),
        rss: Math.max(...rs.map((r) => r.rss)),
        cpu: Object.fromEntries(['server', 'postgres', 'load'].map((part) => [part, median(rs.map((r) => r.cpu[part]))])),
      },
    ]),
  );
  const label = { a: '(a) /health', b: '(b) tenant list, RLS', c: '(c) tenant list, no RLS', d: '(d) floor: bare NestJS + pg' };
  console.log('\n  case                       req/s (median)   p50 ms   p99 ms   peak RSS MB   CPU ms/request: server  PostgreSQL  autocannon');
  for (const k of ['a', 'b', 'c', 'd']) {
    const s = summary[k];
    const ms = (x) => x.toFixed(3).padStart(10);
    console.log(
      `  ${label[k].padEnd(26)} ${s.rps.toFixed(0).padStart(14)} ${String(s.p50).padStart(8)} ${String(s.p99).padStart(8)} ${s.rss.toFixed(0).padStart(13)}   ${' '.repeat(13)}${ms(s.cpu.server)}  ${ms(s.cpu.postgres)}  ${ms(s.cpu.load)}`,
    );
  }
  const ratio = summary.b.rps / summary.a.rps;
  const ofFloor = summary.b.rps / summary.d.rps;
  const overhead = summary.c.rps / summary.b.rps - 1;
  const rss = Math.max(summary.a.rss, summary.b.rss);
  const verdict = (ok) => (ok ? 'met' : 'MISSED');
  console.log(`\n  (b)/(a) = ${(ratio * 100).toFixed(1)}%  (target >= 35%: ${verdict(ratio >= 0.35)})`);
  console.log(`  RLS overhead (c)/(b) - 1 = ${(overhead * 100).toFixed(1)}%  (target <= 10%: ${verdict(overhead <= 0.1)})`);
  console.log(`  (b)/(d) = ${(ofFloor * 100).toFixed(1)}% of the framework's floor  (target >= 50%: ${verdict(ofFloor >= 0.5)})`);
  console.log(`  p99 of (b) = ${summary.b.p99} ms  (target < 50 ms: ${verdict(summary.b.p99 < 50)})`);
  console.log(`  API peak RSS under load = ${rss.toFixed(0)} MB  (target <= 256 MB: ${verdict(rss <= 256)})`);
} finally {
  for (const s of servers) s.kill('SIGTERM');
  await sleep(1500);
  await admin(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`).catch(() => {});
}
