#!/usr/bin/env node
// npm run bench:wlc — whole-life cost at scale, on real PostgreSQL (issue 15).
//
// One authority (Northmere) with 2,000 active contracts from 200 commissioning cycles (each with its
// delivery decision's comparator and 50 lines of development and procurement costs, shared among its ten
// contracts), and 1,000,000 ledger lines: 500 a contract of fees, outcome payments, staff time and the rest,
// over three years. Prints, measured in the same run:
//   (1) the portfolio route (GET /api/v1/costs/portfolio) p50 against the raw SQL aggregate of the same
//       sums (every contract's actual, service and deductions, its cycle's share)  target <= 1.5x and <= 500 ms
//   (2) one contract's figures with its ten-year view (GET /api/v1/contracts/:id/costs) p50     target <= 50 ms
//   (3) a 100,000-line CSV import (POST /api/v1/contracts/:id/costs/import, one transaction)     target <= 10 s
// Sequential requests after a warm-up; several rounds, medians of the per-round figures.
import { spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { admin as adminOn, appLogin, appArgs, appNode, median, percentile, serverUrl, waitForApi, withDb } from './bench-db.js';

const CONTRACTS = Number(process.env.BENCH_CONTRACTS ?? 2000);
const LINES = Number(process.env.BENCH_LINES ?? 500);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 20);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const IMPORT_LINES = Number(process.env.BENCH_IMPORT_LINES ?? 100_000);
const base = serverUrl('bench:wlc');
const db = `commonweal_bench_wlc_${Date.now()}`;
const owner = withDb(base, db);
const admin = (sql, params) => adminOn(owner, sql, params);
const port = 3112;
let server;

async function timed(url, headers) {
  const times = [];
  let bytes = 0;
  for (let i = 0; i < REQUESTS; i++) {
    const t0 = performance.now();
    const res = await fetch(url, { headers });
    const body = await res.text();
    if (res.status !== 200) throw new Error(`${url}: ${res.status} ${body.slice(0, 200)}`);
    times.push(performance.now() - t0);
    bytes = body.length;
  }
  return { p50: percentile(times, 50), p95: percentile(times, 95), bytes };
}

