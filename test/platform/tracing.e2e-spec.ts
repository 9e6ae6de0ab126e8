import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { Tracing } from '#platform';
import { OtlpCollector, type ReceivedSpan } from '../support/otlp-collector.js';
import { asOwner, authorityId, login, startTestApp, type TestApp, tenderIdByReference } from '../support/test-app.js';
import { waitUntil } from '../support/wait.js';

const SERVER = 2;
const CLIENT = 3;
const CONSUMER = 5;
const ERROR = 2;

/** A gateway's trace, as it would arrive: W3C traceparent, sampled (01) or not (00). */
function gatewayTrace(sampled = true) {
  const traceId = randomBytes(16).toString('hex');
  const parentSpanId = randomBytes(8).toString('hex');
  return { traceId, parentSpanId, traceparent: `00-${traceId}-${parentSpanId}-${sampled ? '01' : '00'}` };
}

/**
 * OpenTelemetry traces (issue 20, item 4), sent by OpenTelemetry's own OTLP exporter to a collector's receiving
 * end started here. The app keeps no new trace of its own (OTEL_TRACES_SAMPLER_ARG=0), so every span that arrives
 * is in a trace a caller asked for: that is how a shared deployment samples, and it proves the caller's decision
 * is kept.
 */
describe('OpenTelemetry traces for the IT team', () => {
  let t: TestApp;
  let collector: OtlpCollector;
  let token: string;

  const flushed = () => t.app.get(Tracing).flush();
  /** Flushes until a span of that name has reached the collector in that trace: a span ends when its work does. */
  const spanArrives = (traceId: string, name: string, timeoutMs: number, what: string) =>
    waitUntil(
      async () => {
        await flushed();
        return collector.trace(traceId).some((s) => s.name === name);
      },
      timeoutMs,
      what,
    );
  const one = (spans: ReceivedSpan[], name: string) => {
    const found = spans.filter((s) => s.name === name);
    expect(found.map((s) => s.name)).toEqual([name]);
    return found[0];
  };

  beforeAll(async () => {
    collector = await OtlpCollector.start();
    t = await startTestApp({
      env: { OTEL_EXPORTER_OTLP_ENDPOINT: collector.url, OTEL_EXPORTER_OTLP_HEADERS: 'x-collector-key=key%3Dfor-tests', OTEL_TRACES_SAMPLER_ARG: '0' },
    });
    token = await login(t, 'commissioner@northmere.test');
  });
  afterAll(async () => {
    await t?.close();
    await collector?.close();
  });

  it("continues a caller's trace: the request, its transaction for the authority and each statement, named by route, never by path", async () => {
    const tenderId = await tenderIdByReference(t, 'NCC-2026-014');
    const gateway = gatewayTrace();
    const res = await t.http.get(`/api/v1/tenders/${tenderId}`).set('authorization', `Bearer ${token}`).set('traceparent', gateway.traceparent);
    expect(res.status).toBe(200);
    // A read's COMMIT is answered after the response has gone (transaction-runner.ts, commitBehind): its span ends,
    // and is exported, when PostgreSQL answers, which may be after the first flush.
    await spanArrives(gateway.traceId, 'COMMIT', 5_000, "the read's COMMIT span");

    const spans = collector.trace(gateway.traceId);
    const request = one(spans, 'GET /api/v1/tenders/:id');
    expect(request).toMatchObject({ service: 'commonweal-api', kind: SERVER, parentSpanId: gateway.parentSpanId });
    expect(request.attributes).toMatchObject({ 'http.request.method': 'GET', 'http.route': '/api/v1/tenders/:id', 'http.response.status_code': 200 });

    const [transaction] = collector.childrenOf(request).filter((s) => s.name === 'transaction');
    expect(transaction).toMatchObject({ kind: CLIENT });
    expect(transaction.attributes).toMatchObject({
      'db.system.name': 'postgresql',
      'commonweal.tenant_id': await authorityId(t, 'northmere'),
      'commonweal.read_only': true,
    });
    const statements = collector.childrenOf(transaction);
    expect(statements.map((s) => s.name)).toEqual(expect.arrayContaining(['BEGIN', 'SELECT', 'COMMIT']));
    const select = statements.find((s) => s.name === 'SELECT' && String(s.attributes['db.query.text']).includes('"tenders"'));
    expect(select?.attributes['db.operation.name']).toBe('SELECT');
    // The tender's id was a parameter and a path segment: neither reaches the collector.
    expect(JSON.stringify(spans)).not.toContain(tenderId);
    // The collector's key went with the export.
    expect(collector.headers.at(-1)?.['x-collector-key']).toBe('key=for-tests');
  });

  it('follows a change into the job it causes: the job is in the same trace, its work under it', async () => {
    const [draft] = await asOwner<{ id: string }>(
      t,
      `SELECT t.id FROM tenders t JOIN authorities a ON a.id = t.tenant_id WHERE a.slug = 'northmere' AND t.status = 'draft' LIMIT 1`,
    );
    const gateway = gatewayTrace();
    const res = await t.http
      .post(`/api/v1/tenders/${draft.id}/transitions`)
      .set('authorization', `Bearer ${token}`)
      .set('traceparent', gateway.traceparent)
      .send({ to: 'cancelled', reason: 'No longer needed' });
    expect(res.status).toBe(200);

    const jobName = 'process ocds.publish-process';
    await spanArrives(gateway.traceId, jobName, 30_000, 'the publication job to report its span');
    const spans = collector.trace(gateway.traceId);
    const request = one(spans, 'POST /api/v1/tenders/:id/transitions');
    const job = one(spans, jobName);
    expect(job).toMatchObject({ kind: CONSUMER, service: 'commonweal-api' });
    expect(job.attributes).toMatchObject({ 'messaging.destination.name': 'ocds.publish-process', 'commonweal.job.attempt': 1 });
    // The job's parent is a span of the request (the write of its message was traced there).
    expect(spans.map((s) => s.spanId)).toContain(job.parentSpanId);
    expect(spans.find((s) => s.spanId === job.parentSpanId)?.traceId).toBe(request.traceId);
    const [jobTransaction] = collector.childrenOf(job).filter((s) => s.name === 'transaction');
    expect(jobTransaction.attributes['commonweal.tenant_id']).toBe(await authorityId(t, 'northmere'));
    expect(collector.childrenOf(jobTransaction).length).toBeGreaterThan(2);
    const [stored] = await asOwner<{ trace_parent: string }>(
      t,
      `SELECT trace_parent FROM outbox_messages WHERE topic = 'ocds.publish-process' AND payload->>'tenderId' = $1`,
      [draft.id],
    );
    expect(stored.trace_parent).toMatch(new RegExp(`^00-${gateway.traceId}-[0-9a-f]{16}-01$`));
  });

  it('times each document written and read, under the request that asked', async () => {
    const tenderId = await tenderIdByReference(t, 'NCC-2026-014');
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
    const writing = gatewayTrace();
    const up = await t.http
      .post(`/api/v1/tenders/${tenderId}/documents`)
      .set('authorization', `Bearer ${token}`)
      .set('traceparent', writing.traceparent)
      .attach('file', pdf, 'Traced.pdf');
    expect(up.status).toBe(201);
    const reading = gatewayTrace();
    const down = await t.http
      .get(`/api/v1/tenders/${tenderId}/documents/${up.body.id}`)
      .set('authorization', `Bearer ${token}`)
      .set('traceparent', reading.traceparent)
      .buffer(true);
    expect(down.status).toBe(200);
    await flushed();

    const written = one(collector.trace(writing.traceId), 'document write');
    expect(written).toMatchObject({ kind: CLIENT, attributes: { 'commonweal.storage': 'disk', 'commonweal.document.bytes': pdf.length } });
    expect(collector.trace(writing.traceId).find((s) => s.spanId === written.parentSpanId)).toBeDefined();
    // A read's span ends when the file's stream closes, which may come just after the answer's last byte.
    await spanArrives(reading.traceId, 'document read', 10_000, "the read's span");
    const read = one(collector.trace(reading.traceId), 'document read');
    expect(read).toMatchObject({ kind: CLIENT, attributes: { 'commonweal.storage': 'disk' } });
    expect(one(collector.trace(reading.traceId), 'GET /api/v1/tenders/:tenderId/documents/:id').spanId).toBeDefined();
  });

  it("keeps the caller's decision: an unsampled or untraced request reports nothing, and a refusal is not the service's error", async () => {
    const before = collector.spans.length;
    const earlier = new Set(collector.spans.map((s) => s.traceId));
    const unsampled = gatewayTrace(false);
    expect((await t.http.get('/api/v1/tenders').set('authorization', `Bearer ${token}`).set('traceparent', unsampled.traceparent)).status).toBe(200);
    expect((await t.http.get('/api/v1/tenders').set('authorization', `Bearer ${token}`)).status).toBe(200);
    const refused = gatewayTrace();
    expect((await t.http.get('/api/v1/tenders').set('traceparent', refused.traceparent)).status).toBe(401);
    await flushed();

    // Nothing new but the refused request's trace (a job of an earlier test may still report into its own).
    const arrived = collector.spans.slice(before).filter((s) => !earlier.has(s.traceId));
    expect(new Set(arrived.map((s) => s.traceId))).toEqual(new Set([refused.traceId]));
    const request = one(arrived, 'GET /api/v1/tenders');
    expect(request.attributes['http.response.status_code']).toBe(401);
    expect(request.status).not.toBe(ERROR);
  });
});
