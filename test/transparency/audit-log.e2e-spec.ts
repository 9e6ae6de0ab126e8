import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { asOwner, authorityId, login, startTestApp, type TestApp, tenderIdByReference } from '../support/test-app.js';

interface Event {
  seq: number;
  id: string;
  occurredAt: string;
  actor: { userId: string | null; name: string | null };
  action: string;
  entityType: string;
  entityId: string | null;
  data: Record<string, unknown>;
  hash: string;
}

/** The audit log as auditors read it (issue 16, item 2): newest first, filtered, paged, one event, CSV. */
describe('the audit log for auditors', () => {
  let t: TestApp;
  let auditor: string;
  const get = (path: string) => t.http.get(path).set('authorization', `Bearer ${auditor}`);

  beforeAll(async () => {
    t = await startTestApp();
    auditor = await login(t, 'auditor@northmere.test');
  });

  afterAll(async () => {
    await t?.close();
  });

  it('lists the authority’s events newest first, a page at a time, every event once and no other authority’s', async () => {
    const northmere = await authorityId(t, 'northmere');
    const [{ n }] = await asOwner<{ n: number }>(t, `SELECT count(*)::int AS n FROM audit_events WHERE tenant_id = $1`, [northmere]);
    const seen: Event[] = [];
    let next: number | null = null;
    do {
      const res = await get(`/api/v1/audit/events?limit=40${next ? `&before=${next}` : ''}`);
      expect(res.status).toBe(200);
      seen.push(...res.body.items);
      next = res.body.next;
    } while (next);
    expect(seen).toHaveLength(n);
    expect(seen.map((e) => e.seq)).toEqual(Array.from({ length: n }, (_, i) => n - i));
    const ids = await asOwner<{ id: string }>(t, `SELECT id FROM audit_events WHERE tenant_id = $1`, [northmere]);
    expect(new Set(seen.map((e) => e.id))).toEqual(new Set(ids.map((r) => r.id)));
  });

  it('filters by action (exactly, or every action under a prefix), by record, by person and by day', async () => {
    const tender = await tenderIdByReference(t, 'NCC-2023-031');
    const award = (await get('/api/v1/audit/events?action=award.')).body.items as Event[];
    expect(award.map((e) => e.action).sort()).toEqual(['award.approved', 'award.awarded', 'award.recommended']);
    const approved = (await get('/api/v1/audit/events?action=award.approved')).body.items as Event[];
    expect(approved).toHaveLength(1);
    expect(approved[0]).toMatchObject({ entityType: 'tender', entityId: tender, actor: { name: expect.any(String) } });

    const onTender = (await get(`/api/v1/audit/events?entityId=${tender}&limit=500`)).body.items as Event[];
    expect(onTender.length).toBeGreaterThan(3);
    expect(onTender.every((e) => e.entityId === tender)).toBe(true);

    const byPerson = (await get(`/api/v1/audit/events?actor=${approved[0].actor.userId}&limit=500`)).body.items as Event[];
    expect(byPerson.length).toBeGreaterThan(0);
    expect(byPerson.every((e) => e.actor.userId === approved[0].actor.userId)).toBe(true);

    // A London day: the event's own day holds it, the day before does not.
    const day = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date(approved[0].occurredAt));
    const that = (await get(`/api/v1/audit/events?action=award.approved&from=${day}&to=${day}`)).body.items as Event[];
    expect(that.map((e) => e.id)).toEqual([approved[0].id]);
    const dayBefore = new Date(`${day}T12:00:00Z`);
    dayBefore.setUTCDate(dayBefore.getUTCDate() - 1);
    const before = dayBefore.toISOString().slice(0, 10);
    expect((await get(`/api/v1/audit/events?action=award.approved&from=${before}&to=${before}`)).body.items).toEqual([]);
  });

  it('shows one event whole, with its place in the chain; another authority’s answers 404', async () => {
    const [e] = (await get('/api/v1/audit/events?action=award.approved')).body.items as Event[];
    const res = await get(`/api/v1/audit/events/${e.id}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: e.id, seq: e.seq, action: 'award.approved', data: expect.objectContaining({ winners: expect.any(Array) }) });
    expect(res.body.prevHash).toMatch(/^[0-9a-f]{64}$/);
    expect(res.body.contentHash).toMatch(/^[0-9a-f]{64}$/);
    const southvale = await authorityId(t, 'southvale');
    const [other] = await asOwner<{ id: string }>(t, `SELECT id FROM audit_events WHERE tenant_id = $1 LIMIT 1`, [southvale]);
    expect((await get(`/api/v1/audit/events/${other.id}`)).status).toBe(404);
  });

  it('exports the matching events as CSV, oldest first, with their hashes', async () => {
    const res = await get('/api/v1/audit/events/export?action=award.');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    const lines = res.text.trim().split('\r\n');
    expect(lines[0]).toBe(
      'seq,id,occurred_at,actor_user_id,actor_name,actor_api_key_id,action,entity_type,entity_id,request_id,data,prev_hash,content_hash,hash',
    );
    expect(lines).toHaveLength(4);
    const seqs = lines.slice(1).map((l) => Number(l.split(',')[0]));
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(lines[1]).toMatch(/,[0-9a-f]{64},[0-9a-f]{64},[0-9a-f]{64}$/);
  });

  it('refuses a filter it cannot read, naming the field and the rule', async () => {
    const cases: [string, string][] = [
      ['from=2026-13-01', 'from'],
      ['to=31/03/2026', 'to'],
      ['from=2026-04-02&to=2026-04-01', 'to'],
      ['limit=many', 'limit'],
      ['limit=501', 'limit'],
      ['actor=someone', 'actor'],
      ['before=0', 'before'],
      ['action=DROP TABLE', 'action'],
      ['colour=red', 'colour'],
    ];
    for (const [query, field] of cases) {
      const res = await get(`/api/v1/audit/events?${query}`);
      expect([query, res.status, res.headers['content-type']]).toEqual([query, 400, expect.stringMatching(/^application\/problem\+json/)]);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    }
    expect((await get('/api/v1/audit/events/not-an-id')).status).toBe(400);
  });
});