try {
  await adminOn(base, `CREATE DATABASE ${db}`);
  const appUrl = await appLogin(base, db);
  server = spawn(appNode(), appArgs('dist/apps/api/src/main.js'), {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      JWT_SECRET: 'bench-secret-bench-secret-bench-secret-0123',
      REDIS_URL: '',
      LOGIN_RATE_LIMIT: '1000',
      IMPORT_BODY_LIMIT: '50mb',
      DATABASE_URL: appUrl,
      DATABASE_MIGRATION_URL: owner,
      SEED_DEMO: 'true',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  await waitForApi(`http://127.0.0.1:${port}`, server);

  const t0 = performance.now();
  // Written as the database's owner with triggers off (the ledger is append-only; bids are sealed): the bench's history is made, not lived.
  await admin(`
    SET session_replication_role = replica;
    CREATE TEMP TABLE bench_cycles AS SELECT k, gen_random_uuid() AS cycle FROM generate_series(1, ${CONTRACTS / 10}) k;
    INSERT INTO commissioning_cycles (id, tenant_id, reference, title, purpose, accountability, success, review_by, service_category)
      SELECT c.cycle, a.id, 'NCC-CYC-BENCH-' || c.k, 'Bench cycle ' || c.k, 'p', 'a', 's', current_date + 365, 'bench-' || (c.k % 7)
        FROM bench_cycles c, authorities a WHERE a.slug = 'northmere';
    INSERT INTO delivery_decisions (id, tenant_id, cycle_id, version, chosen, decision, in_house_comparator_cost, for_profit_eligible, decided_at)
      SELECT gen_random_uuid(), a.id, c.cycle, 1, 'competitive_tender', '{"contract":{"annualValue":"400000","lengthMonths":60,"capitalRequirement":"0"}}',
             1400000, true, now() - interval '4 years'
        FROM bench_cycles c, authorities a WHERE a.slug = 'northmere';
    CREATE TEMP TABLE bench_ids AS
      SELECT g, gen_random_uuid() AS tender, gen_random_uuid() AS bid, gen_random_uuid() AS contract,
             (SELECT cycle FROM bench_cycles WHERE k = 1 + (g - 1) % ${CONTRACTS / 10}) AS cycle,
             (date_trunc('month', now()) - interval '36 months')::date AS starts
        FROM generate_series(1, ${CONTRACTS}) g;
    INSERT INTO tenders (id, tenant_id, reference, title, description, status, estimated_value, cycle_id)
      SELECT b.tender, a.id, 'NCC-BENCH-' || b.g, 'Bench service ' || b.g, 'Generated for the benchmark', 'awarded', 1200000, b.cycle
        FROM bench_ids b, authorities a WHERE a.slug = 'northmere';
    INSERT INTO bid_submissions (id, tenant_id, tender_id, provider_id, lot_key, version, answers, price, content_hash)
      SELECT b.bid, a.id, b.tender, p.id, 'lot-1', 1, '{}', 1200000 + b.g, repeat('0', 64)
        FROM bench_ids b, authorities a, provider_organisations p WHERE a.slug = 'northmere' AND p.name = 'Brightpath Community Interest Company';
    INSERT INTO contracts (id, tenant_id, tender_id, bid_id, provider_id, lot_key, reference, title, awarded_value, value, currency, starts_on, ends_on,
                           payment_mechanism, minimum_fixed_fee, status, activated_at, awarded_at)
      SELECT b.contract, a.id, b.tender, b.bid, p.id, 'lot-1', 'NCC-BENCH-' || b.g, 'Bench service ' || b.g, 1200000 + b.g, 1200000 + b.g, 'GBP', b.starts,
             (b.starts + interval '5 years' - interval '1 day')::date, 'fixed_fee_plus_outcomes', 900000, 'active', now(), b.starts - 30
        FROM bench_ids b, authorities a, provider_organisations p WHERE a.slug = 'northmere' AND p.name = 'Brightpath Community Interest Company';
    INSERT INTO cost_entries (id, tenant_id, cycle_id, occurred_on, amount, basis, bearer, type, phase, classification, description, source)
      SELECT gen_random_uuid(), a.id, c.cycle, current_date - 1200 - i, 100 + i * 13, 'actual', 'authority', 'purchased',
             CASE WHEN i % 2 = 0 THEN 'development' ELSE 'procurement' END, CASE WHEN i % 2 = 0 THEN 'business-case' ELSE 'procurement-costs' END,
             'Bench cycle cost ' || i, 'entered'
        FROM bench_cycles c CROSS JOIN generate_series(1, 50) i, authorities a WHERE a.slug = 'northmere';
    INSERT INTO cost_entries (id, tenant_id, contract_id, occurred_on, amount, basis, bearer, type, phase, classification, description, source)
      SELECT gen_random_uuid(), a.id, b.contract, b.starts, 1200000 + b.g, 'committed', 'authority', 'purchased', 'operational', 'outcome-payments',
             'Contract signed: value at award', 'signature'
        FROM bench_ids b, authorities a WHERE a.slug = 'northmere';
    INSERT INTO cost_entries (id, tenant_id, contract_id, occurred_on, amount, basis, bearer, type, phase, classification, hours, hourly_rate, description, source)
      SELECT gen_random_uuid(), a.id, b.contract, b.starts + (i * 1000 / ${LINES}),
             CASE WHEN i % 5 = 0 THEN 7.5 * 32.4 WHEN i % 5 = 1 THEN 45000 ELSE 120 + (i % 17) * 10 END,
             'actual', 'authority', CASE WHEN i % 5 = 0 THEN 'staff_time' ELSE 'purchased' END, 'operational',
             (ARRAY['outcome-validation', 'contract-payments', 'outcome-payments', 'quality-audit', 'evaluation-learning'])[1 + i % 5],
             CASE WHEN i % 5 = 0 THEN 7.5 END, CASE WHEN i % 5 = 0 THEN 32.4 END, 'Bench cost ' || i, 'entered'
        FROM bench_ids b CROSS JOIN generate_series(1, ${LINES - 1}) i, authorities a WHERE a.slug = 'northmere';
    ANALYZE;`);
  const counts = (await admin(`SELECT count(*)::int AS lines, count(DISTINCT contract_id)::int AS contracts FROM cost_entries`)).rows[0];
  console.log(
    `commonweal bench:wlc — ${counts.contracts} contracts, ${counts.lines} ledger lines (made in ${((performance.now() - t0) / 1000).toFixed(1)} s); ${REQUESTS} sequential requests x ${ROUNDS} rounds`,
  );

  const login = await fetch(`http://127.0.0.1:${port}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'auditor@northmere.test', password: 'commonweal-demo' }),
  }).then((r) => r.json());
  const api = { authorization: `Bearer ${login.accessToken}` };
  const cm = await fetch(`http://127.0.0.1:${port}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'contracts@northmere.test', password: 'commonweal-demo' }),
  }).then((r) => r.json());
  const one = (await admin(`SELECT id FROM contracts WHERE reference = $1`, [`NCC-BENCH-${Math.ceil(CONTRACTS / 2)}`])).rows[0].id; // one in the middle
  const portfolioUrl = `http://127.0.0.1:${port}/api/v1/costs/portfolio`;
  const contractUrl = `http://127.0.0.1:${port}/api/v1/contracts/${one}/costs`;

  // The raw aggregate of the same sums, as the owner on a connection of its own (no API, no RLS, no arithmetic after).
  const client = new pg.Client({ connectionString: owner });
  await client.connect();
  const SERVICE = ['contract-payments', 'outcome-payments'];
  async function raw() {
    const times = [];
    for (let i = 0; i < REQUESTS; i++) {
      const t = performance.now();
      await client.query(
        `WITH cv AS (SELECT t.cycle_id, sum(c.awarded_value) AS total FROM contracts c JOIN tenders t ON t.id = c.tender_id WHERE t.cycle_id IS NOT NULL GROUP BY t.cycle_id),
              own AS (SELECT contract_id, sum(amount) AS actual, sum(amount) FILTER (WHERE classification = ANY($1)) AS service,
                             sum(amount) FILTER (WHERE source = 'payment' AND amount < 0) AS deductions
                        FROM cost_entries WHERE contract_id IS NOT NULL AND basis = 'actual' GROUP BY contract_id),
              cyc AS (SELECT cycle_id, sum(amount) AS actual FROM cost_entries WHERE cycle_id IS NOT NULL AND basis = 'actual' GROUP BY cycle_id)
         SELECT c.id, own.actual, own.service, own.deductions, cyc.actual * c.awarded_value / cv.total AS shared
           FROM contracts c JOIN tenders t ON t.id = c.tender_id LEFT JOIN own ON own.contract_id = c.id
           LEFT JOIN cyc ON cyc.cycle_id = t.cycle_id LEFT JOIN cv ON cv.cycle_id = t.cycle_id`,
        [SERVICE],
      );
      times.push(performance.now() - t);
    }
    return { p50: percentile(times, 50), p95: percentile(times, 95) };
  }

  const header = 'occurred_on,amount,bearer,type,phase,classification,hours,hourly_rate,description';
  const csv = `${header}\n${Array.from({ length: IMPORT_LINES }, (_, i) => `2025-${String(1 + (i % 12)).padStart(2, '0')}-15,${(10 + (i % 500)).toFixed(2)},authority,purchased,operational,outcome-validation,,,"Bench import line ${i + 2}"`).join('\n')}\n`;
  async function importOnce(g) {
    const target = (await admin(`SELECT id FROM contracts WHERE reference = $1`, [`NCC-BENCH-${g}`])).rows[0].id;
    const t = performance.now();
    const res = await fetch(`http://127.0.0.1:${port}/api/v1/contracts/${target}/costs/import`, {
      method: 'POST',
      headers: { authorization: `Bearer ${cm.accessToken}`, 'content-type': 'text/csv' },
      body: csv,
    });
    const body = await res.json();
    if (res.status !== 201 || body.entries !== IMPORT_LINES) throw new Error(`import: ${res.status} ${JSON.stringify(body).slice(0, 300)}`);
    return performance.now() - t;
  }

  await timed(portfolioUrl, api); // warm-up
  await timed(contractUrl, api);
  await raw();
  const runs = { portfolio: [], raw: [], contract: [], import: [] };
  let rows = 0;
  for (let i = 0; i < ROUNDS; i++) {
    runs.raw.push(await raw());
    const p = await timed(portfolioUrl, api);
    runs.portfolio.push(p);
    runs.contract.push(await timed(contractUrl, api));
    runs.import.push(await importOnce(1 + i));
    rows = p.bytes;
    console.log(
      `  round ${i + 1}: portfolio p50 ${p.p50.toFixed(0)} ms (raw SQL ${runs.raw[i].p50.toFixed(0)} ms), one contract p50 ${runs.contract[i].p50.toFixed(1)} ms, import ${(runs.import[i] / 1000).toFixed(2)} s`,
    );
  }
  await client.end();
  const verdict = (ok) => (ok ? 'met' : 'MISSED');
  const m = (k, f) => median(runs[k].map((r) => (f ? r[f] : r)));
  const ratio = m('portfolio', 'p50') / m('raw', 'p50');
  console.log('\n  case                                        p50 ms   p95 ms (medians of rounds)');
  console.log(`  raw SQL aggregate of the same sums      ${m('raw', 'p50').toFixed(1).padStart(9)} ${m('raw', 'p95').toFixed(1).padStart(8)}`);
  console.log(
    `  GET /api/v1/costs/portfolio             ${m('portfolio', 'p50').toFixed(1).padStart(9)} ${m('portfolio', 'p95').toFixed(1).padStart(8)}   ${ratio.toFixed(2)}x the raw SQL (target <= 1.5x and <= 500 ms: ${verdict(ratio <= 1.5 && m('portfolio', 'p50') <= 500)}); ${(rows / 1024).toFixed(0)} KiB`,
  );
  console.log(
    `  one contract's figures and ten-year view ${m('contract', 'p50').toFixed(1).padStart(8)} ${m('contract', 'p95').toFixed(1).padStart(8)}   (target p50 <= 50: ${verdict(m('contract', 'p50') <= 50)})`,
  );
  console.log(
    `  ${IMPORT_LINES.toLocaleString('en-GB')}-line CSV import: ${(m('import') / 1000).toFixed(2)} s median   (target <= 10 s: ${verdict(m('import') <= 10_000)})`,
  );
} finally {
  server?.kill('SIGTERM');
  await sleep(1500);
  if (process.env.BENCH_KEEP) console.log(`  kept the database ${db} (BENCH_KEEP)`);
  else await adminOn(base, `DROP DATABASE IF EXISTS ${db} WITH (FORCE)`).catch(() => {});
}
