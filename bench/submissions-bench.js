#!/usr/bin/env node
// npm run bench:submissions — concurrent sealed-bid submissions on real PostgreSQL, through HTTP.
//
// The API exactly as it is deployed: dist/apps/api/src/main.js in a process of its own, on `BENCH_NODE` (the
// Node the Docker image runs) with the image's node flags and any of `BENCH_API_FLAGS`, signed in to PostgreSQL as
// a login role under row-level security, on a database of its own (`BENCH_API_STDOUT=1` shows the API's output,
// e.g. with BENCH_API_FLAGS=--trace-gc). One open tender whose model asks 60 questions; 32 providers, each a
// connection that submits again and again. One submission is what a bidder does: upload a 1 MB document
// (multipart; type sniffed, sha256, written to disk) and then send the 60 answers naming it (checked against the
// model, hashed with the document's sha256, stored as a new version, its deadline checked by the database). Prints
// submissions/s, the latency of the whole submission, p50/p99, and the API's peak resident memory.
// Target: >= 50/s with p99 < 1 s.
// Then one provider downloads, three times, the receipt of a bid carrying 20 documents of 24 MB (the zip holds them
// all; BENCH_RECEIPT_DOCUMENTS, BENCH_RECEIPT_DOCUMENT_BYTES): its time, and how much the API grew while sending it
// (target <= 50 MB).
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import {
  admin as adminOn,
  appLogin,
  appArgs,
  appNode,
  cpuOf,
  median,
  ownCpu,
  percentile,
  peakRss,
  postgresCpu,
  rssMb,
  serverUrl,
  waitForApi,
  withDb,
} from './bench-db.js';

/** A document of `bytes` that sniffs as a PDF. */
const benchPdf = (bytes) => {
  const pdf = Buffer.alloc(bytes, 0x20);
  pdf.write('%PDF-1.7\n', 0);
  pdf.write('\n%%EOF\n', bytes - 7);
  return pdf;
};

if (!isMainThread) {
  // The load: its own thread and event loop, so the client's work (building 1 MB multipart bodies,
  // reading answers) does not run on the server's event loop and slow the server it measures.
  const { tokens, submitUrl, seconds, documentBytes, body } = workerData;
  const pdfBlob = new Blob([benchPdf(documentBytes)], { type: 'application/pdf' });
  const latencies = [];
  // The two halves of each submission, to see which holds the tail: the upload, then the bid naming it.
  const halves = { upload: [], bid: [] };
  const failures = {};
  const fail = (what) => {
    failures[what] = (failures[what] ?? 0) + 1;
  };
  const one = async (token) => {
    const t0 = performance.now();
    const form = new FormData();
    form.append('file', pdfBlob, 'method-statement.pdf');
    const up = await fetch(`${submitUrl}/documents`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
    const doc = await up.json();
    if (up.status !== 201) return fail(`upload ${up.status}`);
    const t1 = performance.now();
    const res = await fetch(submitUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: body.replace('DOCUMENT_ID', doc.id),
    });
    await res.arrayBuffer();
    const t2 = performance.now();
    latencies.push(t2 - t0);
    halves.upload.push(t1 - t0);
    halves.bid.push(t2 - t1);
    if (res.status !== 201) fail(`submit ${res.status}`);
  };
  // Warm-up, then the measured run: each connection is one provider, submitting back to back.
  await Promise.all(tokens.slice(0, 4).map((tk) => one(tk)));
  latencies.length = halves.upload.length = halves.bid.length = 0;
  const end = Date.now() + seconds * 1000;
  const started = performance.now();
  await Promise.all(
    tokens.map(async (tk) => {
      while (Date.now() < end) await one(tk);
    }),
  );
  parentPort.postMessage({ latencies, halves, failures, elapsed: (performance.now() - started) / 1000 });
  process.exit(0);
}

