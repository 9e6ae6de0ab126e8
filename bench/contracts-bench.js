#!/usr/bin/env node
// npm run bench:contracts — contract management at scale, on real PostgreSQL (issue 14).
//
// One authority (Northmere) with 2,000 active contracts, 5 outcome metrics each, 12 quarters of
// reports (the first 11 validated, with their payments; 1 in 20 below expectation and under review),
// and 20 fixed-fee instalments each. Prints p50/p95 of
//   (1) the contract manager's dashboard (GET /dashboard, signed in on the web)    target p95 <= 300 ms
//   (2) one contract's page (GET /contracts/:id, every section)                      target p95 <= 100 ms
//       and its outcomes in the API (GET /api/v1/contracts/:id/outcomes)
// and (3) the time to compute every contract's outcome payments for a quarter: read each metric's
// validated units and what it has earned so far, apply the price, attribution and caps (the product's
// own outcomePayment), and write the 10,000 lines in one transaction (rolled back)  target <= 2 s.
// Sequential requests after a warm-up; several rounds, medians of the per-round percentiles.
import { spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { admin as adminOn, appLogin, appArgs, appNode, median, percentile, serverUrl, waitForApi, withDb } from './bench-db.js';

const CONTRACTS = Number(process.env.BENCH_CONTRACTS ?? 2000);
const METRICS = 5;
const QUARTERS = 12;
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 60);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const base = serverUrl('bench:contracts');
const db = `commonweal_bench_contracts_${Date.now()}`;
const owner = withDb(base, db);
const admin = (sql, params) => adminOn(owner, sql, params);
const port = 3111;
let server;

/** Signs in on the web as a person and returns the session cookie. */
async function webSession(email) {
  const form = await fetch(`http://127.0.0.1:${port}/sign-in`);
  const pre = form.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await form.text())[1];
  const res = await fetch(`http://127.0.0.1:${port}/sign-in`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: pre },
    body: new URLSearchParams({ _csrf: csrf, email, password: 'commonweal-demo' }),
  });
  const session = res.headers.getSetCookie().find((c) => c.startsWith('cw_session='));
  if (!session) throw new Error(`could not sign in as ${email}: ${res.status}`);
  return session.split(';')[0];
}

