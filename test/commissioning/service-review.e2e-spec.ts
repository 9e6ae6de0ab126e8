import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { addYears, londonToday } from '#kernel';
import { ServiceReviewRemindersJob } from '#commissioning';
import { asOwner, login, startTestApp, type TestApp } from '../support/test-app.js';
import { waitUntil } from '../support/wait.js';

/** The service review (issue 16, item 6): the Measure step that closes a cycle and opens the next. */
describe('service review', () => {
  let t: TestApp;
  let commissioner: Record<string, string>;

  beforeAll(async () => {
    t = await startTestApp({ awaitStartupJobs: true });
    commissioner = { authorization: `Bearer ${await login(t, 'commissioner@northmere.test')}` };
  });

  afterAll(async () => {
    await t?.close();
  });

  let n = 0;
  /** A cycle with two outcomes in its framework. */
  async function cycle(headers = commissioner) {
    const c = (
      await t.http
        .post('/api/v1/cycles')
        .set(headers)
        .send({
          reference: `SR-${++n}`,
          title: 'Youth clubs',
          purpose: 'Young people thrive',
          accountability: 'Young people and the council',
          success: 'No young person NEET',
        })
    ).body;
    const outcomes = [];
    for (const statement of ['Fewer young people not in education, employment or training', 'Young people run their clubs']) {
      const o = await t.http
        .post(`/api/v1/cycles/${c.id}/outcomes`)
        .set(headers)
        .send({ statement, source: 'community', kind: 'outcome', indicators: ['NEET rate'] });
      expect(o.status).toBe(201);
      outcomes.push(o.body.id as string);
    }
    return { id: c.id as string, reference: c.reference as string, outcomes };
  }
  const review = (outcomes: string[]) => ({
    outcomes: outcomes.map((outcomeId, i) => ({ outcomeId, finding: i ? 'partly_achieved' : 'achieved', evidence: `Evidence ${i}` })),
    engagementFindings: 'The clubs’ boards were promised a say in the budget, and had it.',
    summary: 'NEET fell from 6% to 3%; two of five clubs have young people on their boards.',
    decision: 'change',
    reasons: 'The franchise works; board places need support to fill.',
  });

  it('records the review against every outcome and opens the next cycle from it', async () => {
    const c = await cycle();
    const res = await t.http.post(`/api/v1/cycles/${c.id}/review`).set(commissioner).send(review(c.outcomes));
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ cycleId: c.id, decision: 'change', nextCycle: { reference: `${c.reference}-R1`, reviewBy: addYears(londonToday(), 5) } });
    const next = (await t.http.get(`/api/v1/cycles/${res.body.nextCycle.id}`).set(commissioner)).body;
    expect(next).toMatchObject({ purpose: 'Young people thrive', accountability: 'Young people and the council', success: 'No young person NEET' });
    expect(next.needsAssessment).toContain(`From the review of ${c.reference}, which decided to change the service`);
    expect(next.outcomes.map((o: { statement: string }) => o.statement)).toEqual([
      'Fewer young people not in education, employment or training',
      'Young people run their clubs',
    ]);
    const read = await t.http.get(`/api/v1/cycles/${c.id}/review`).set({ authorization: `Bearer ${await login(t, 'scrutiny@northmere.test')}` });
    expect(read.status).toBe(200);
    expect(read.body.outcomes).toEqual(review(c.outcomes).outcomes);
    const [audit] = await asOwner<{ data: { decision: string; nextCycleId: string } }>(
      t,
      `SELECT data FROM audit_events WHERE action = 'cycle.reviewed' AND entity_id = $1`,
      [c.id],
    );
    expect(audit.data).toMatchObject({ decision: 'change', nextCycleId: res.body.nextCycle.id });
    // A review of the review's cycle numbers on: -R2.
    const again = (
      await t.http
        .post(`/api/v1/cycles/${next.id}/review`)
        .set(commissioner)
        .send(review(next.outcomes.map((o: { id: string }) => o.id)))
    ).body;
    expect(again.nextCycle.reference).toBe(`${c.reference}-R2`);
  });

  it('reviews a cycle once, even when two reviews arrive at once', async () => {
    const c = await cycle();
    const [a, b] = await Promise.all([1, 2].map(() => t.http.post(`/api/v1/cycles/${c.id}/review`).set(commissioner).send(review(c.outcomes))));
    expect([a.status, b.status].sort()).toEqual([201, 409]);
    expect((a.status === 409 ? a : b).body.type).toBe('/problems/already-reviewed');
    const [{ n: opened }] = await asOwner<{ n: number }>(t, `SELECT count(*)::int AS n FROM commissioning_cycles WHERE reference LIKE $1`, [
      `${c.reference}-R%`,
    ]);
    expect(opened).toBe(1);
  });

  it('refuses a review that leaves an outcome out, names one the framework lacks, or gives no reasons, and stores nothing', async () => {
    const c = await cycle();
    const cases: [object, string][] = [
      [{ ...review(c.outcomes), outcomes: review(c.outcomes).outcomes.slice(0, 1) }, 'outcomes'],
      [{ ...review(c.outcomes), outcomes: [...review(c.outcomes).outcomes, { ...review(c.outcomes).outcomes[0] }] }, 'outcomes.2.outcomeId'],
      [{ ...review([c.outcomes[0], '0190a000-0000-7000-8000-000000000001']) }, 'outcomes.1.outcomeId'],
      [{ ...review(c.outcomes), outcomes: review(c.outcomes).outcomes.map((o) => ({ ...o, evidence: ' ' })) }, 'outcomes.0.evidence'],
      [{ ...review(c.outcomes), decision: 'outsource' }, 'decision'],
      [{ ...review(c.outcomes), reasons: '' }, 'reasons'],
      [{ ...review(c.outcomes), outcomes: undefined }, 'outcomes'],
    ];
    for (const [body, field] of cases) {
      const res = await t.http.post(`/api/v1/cycles/${c.id}/review`).set(commissioner).send(body);
      expect([field, res.status]).toEqual([field, 400]);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    }
    expect((await t.http.get(`/api/v1/cycles/${c.id}/review`).set(commissioner)).status).toBe(404);
    const [{ n: opened }] = await asOwner<{ n: number }>(t, `SELECT count(*)::int AS n FROM commissioning_cycles WHERE reference LIKE $1`, [
      `${c.reference}-R%`,
    ]);
    expect(opened).toBe(0);
  });

  it('reminds the commissioners once when a review is near, and once more when it is overdue', async () => {
    const c = await cycle();
    const job = t.app.get(ServiceReviewRemindersJob);
    const mails = () =>
      asOwner<{ text_body: string }>(
        t,
        `SELECT text_body FROM email_deliveries WHERE template = 'service-reviews-due' AND to_address = 'commissioner@northmere.test' AND text_body LIKE $1`,
        [`%${c.reference}:%`],
      );
    await job.run();
    expect(await mails()).toHaveLength(0); // five years off: nothing to say yet
    await asOwner(t, `UPDATE commissioning_cycles SET review_by = current_date + 30 WHERE id = $1`, [c.id]);
    await job.run();
    await waitUntil(async () => (await mails()).length === 1, 20_000, 'the reminder');
    expect((await mails())[0].text_body).toMatch(/Due soon:/);
    await job.run();
    await asOwner(t, `UPDATE commissioning_cycles SET review_by = current_date - 1 WHERE id = $1`, [c.id]);
    await job.run();
    await waitUntil(async () => (await mails()).length === 2, 20_000, 'the overdue reminder');
    await job.run();
    const all = await mails();
    expect(all).toHaveLength(2);
    expect(all.some((m) => /Overdue:[\s\S]*to have been reviewed by/.test(m.text_body))).toBe(true);
    // Reviewed: no more reminders, whatever the date says.
    await t.http.post(`/api/v1/cycles/${c.id}/review`).set(commissioner).send(review(c.outcomes));
    await asOwner(t, `UPDATE commissioning_cycles SET review_by = current_date - 2 WHERE id = $1`, [c.id]);
    await job.run();
    // Nothing claimed, so nothing queued (the e-mails go through the outbox: counting them now could miss one on its way).
    const [{ n }] = await asOwner<{ n: number }>(t, `SELECT count(*)::int AS n FROM service_review_reminders WHERE cycle_id = $1`, [c.id]);
    expect(n).toBe(2);
  });
});