const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const ANSWER_CHARS = Number(process.env.BENCH_ANSWER_CHARS ?? 1500);
const DOCUMENT_BYTES = Number(process.env.BENCH_DOCUMENT_BYTES ?? 1024 * 1024);
// The receipt afterwards: one bid with this many documents of this size (0: no receipt).
const RECEIPT_DOCUMENTS = Number(process.env.BENCH_RECEIPT_DOCUMENTS ?? 20);
const RECEIPT_DOCUMENT_BYTES = Number(process.env.BENCH_RECEIPT_DOCUMENT_BYTES ?? 24 * 1024 * 1024);
const base = serverUrl('bench:submissions');
const db = `commonweal_bench_bids_${Date.now()}`;
await adminOn(base, `CREATE DATABASE ${db}`);
const url = withDb(base, db);
const q = (sql, params) => adminOn(url, sql, params);

const bands = [0, 1, 2, 3, 4, 5].map((n) => ({ min: n, max: n, descriptor: `band ${n}` }));
const leaves = (prefix, n, weight) =>
  Array.from({ length: n }, (_, i) => ({ key: `${prefix}-${i + 1}`, title: `${prefix} ${i + 1}`, weight, scale: '0-5', bands, minimumScore: null }));
const model = {
  lots: [{ key: 'lot-1', title: 'Whole service', priceMethod: 'relative_to_lowest', benchmark: null }],
  criteria: [
    { key: 'price', title: 'Price', weight: '40', category: 'price' },
    { key: 'quality', title: 'Quality', weight: '30', category: 'quality', children: leaves('q', 40, '2.5') },
    { key: 'social-value', title: 'Social value', weight: '20', category: 'social_value', children: leaves('sv', 10, '10') },
    { key: 'public-character', title: 'Public character', weight: '10', category: 'public_character', children: leaves('pc', 10, '10') },
  ],
  tieBreak: ['higher_quality', 'lower_price'],
};
const answerKeys = model.criteria.flatMap((c) => (c.children ?? []).map((l) => l.key));
const text = 'We will deliver this service with local staff, co-designed with the people who use it. '
  .repeat(Math.ceil(ANSWER_CHARS / 88))
  .slice(0, ANSWER_CHARS);
const answers = Object.fromEntries(answerKeys.map((k) => [k, text]));
const bidBody = (documentId) => JSON.stringify({ lotKey: 'lot-1', price: '480000.00', answers, documents: [documentId] });

