#!/usr/bin/env node
// npm run bench:audit — the audit log's hash chain at scale, on real PostgreSQL (issue 16, item 1).
//
// (1) Appends 1,000,000 events across 20 authorities from 16 concurrent writers, each transaction as the
//     application opens one (BEGIN, the app role, the authority's context in one round trip), holding a few
//     events as a request that changes something records them, the content hash computed by the writer as
//     AuditLog does, the chain's trigger linking each. Half the events go to one authority, so its chain is
//     the contended one. Prints events/s, transactions/s and the p50/p99 of a transaction.
// (2) Verifies every authority's chain afterwards (each must hold), and times the verification of the big
//     authority's 500,000-event chain as the API does it: as the app role under row-level security, in one
//     read-only transaction, a page at a time.                                            target <= 10 s
// BENCH_EVENTS, BENCH_WRITERS, BENCH_PER_TX, BENCH_ROUNDS (verification rounds; the median is printed).
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { admin as adminOn, median, percentile, serverUrl, withDb } from './bench-db.js';
import { auditContentHash } from '../dist/libs/kernel/src/index.js';
import { verifyAuthorityChain } from '../dist/libs/platform/src/index.js';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 1_000_000);
const WRITERS = Number(process.env.BENCH_WRITERS ?? 16);
const PER_TX = Number(process.env.BENCH_PER_TX ?? 4);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const AUTHORITIES = 20;
const base = serverUrl('bench:audit');
const db = `commonweal_bench_audit_${Date.now()}`;
const owner = withDb(base, db);

const mb = (bytes) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

const v7 = () => {
  // UUIDv7 as the application makes them (time-ordered), without importing the uuid package here.
  const hex = Date.now().toString(16).padStart(12, '0') + randomUUID().replace(/-/g, '').slice(12);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-7${hex.slice(13, 16)}-${((parseInt(hex[16], 16) & 3) | 8).toString(16)}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
};

function row(tenantId, actor, n) {
  const e = {
    id: v7(),
    tenantId,
    occurredAt: new Date(),
    actorUserId: actor,
    actorApiKeyId: null,
    action: ['tender.updated', 'bid.submitted', 'contract.payment_recorded', 'cost.entry-recorded'][n % 4],
    entityType: ['tender', 'bid', 'contract', 'contract'][n % 4],
    entityId: v7(),
    requestId: `req-${n}`,
    data: { step: n, amount: `${(n % 9973) * 7}.50`, note: 'recorded by bench:audit', changes: { status: ['draft', 'published'] } },
  };
  return { ...e, contentHash: auditContentHash(e) };
}

