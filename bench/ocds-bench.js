#!/usr/bin/env node
// npm run bench:ocds — an authority's bulk download of its Open Contracting releases (issue 16, item 3).
//
// One authority with 10,000 contracting processes, each a tender, its award (pending, then made), a signed
// contract and its implementation (payments, KPI measurements, an assessment): the releases built by the
// application's own pure code (processReleases) and stored as the publication job stores them. The API
// (built, on the app role under row-level security) streams GET /api/v1/public/ocds/authorities/SLUG/releases;
// the client gunzips and parses what it receives and checks every release arrived. Prints the time and the
// API's resident memory before and at its peak while streaming, each round.
//                                                targets: <= 30 s, API memory growth <= 50 MB while streaming
// BENCH_PROCESSES (10,000), BENCH_ROUNDS (3; medians printed); BENCH_API_FLAGS (node flags for the API, e.g.
// --trace-gc or --heapsnapshot-signal=SIGUSR2) and BENCH_API_STDOUT=1 (the API's standard output shown) to look into it.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { createGunzip } from 'node:zlib';
import { Readable } from 'node:stream';
import { admin as adminOn, appLogin, appArgs, appNode, median, rssMb, peakRss, serverUrl, waitForApi, withDb } from './bench-db.js';
import { processReleases } from '../dist/libs/transparency/src/index.js';