const PORT = Number(process.env.BENCH_PORT ?? 3121);
const target = `http://127.0.0.1:${PORT}`;
const JWT_SECRET = 'bench-secret-bench-secret-bench-secret-0123';
let server;
try {
  const appUrl = await appLogin(base, db);
  const env = {
    ...process.env,
    PORT: String(PORT),
    HOST: '127.0.0.1',
    DATABASE_URL: appUrl,
    DATABASE_MIGRATION_URL: url,
    REDIS_URL: '',
    SEED_DEMO: 'false',
    LOG_LEVEL: 'warn',
    BODY_LIMIT: '2mb',
    DATABASE_POOL_SIZE: '20',
    JWT_SECRET,
    COMMONWEAL_DATA_DIR: `/tmp/${db}`,
  };
  server = spawn(appNode(), appArgs('dist/apps/api/src/main.js'), { env, stdio: ['ignore', process.env.BENCH_API_STDOUT ? 'inherit' : 'ignore', 'inherit'] });
  await waitForApi(target, server);
  // Tokens as the API issues them: its own token service, with the secret the server was given.
  const { loadConfig } = await import('#platform');
  const { AccessTokenService } = await import('#auth');
  const { JwtService } = await import('@nestjs/jwt');
  const { TOKEN_AUDIENCE, TOKEN_ISSUER } = await import('../dist/libs/auth/src/tokens/access-token.service.js');
  const tokenService = new AccessTokenService(
    new JwtService({ secret: JWT_SECRET, signOptions: { algorithm: 'HS256', issuer: TOKEN_ISSUER, audience: TOKEN_AUDIENCE } }),
    loadConfig(env),
  );

  const tenantId = randomUUID();
  await q(`INSERT INTO authorities (id, slug, name) VALUES ($1, 'benchshire', 'Benchshire Council')`, [tenantId]);
  const tenderId = randomUUID();
  await q(
    `INSERT INTO tenders (id, tenant_id, reference, title, status, published_at, submission_deadline, evaluation_model, model_hash)
    VALUES ($1, $2, 'BEN-1', 'Bench tender', 'published', now(), now() + interval '1 day', $3, repeat('0', 64))`,
    [tenderId, tenantId, JSON.stringify(model)],
  );
  const tokens = [];
  for (let i = 0; i < CONNECTIONS; i++) {
    const providerId = randomUUID();
    const userId = randomUUID();
    await q(`INSERT INTO provider_organisations (id, name, legal_form, size) VALUES ($1, $2, 'charity', 'small')`, [providerId, `Bidder ${i}`]);
    await q(`INSERT INTO users (id, email, display_name) VALUES ($1, $2, 'Bidder')`, [userId, `bidder${i}@bench.example`]);
    await q(`INSERT INTO provider_memberships (id, provider_id, user_id, roles) VALUES ($1, $2, $3, '{bid_writer}')`, [randomUUID(), providerId, userId]);
    tokens.push(tokenService.issue({ kind: 'user', userId, providerId, roles: ['provider'] }).accessToken);
  }

  const submitUrl = `${target}/api/v1/public/tenders/${tenderId}/bids`;
  const rss = peakRss(server.pid);
  const cpu0 = { api: cpuOf(server.pid), postgres: postgresCpu(), load: ownCpu() };
  const { latencies, halves, failures, elapsed } = await new Promise((resolve, reject) => {
    const worker = new Worker(new URL(import.meta.url), {
      workerData: { tokens, submitUrl, seconds: SECONDS, documentBytes: DOCUMENT_BYTES, body: bidBody('DOCUMENT_ID') },
    });
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  const peak = rss.stop();
  const cpu = { api: cpuOf(server.pid) - cpu0.api, postgres: postgresCpu() - cpu0.postgres, load: ownCpu() - cpu0.load };
  const pct = (p) => percentile(latencies, p).toFixed(0);
  const stored = (await q('SELECT count(*)::int AS n FROM bid_submissions')).rows[0].n;
  const docs = (await q('SELECT count(*)::int AS n FROM bid_documents')).rows[0].n;
  console.log(
    `\nbench:submissions (API on Node ${execFileSync(appNode(), ['--version']).toString().trim()}): ${CONNECTIONS} providers at once, 60 answers of ${ANSWER_CHARS} characters each (${(bidBody(randomUUID()).length / 1024).toFixed(0)} KB) and a ${(DOCUMENT_BYTES / 1048576).toFixed(1)} MB document per submission, ${SECONDS} s`,
  );
  console.log(`  ${latencies.length} submissions, ${(latencies.length / elapsed).toFixed(1)} submissions/s`);
  console.log(
    `  latency p50 ${pct(50)} ms, p99 ${pct(99)} ms, max ${Math.max(...latencies).toFixed(0)} ms; the API's peak resident memory ${peak.toFixed(0)} MB`,
  );
  const split = (xs) => `p50 ${percentile(xs, 50).toFixed(0)} ms, p99 ${percentile(xs, 99).toFixed(0)} ms`;
  console.log(`    the upload ${split(halves.upload)}; the bid naming it ${split(halves.bid)}`);
  // The machine's cores for everything: what each part took of them, per submission (the load's is its worker
  // thread; its start and warm-up are counted too).
  const perSubmission = (seconds) => `${((seconds * 1000) / latencies.length).toFixed(1)} ms`;
  console.log(
    `    CPU per submission: the API ${perSubmission(cpu.api)}, PostgreSQL ${perSubmission(cpu.postgres)}, the load ${perSubmission(cpu.load)} (of ${perSubmission(availableParallelism() * elapsed)} on ${availableParallelism()} cores)`,
  );
  const failed = Object.entries(failures);
  console.log(
    `  not accepted: ${failed.length ? failed.map(([s, n]) => `${n} x ${s}`).join(', ') : 'none'}; rows stored ${stored} submissions, ${docs} documents (warm-up included)`,
  );
  const ok = latencies.length / elapsed >= 50 && Number(pct(99)) < 1000 && failed.length === 0;
  console.log(`  target (>= 50/s, p99 < 1 s, all accepted): ${ok ? 'met' : 'NOT met'}`);

  // Then one provider keeps the receipt of a bid carrying many large documents: the zip holds every one of them.
  if (RECEIPT_DOCUMENTS > 0) {
    const auth = { authorization: `Bearer ${tokens[0]}` };
    // Bytes deflate cannot shrink, as in most stored documents (PDFs and Office files are compressed already).
    const pdf = randomBytes(RECEIPT_DOCUMENT_BYTES);
    pdf.write('%PDF-1.7\n', 0);
    const ids = [];
    for (let i = 0; i < RECEIPT_DOCUMENTS; i++) {
      const form = new FormData();
      form.append('file', new Blob([pdf], { type: 'application/pdf' }), `annex-${i + 1}.pdf`);
      const up = await fetch(`${submitUrl}/documents`, { method: 'POST', headers: auth, body: form });
      if (up.status !== 201) throw new Error(`receipt document upload: ${up.status} ${await up.text()}`);
      ids.push((await up.json()).id);
    }
    const sent = await fetch(submitUrl, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ ...JSON.parse(bidBody('x')), documents: ids }),
    });
    if (sent.status !== 201) throw new Error(`receipt bid: ${sent.status} ${await sent.text()}`);
    const receiptUrl = `${submitUrl}/${(await sent.json()).id}/receipt`;
    const rounds = [];
    for (let round = 0; round < 3; round++) {
      const before = rssMb(server.pid);
      const rssNow = peakRss(server.pid, 50);
      const t0 = performance.now();
      const res = await fetch(receiptUrl, { headers: auth });
      let bytes = 0;
      for await (const chunk of res.body) bytes += chunk.length; // read as a browser saves it, never held
      if (res.status !== 200) throw new Error(`receipt download: ${res.status}`);
      rounds.push({ seconds: (performance.now() - t0) / 1000, before, peak: rssNow.stop(), bytes });
    }
    const growth = median(rounds.map((r) => r.peak - r.before));
    console.log(
      `  a receipt with ${RECEIPT_DOCUMENTS} documents of ${(RECEIPT_DOCUMENT_BYTES / 1048576).toFixed(0)} MB (${((RECEIPT_DOCUMENTS * RECEIPT_DOCUMENT_BYTES) / 1048576).toFixed(0)} MB): ` +
        `${(rounds[0].bytes / 1048576).toFixed(1)} MB zip, downloads ${rounds.map((r) => `${r.seconds.toFixed(1)} s`).join(', ')}; ` +
        `the API's resident memory ${rounds.map((r) => `${r.before.toFixed(0)} -> peak ${r.peak.toFixed(0)}`).join(', ')} MB`,
    );
    // As bench:ocds: the zip is made as it is sent, so a download may not grow the API by more than a few buffers.
    console.log(`  median growth while downloading = ${growth.toFixed(0)} MB  (target <= 50 MB: ${growth <= 50 ? 'met' : 'NOT met'})`);
  }
} finally {
  server?.kill('SIGTERM');
  if (server && server.exitCode === null && server.signalCode === null) await new Promise((done) => server.once('exit', done));
  await adminOn(base, `DROP DATABASE IF EXISTS ${db} WITH (FORCE)`).catch(() => undefined);
  await rm(`/tmp/${db}`, { recursive: true, force: true });
}