let pool;
try {
  await adminOn(base, `CREATE DATABASE ${db}`);
  const migrated = spawnSync(process.execPath, ['bin/commonweal.js', 'migrate'], {
    env: { ...process.env, DATABASE_URL: owner, REDIS_URL: '', LOG_LEVEL: 'warn', JWT_SECRET: 'bench-secret-bench-secret-bench-secret-0123' },
    encoding: 'utf8',
  });
  if (migrated.status !== 0) throw new Error(`migrate failed: ${migrated.stderr}`);
  const tenants = Array.from({ length: AUTHORITIES }, () => v7());
  const actors = Array.from({ length: AUTHORITIES }, () => v7());
  for (let i = 0; i < AUTHORITIES; i++) {
    await adminOn(owner, `INSERT INTO authorities (id, slug, name) VALUES ($1, $2, $3)`, [tenants[i], `bench-${i}`, `Bench Authority ${i}`]);
  }

  // (1) Appends.
  pool = new pg.Pool({ connectionString: owner, max: WRITERS });
  const transactions = Math.ceil(EVENTS / PER_TX);
  let issued = 0;
  const latencies = [];
  const pick = (k) => (k % 2 === 0 ? 0 : 1 + (k % (AUTHORITIES - 1))); // half to authority 0
  const rss0 = process.memoryUsage().rss;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: WRITERS }, async () => {
      const client = await pool.connect();
      try {
        for (;;) {
          const k = issued++;
          if (k >= transactions) return;
          const a = pick(k);
          const rows = Array.from({ length: PER_TX }, (_, j) => row(tenants[a], actors[a], k * PER_TX + j));
          const t0 = performance.now();
          await client.query(`BEGIN; SET LOCAL ROLE commonweal_app; SELECT set_config('app.tenant_id', '${tenants[a]}', true)`);
          const params = [];
          const values = rows.map((r) => {
            params.push(r.id, r.tenantId, r.occurredAt, r.actorUserId, r.action, r.entityType, r.entityId, r.requestId, JSON.stringify(r.data), r.contentHash);
            const o = params.length - 10;
            return `($${o + 1}, $${o + 2}, $${o + 3}, $${o + 4}, $${o + 5}, $${o + 6}, $${o + 7}, $${o + 8}, $${o + 9}::jsonb, $${o + 10})`;
          });
          await client.query(
            `INSERT INTO audit_events (id, tenant_id, occurred_at, actor_user_id, action, entity_type, entity_id, request_id, data, content_hash) VALUES ${values.join(', ')}`,
            params,
          );
          await client.query('COMMIT');
          latencies.push(performance.now() - t0);
        }
      } finally {
        client.release();
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const [{ n }] = (await pool.query(`SELECT count(*)::int AS n FROM audit_events`)).rows;
  console.log(
    `\n(1) appended ${n.toLocaleString('en-GB')} events across ${AUTHORITIES} authorities from ${WRITERS} writers, ${PER_TX} a transaction, in ${seconds.toFixed(1)} s`,
  );
  console.log(`    ${Math.round(n / seconds).toLocaleString('en-GB')} events/s, ${Math.round(transactions / seconds).toLocaleString('en-GB')} transactions/s`);
  console.log(
    `    a transaction: p50 ${percentile(latencies, 50).toFixed(1)} ms, p99 ${percentile(latencies, 99).toFixed(1)} ms; bench RSS grew ${mb(process.memoryUsage().rss - rss0)}`,
  );
  if (n !== transactions * PER_TX) throw new Error(`expected ${transactions * PER_TX} events, found ${n}`);

  // (2) Verification, as the app role under RLS in a read-only transaction (what GET /api/v1/audit/verify does).
  const verifyAs = async (tenantId) => {
    const client = await pool.connect();
    try {
      await client.query(`BEGIN READ ONLY; SET LOCAL ROLE commonweal_app; SELECT set_config('app.tenant_id', '${tenantId}', true)`);
      const em = { query: async (sql, params) => (await client.query(sql, params)).rows };
      const t0 = performance.now();
      const result = await verifyAuthorityChain(em, tenantId);
      const ms = performance.now() - t0;
      await client.query('COMMIT');
      return { result, ms };
    } finally {
      client.release();
    }
  };
  for (let i = 1; i < AUTHORITIES; i++) {
    const { result } = await verifyAs(tenants[i]);
    if (!result.valid) throw new Error(`authority ${i}'s chain is broken: ${JSON.stringify(result.break)}`);
  }
  const times = [];
  let big;
  for (let r = 0; r < ROUNDS; r++) {
    const { result, ms } = await verifyAs(tenants[0]);
    if (!result.valid) throw new Error(`the big chain is broken: ${JSON.stringify(result.break)}`);
    big = result;
    times.push(ms);
  }
  console.log(
    `\n(2) every chain holds; the big authority's ${big.verified.toLocaleString('en-GB')} events verified in ${(median(times) / 1000).toFixed(2)} s (median of ${ROUNDS}; rounds ${times.map((t) => (t / 1000).toFixed(2)).join(', ')} s)  target <= 10 s`,
  );
  console.log(`    ${Math.round(big.verified / (median(times) / 1000)).toLocaleString('en-GB')} events/s; head ${big.head.seq} ${big.head.hash}`);
} finally {
  await pool?.end();
  if (!process.env.BENCH_KEEP) await adminOn(base, `DROP DATABASE IF EXISTS ${db} WITH (FORCE)`).catch(() => undefined);
  else console.log(`kept ${owner}`);
}