const PROCESSES = Number(process.env.BENCH_PROCESSES ?? 10_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const PORT = 3111;
const PREFIX = 'ocds-cmnwl0';
const base = serverUrl('bench:ocds');
const db = `commonweal_bench_ocds_${Date.now()}`;
const owner = withDb(base, db);
const admin = (sql, params) => adminOn(owner, sql, params);

const buyer = { id: randomUUID(), name: 'Bench Borough Council' };
const good = { code: 'met', name: 'Good' };
function facts(i, tenderId) {
  const supplier = { id: randomUUID(), name: `Provider ${i % 250}` };
  const value = `${100000 + (i % 9000) * 137}.50`;
  const paid = [1, 2, 3, 4].map((q) => ({ id: randomUUID(), paidOn: `2024-${String(3 + q * 2).padStart(2, '0')}-10`, amount: '10000.00' }));
  return {
    tender: {
      id: tenderId,
      reference: `BBC-${i}`,
      title: `Service ${i}`,
      description: 'Generated for bench:ocds',
      status: 'awarded',
      estimatedValue: value,
      currency: 'GBP',
      publishedAt: '2024-01-10T09:00:00.000Z',
      submissionDeadline: '2024-02-20T12:00:00.000Z',
      buyer,
      documents: [],
      numberOfTenderers: 3,
    },
    awards: [
      { id: 'lot-1', title: `Service ${i}`, status: 'pending', date: '2024-03-01T10:00:00.000Z', value, currency: 'GBP', supplier },
      { id: 'lot-1', title: `Service ${i}`, status: 'active', date: '2024-03-15T10:00:00.000Z', value, currency: 'GBP', supplier },
    ],
    contracts: [
      {
        id: randomUUID(),
        awardId: 'lot-1',
        title: `Service ${i}`,
        status: 'active',
        value,
        currency: 'GBP',
        startsOn: '2024-04-01',
        endsOn: '2027-03-31',
        dateSigned: '2024-03-20T10:00:00.000Z',
        supplier,
        story: {
          amendments: [],
          implementation: {
            transactions: paid,
            // Its payment schedule: the four paid and four to come.
            schedule: [
              ...paid.map((p, q) => ({ id: p.id, label: `Fixed fee ${q + 1}`, kind: 'fixed_fee', dueOn: p.paidOn, amount: p.amount, paidOn: p.paidOn })),
              ...[5, 6, 7, 8].map((q) => ({
                id: randomUUID(),
                label: `Fixed fee ${q}`,
                kind: 'fixed_fee',
                dueOn: `2025-${String(q).padStart(2, '0')}-10`,
                amount: '10000.00',
                paidOn: null,
              })),
            ],
            kpis: [1, 2].map((k) => ({
              code: `KPI-${k}`,
              title: `Indicator ${k}`,
              unit: 'per cent',
              direction: 'higher',
              good: '90',
              measurements: [1, 2, 3, 4].map((q) => ({
                id: randomUUID(),
                periodEndsOn: `2024-${String(3 + q * 2).padStart(2, '0')}-01`,
                value: String(85 + q),
                rating: good,
                recordedAt: `2024-${String(3 + q * 2).padStart(2, '0')}-05T09:00:00.000Z`,
              })),
            })),
            outcomes: [],
            assessments: [
              {
                id: randomUUID(),
                sequence: 1,
                occasion: 'yearly',
                periodFrom: '2024-04-01',
                periodTo: '2025-03-31',
                rating: good,
                summary: 'On track',
                assessedAt: '2025-04-20T12:00:00.000Z',
              },
            ],
            socialValue: [],
          },
        },
      },
    ],
  };
}

let api;
let finished = false;
try {
  await adminOn(base, `CREATE DATABASE ${db}`);
  const appUrl = await appLogin(base, db);
  api = spawn(appNode(), appArgs('dist/apps/api/src/main.js'), {
    env: {
      ...process.env,
      PORT: String(PORT),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      JWT_SECRET: 'bench-secret-bench-secret-bench-secret-0123',
      REDIS_URL: '',
      SEED_DEMO: 'false',
      DATABASE_URL: appUrl,
      DATABASE_MIGRATION_URL: owner,
    },
    stdio: ['ignore', process.env.BENCH_API_STDOUT ? 'inherit' : 'ignore', 'inherit'],
  });
  // Said if the API dies before the bench ends (it is killed at the end, which is not news).
  api.on('exit', (code, signal) => finished || console.error(`the API exited early: code ${code}, signal ${signal}`));
  await waitForApi(`http://127.0.0.1:${PORT}`, api);

  // The authority's processes and their releases, stored as the publication job stores them.
  await admin(`INSERT INTO authorities (id, slug, name) VALUES ($1, 'bench-borough', $2)`, [buyer.id, buyer.name]);
  const started = performance.now();
  let releases = 0;
  const BATCH = 500;
  for (let from = 0; from < PROCESSES; from += BATCH) {
    const ids = Array.from({ length: Math.min(BATCH, PROCESSES - from) }, () => randomUUID());
    await admin(
      `INSERT INTO tenders (id, tenant_id, reference, title, description, status, estimated_value, published_at)
       SELECT id, $2, 'BBC-' || (n + $3), 'Service ' || (n + $3), 'Generated for bench:ocds', 'awarded', 100000, '2024-01-10T09:00:00Z'
         FROM unnest($1::uuid[]) WITH ORDINALITY AS x(id, n)`,
      [ids, buyer.id, from],
    );
    const rows = ids.flatMap((id, k) => processReleases(PREFIX, facts(from + k, id)).map((r) => ({ tenderId: id, r })));
    await admin(
      `INSERT INTO ocds_releases (tenant_id, id, ocid, tender_id, tag, date, release)
       SELECT $1, x.id, x.ocid, x.tender_id, x.tag, x.date, x.release
         FROM unnest($2::text[], $3::text[], $4::uuid[], $5::text[], $6::timestamptz[], $7::jsonb[]) AS x(id, ocid, tender_id, tag, date, release)`,
      [
        buyer.id,
        rows.map((x) => x.r.id),
        rows.map((x) => x.r.ocid),
        rows.map((x) => x.tenderId),
        rows.map((x) => x.r.tag[0]),
        rows.map((x) => x.r.date),
        rows.map((x) => JSON.stringify(x.r)),
      ],
    );
    releases += rows.length;
  }
  await admin('ANALYZE ocds_releases');
  console.log(
    `commonweal bench:ocds — ${PROCESSES} processes, ${releases} releases stored in ${((performance.now() - started) / 1000).toFixed(1)} s; ${ROUNDS} rounds`,
  );

  const rounds = [];
  for (let round = 0; round <= ROUNDS; round++) {
    const before = rssMb(api.pid);
    const rss = peakRss(api.pid, 50);
    const t0 = performance.now();
    const res = await fetch(`http://127.0.0.1:${PORT}/api/v1/public/ocds/authorities/bench-borough/releases`);
    if (res.status !== 200) throw new Error(`download answered ${res.status}`);
    let gz = 0;
    const chunks = [];
    const body = Readable.fromWeb(res.body);
    body.on('data', (c) => (gz += c.length));
    for await (const c of body.pipe(createGunzip())) chunks.push(c);
    const seconds = (performance.now() - t0) / 1000;
    const peak = rss.stop();
    const json = Buffer.concat(chunks);
    const pkg = JSON.parse(json.toString('utf8'));
    if (pkg.releases.length !== releases) throw new Error(`expected ${releases} releases, got ${pkg.releases.length}`);
    const r = { seconds, before, peak, growth: peak - before, gzMb: gz / 1048576, jsonMb: json.length / 1048576 };
    console.log(
      `  ${round === 0 ? 'warm-up' : `round ${round}`}: ${seconds.toFixed(2)} s, ${r.gzMb.toFixed(1)} MB gzipped (${r.jsonMb.toFixed(1)} MB of JSON), API RSS ${before.toFixed(0)} -> peak ${peak.toFixed(0)} MB (+${r.growth.toFixed(0)} MB)`,
    );
    if (round > 0) rounds.push(r);
  }
  const seconds = median(rounds.map((r) => r.seconds));
  const growth = median(rounds.map((r) => r.growth));
  const verdict = (ok) => (ok ? 'met' : 'NOT met');
  console.log(`  median download = ${seconds.toFixed(2)} s  (target <= 30 s: ${verdict(seconds <= 30)})`);
  console.log(`  median API memory growth while streaming = ${growth.toFixed(0)} MB  (target <= 50 MB: ${verdict(growth <= 50)})`);
} finally {
  finished = true;
  api?.kill();
  await sleep(500);
  await adminOn(base, `DROP DATABASE IF EXISTS ${db} WITH (FORCE)`).catch(() => {});
}
