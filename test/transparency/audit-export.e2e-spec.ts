import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { AuditLog, ContextRunner } from '#platform';
import { asOwner, authorityId, login, startTestApp, type TestApp } from '../support/test-app.js';

/**
 * The audit log's CSV export streamed a batch at a time (issue 16): however many events an authority has, the
 * file holds each of them once, oldest first, and no other authority's; a filter holds across batches; the
 * chain still verifies. 2,600 events are appended through the application's own writer (the batches are 1,000).
 */
describe('the audit log CSV, streamed', () => {
  let t: TestApp;
  let auditor: string;
  let northmere: string;
  const get = (path: string) => t.http.get(path).set('authorization', `Bearer ${auditor}`);
  const seqsOf = (csv: string) =>
    csv
      .trim()
      .split('\r\n')
      .slice(1)
      .map((l) => Number(l.split(',')[0]));

  beforeAll(async () => {
    t = await startTestApp();
    auditor = await login(t, 'auditor@northmere.test');
    northmere = await authorityId(t, 'northmere');
    const runner = t.app.get(ContextRunner);
    const audit = t.app.get(AuditLog);
    for (let part = 0; part < 4; part++) {
      await runner.run({ tenantId: northmere }, async () => {
        for (let i = 0; i < 650; i++) {
          const n = part * 650 + i;
          await audit.record({
            tenantId: northmere,
            action: n % 3 ? 'cost.entry-recorded' : 'contract.payment_recorded',
            entityType: 'contract',
            data: { n, note: 'a "quoted", comma-bearing\nnote' },
          });
        }
      });
    }
  });

  afterAll(async () => {
    await t?.close();
  });

  it('holds every event of the authority once, oldest first, across batches, and nothing of another authority', async () => {
    const res = await get('/api/v1/audit/events/export');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    expect(res.headers['content-disposition']).toBe('attachment; filename="audit-log.csv"');
    // Sent as it is read, not built whole first: no length is known when the first line goes.
    expect(res.headers['transfer-encoding']).toBe('chunked');
    expect(res.headers['content-length']).toBeUndefined();
    const stored = await asOwner<{ seq: number }>(t, `SELECT seq::int AS seq FROM audit_events WHERE tenant_id = $1 ORDER BY seq`, [northmere]);
    expect(stored.length).toBeGreaterThan(2600);
    // A data field with quotes, commas and a line break is one quoted field: count lines by their leading seq.
    const seqs = res.text
      .split('\r\n')
      .slice(1, -1)
      .map((l) => Number(l.split(',')[0]));
    expect(seqs).toEqual(stored.map((r) => r.seq));
  });

  it('keeps a filter across batches', async () => {
    const res = await get('/api/v1/audit/events/export?action=contract.payment_recorded');
    expect(res.status).toBe(200);
    const stored = await asOwner<{ seq: number }>(
      t,
      `SELECT seq::int AS seq FROM audit_events WHERE tenant_id = $1 AND action = 'contract.payment_recorded' ORDER BY seq`,
      [northmere],
    );
    expect(stored.length).toBeGreaterThan(800);
    expect(seqsOf(res.text)).toEqual(stored.map((r) => r.seq));
  });

  it('refuses a filter it cannot read before it sends a line, and the chain still holds', async () => {
    const bad = await get('/api/v1/audit/events/export?from=2026-02-30');
    expect(bad.status).toBe(400);
    expect(bad.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(bad.body.errors).toEqual([expect.objectContaining({ field: 'from' })]);
    const verified = await get('/api/v1/audit/verify');
    expect(verified.body).toMatchObject({ valid: true });
    expect(verified.body.verified).toBeGreaterThan(2600);
  });

  it('gives another authority’s auditor none of them', async () => {
    const api = await get('/api/v1/audit/events/export?action=cost.');
    expect(seqsOf(api.text).length).toBeGreaterThan(1700);
    const southvale = await login(t, 'auditor@southvale.test');
    const other = await t.http.get('/api/v1/audit/events/export?action=cost.').set('authorization', `Bearer ${southvale}`);
    expect(other.status).toBe(200);
    expect(seqsOf(other.text)).toEqual([]);
  });
});