async function timed(url, headers) {
  const times = [];
  for (let i = 0; i < REQUESTS; i++) {
    const t0 = performance.now();
    const res = await fetch(url, { headers });
    const body = await res.text();
    if (res.status !== 200) throw new Error(`${url}: ${res.status} ${body.slice(0, 200)}`);
    times.push(performance.now() - t0);
  }
  return { p50: percentile(times, 50), p95: percentile(times, 95), bytes: 0 };
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
      DATABASE_URL: appUrl,
      DATABASE_MIGRATION_URL: owner,
      SEED_DEMO: 'true',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  await waitForApi(`http://127.0.0.1:${port}`, server);

  const t0 = performance.now();
  // 2,000 awarded tenders, each with Brightpath's winning bid and an active contract that began three years ago.
  // Written as the database's owner with triggers off (bids are sealed after a deadline; award steps are append-only): the bench's history is made, not lived.
  await admin(`
    SET session_replication_role = replica;
    CREATE TEMP TABLE bench_ids AS
      SELECT g, gen_random_uuid() AS tender, gen_random_uuid() AS bid, gen_random_uuid() AS contract,
             (date_trunc('month', now()) - interval '36 months')::date AS starts
        FROM generate_series(1, ${CONTRACTS}) g;
    INSERT INTO tenders (id, tenant_id, reference, title, description, status, estimated_value)
      SELECT b.tender, a.id, 'NCC-BENCH-' || b.g, 'Bench service ' || b.g, 'Generated for the benchmark', 'awarded', 1200000
        FROM bench_ids b, authorities a WHERE a.slug = 'northmere';
    INSERT INTO bid_submissions (id, tenant_id, tender_id, provider_id, lot_key, version, answers, price, content_hash)
      SELECT b.bid, a.id, b.tender, p.id, 'lot-1', 1, '{}', 1200000, repeat('0', 64)
        FROM bench_ids b, authorities a, provider_organisations p WHERE a.slug = 'northmere' AND p.name = 'Brightpath Community Interest Company';
    INSERT INTO contracts (id, tenant_id, tender_id, bid_id, provider_id, lot_key, reference, title, awarded_value, value, currency, starts_on, ends_on,
                           payment_mechanism, minimum_fixed_fee, status, activated_at, awarded_at)
      SELECT b.contract, a.id, b.tender, b.bid, p.id, 'lot-1', 'NCC-BENCH-' || b.g, 'Bench service ' || b.g, 1200000, 1200000, 'GBP', b.starts,
             (b.starts + interval '5 years' - interval '1 day')::date, 'fixed_fee_plus_outcomes', 900000, 'active', now(), b.starts
        FROM bench_ids b, authorities a, provider_organisations p WHERE a.slug = 'northmere' AND p.name = 'Brightpath Community Interest Company';
    CREATE TEMP TABLE bench_metrics AS
      SELECT b.*, m, gen_random_uuid() AS metric FROM bench_ids b CROSS JOIN generate_series(1, ${METRICS}) m;
    INSERT INTO outcome_metrics (id, tenant_id, contract_id, code, title, definition, unit, baseline, target, measurement, validation_method, data_source,
                                 frequency, attribution_share, price_per_unit, period_cap, total_cap, context_model)
      SELECT x.metric, a.id, x.contract, 'M-' || x.m, 'Outcome ' || x.m, 'A bench outcome', 'person', 0.4, 0.55, 'Measured', 'Validated', 'Bench',
             'quarterly', 0.8, 150, 6000, 60000,
             '{"source":"bench","factors":[{"key":"deprivation_decile","label":"Decile","reference":"5","coefficient":"0.02"}]}'
        FROM bench_metrics x, authorities a WHERE a.slug = 'northmere';
    CREATE TEMP TABLE bench_reports AS
      SELECT x.*, q, gen_random_uuid() AS report, gen_random_uuid() AS validation,
             (x.starts + make_interval(months => 3 * (q - 1)))::date AS p_start, (x.starts + make_interval(months => 3 * q) - interval '1 day')::date AS p_end,
             80 AS cohort, 40 + ((x.g + x.m + q) % 9) AS achieved
        FROM bench_metrics x CROSS JOIN generate_series(1, ${QUARTERS}) q;
    INSERT INTO outcome_reports (id, tenant_id, contract_id, metric_id, provider_id, period, period_starts_on, period_ends_on, cohort, achieved, population, narrative, reported_at)
      SELECT r.report, c.tenant_id, r.contract, r.metric, c.provider_id, r.q, r.p_start, r.p_end, r.cohort, r.achieved, '{"deprivation_decile":"4.2"}', 'Bench return', r.p_end + 20
        FROM bench_reports r JOIN contracts c ON c.id = r.contract;
    INSERT INTO outcome_validations (id, tenant_id, report_id, provider_id, decision, units, target, expected, result_rate, validated_at)
      SELECT r.validation, c.tenant_id, r.report, c.provider_id, 'accepted', r.achieved, 0.55, 0.534, round(r.achieved::numeric / r.cohort, 4), r.p_end + 45
        FROM bench_reports r JOIN contracts c ON c.id = r.contract WHERE r.q < ${QUARTERS};
    INSERT INTO contract_payments (id, tenant_id, contract_id, provider_id, kind, number, label, due_on, amount, earned, metric_id, validation_id, status,
                                   approved_by, approved_at, paid_on, paid_by)
      SELECT gen_random_uuid(), c.tenant_id, r.contract, c.provider_id, 'outcome', r.q, 'Bench outcome payment', r.p_end + 45, r.achieved * 120, r.achieved * 120,
             r.metric, r.validation, 'paid', u.id, now(), r.p_end + 60, u.id
        FROM bench_reports r JOIN contracts c ON c.id = r.contract, users u WHERE r.q < ${QUARTERS} AND u.email = 'contracts@northmere.test';
    INSERT INTO contract_payments (id, tenant_id, contract_id, provider_id, kind, number, label, due_on, amount, status)
      SELECT gen_random_uuid(), c.tenant_id, c.id, c.provider_id, 'fixed_fee', i, 'Fixed fee, instalment ' || i, (c.starts_on + make_interval(months => 3 * i) - interval '1 day')::date, 45000, 'scheduled'
        FROM contracts c CROSS JOIN generate_series(1, 20) i WHERE c.reference LIKE 'NCC-BENCH-%';
    INSERT INTO outcome_reviews (id, tenant_id, contract_id, metric_id, validation_id, provider_id, period, expected, result_rate, explain_by, opened_at)
      SELECT gen_random_uuid(), c.tenant_id, r.contract, r.metric, r.validation, c.provider_id, r.q, 0.7, round(r.achieved::numeric / r.cohort, 4), current_date + 14, now()
        FROM bench_reports r JOIN contracts c ON c.id = r.contract WHERE r.q = ${QUARTERS - 1} AND r.m = 1 AND r.g % 20 = 0;
    ANALYZE;`);
  const counts = (
    await admin(`SELECT (SELECT count(*) FROM contracts WHERE status = 'active')::int AS contracts, (SELECT count(*) FROM outcome_reports)::int AS reports,
                        (SELECT count(*) FROM contract_payments)::int AS payments`)
  ).rows[0];
  console.log(
    `commonweal bench:contracts — ${counts.contracts} active contracts, ${METRICS} metrics each, ${counts.reports} reports, ${counts.payments} payment lines (made in ${((performance.now() - t0) / 1000).toFixed(1)} s); ${REQUESTS} sequential requests x ${ROUNDS} rounds`,
  );

  const session = { cookie: await webSession('contracts@northmere.test') };
  const login = await fetch(`http://127.0.0.1:${port}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'contracts@northmere.test', password: 'commonweal-demo' }),
  }).then((r) => r.json());
  const api = { authorization: `Bearer ${login.accessToken}` };
  const one = (await admin(`SELECT id FROM contracts WHERE reference = $1`, [`NCC-BENCH-${Math.ceil(CONTRACTS / 2)}`])).rows[0].id; // one in the middle
  const cases = {
    dashboard: [`http://127.0.0.1:${port}/dashboard`, session],
    page: [`http://127.0.0.1:${port}/contracts/${one}`, session],
    outcomes: [`http://127.0.0.1:${port}/api/v1/contracts/${one}/outcomes`, api],
  };
  for (const [url, h] of Object.values(cases)) await timed(url, h); // warm-up
  const runs = { dashboard: [], page: [], outcomes: [], payments: [] };

  const { outcomePayment } = await import('../dist/libs/contracts/src/outcomes/outcome-payment.js');
  const client = new pg.Client({ connectionString: owner });
  await client.connect();
  /** A quarter's outcome payments for every contract: read, compute with the product's rule, write (rolled back). */
  async function quarterPayments() {
    const t = performance.now();
    await client.query('BEGIN');
    const { rows } = await client.query(
      `SELECT r.contract_id, r.metric_id, r.period, v.id AS validation, v.units, m.price_per_unit::text AS price, m.attribution_share::text AS share,
              m.period_cap::text AS period_cap, m.total_cap::text AS total_cap, c.tenant_id, c.provider_id,
              (c.awarded_value - COALESCE(c.minimum_fixed_fee, 0))::text AS contract_cap,
              COALESCE(pm.paid, 0)::text AS paid_metric, COALESCE(pc.paid, 0)::text AS paid_contract
         FROM outcome_reports r
         JOIN outcome_validations v ON v.tenant_id = r.tenant_id AND v.report_id = r.id
         JOIN outcome_metrics m ON m.tenant_id = r.tenant_id AND m.id = r.metric_id
         JOIN contracts c ON c.tenant_id = r.tenant_id AND c.id = r.contract_id
         LEFT JOIN (SELECT metric_id, sum(amount) AS paid FROM contract_payments WHERE kind = 'outcome' AND number < $1 GROUP BY metric_id) pm ON pm.metric_id = r.metric_id
         LEFT JOIN (SELECT contract_id, sum(amount) AS paid FROM contract_payments WHERE kind = 'outcome' AND number < $1 GROUP BY contract_id) pc ON pc.contract_id = r.contract_id
        WHERE r.period = $1`,
      [QUARTERS - 1],
    );
    const lines = rows.map((r) => ({
      r,
      p: outcomePayment({
        units: r.units,
        pricePerUnit: r.price,
        attributionShare: r.share,
        periodCap: r.period_cap,
        metricCap: r.total_cap,
        paidOnMetric: r.paid_metric,
        contractCap: r.contract_cap,
        paidOnContract: r.paid_contract,
      }),
    }));
    const computed = performance.now() - t;
    await client.query(`DELETE FROM contract_payments WHERE kind = 'outcome' AND number = $1`, [QUARTERS - 1]);
    await client.query(
      `INSERT INTO contract_payments (id, tenant_id, contract_id, provider_id, kind, number, label, due_on, amount, earned, capped_by, metric_id, validation_id)
       SELECT gen_random_uuid(), x.tenant_id, x.contract_id, x.provider_id, 'outcome', x.period, 'Bench outcome payment', current_date, x.amount, x.earned,
              x.capped_by, x.metric_id, x.validation
         FROM jsonb_to_recordset($1::jsonb) AS x(tenant_id uuid, contract_id uuid, provider_id uuid, period int, amount numeric, earned numeric,
                                                 capped_by text, metric_id uuid, validation uuid)`,
      [
        JSON.stringify(
          lines.map(({ r, p }) => ({
            tenant_id: r.tenant_id,
            contract_id: r.contract_id,
            provider_id: r.provider_id,
            period: r.period,
            amount: p.amount,
            earned: p.earned,
            capped_by: p.cappedBy,
            metric_id: r.metric_id,
            validation: r.validation,
          })),
        ),
      ],
    );
    await client.query('ROLLBACK');
    return { ms: performance.now() - t, computed, lines: lines.length, capped: lines.filter((l) => l.p.cappedBy).length };
  }
  await quarterPayments(); // warm-up

  for (let i = 0; i < ROUNDS; i++) {
    for (const [k, [url, h]] of Object.entries(cases)) runs[k].push(await timed(url, h));
    runs.payments.push(await quarterPayments());
    console.log(
      `  round ${i + 1}: dashboard p95 ${runs.dashboard[i].p95.toFixed(0)} ms, contract page p95 ${runs.page[i].p95.toFixed(0)} ms, outcomes API p95 ${runs.outcomes[i].p95.toFixed(0)} ms, quarter's payments ${runs.payments[i].ms.toFixed(0)} ms`,
    );
  }
  await client.end();
  const verdict = (ok) => (ok ? 'met' : 'MISSED');
  const m = (k, f) => median(runs[k].map((r) => r[f]));
  console.log('\n  case                              p50 ms   p95 ms (medians of rounds)');
  console.log(
    `  contract manager's dashboard   ${m('dashboard', 'p50').toFixed(1).padStart(9)} ${m('dashboard', 'p95').toFixed(1).padStart(8)}   (target p95 <= 300: ${verdict(m('dashboard', 'p95') <= 300)})`,
  );
  console.log(
    `  one contract's page            ${m('page', 'p50').toFixed(1).padStart(9)} ${m('page', 'p95').toFixed(1).padStart(8)}   (target p95 <= 100: ${verdict(m('page', 'p95') <= 100)})`,
  );
  console.log(`  one contract's outcomes (API)  ${m('outcomes', 'p50').toFixed(1).padStart(9)} ${m('outcomes', 'p95').toFixed(1).padStart(8)}`);
  const pay = runs.payments.at(-1);
  console.log(
    `  a quarter's outcome payments, every contract: ${m('payments', 'ms').toFixed(0)} ms median (${pay.lines} lines, ${pay.capped} capped; read and computed in ${m('payments', 'computed').toFixed(0)} ms)  (target <= 2000: ${verdict(m('payments', 'ms') <= 2000)})`,
  );
} finally {
  server?.kill('SIGTERM');
  await sleep(1500);
  if (process.env.BENCH_KEEP) console.log(`  kept the database ${db} (BENCH_KEEP)`);
  else await adminOn(base, `DROP DATABASE IF EXISTS ${db} WITH (FORCE)`).catch(() => {});
}
