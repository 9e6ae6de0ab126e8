import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { AssessmentRemindersJob, termEnd } from '#contracts';
import { addDays, addMonths, londonToday } from '#kernel';
import { contractKpi, demoContractId, outcomeContract } from '../support/contract-fixtures.js';
import { asOwner, login, startTestApp, type TestApp } from '../support/test-app.js';
import { waitUntil } from '../support/wait.js';

/**
 * Performance assessments (issue 14, item 6; Procurement Act 2023 s.71): at least every twelve months and
 * when the contract ends; the rating the KPIs give (each KPI's median over the period, then the median of
 * those) unless a person overrides it with a reason; one after another with no gap or overlap, under a
 * lock; the provider is e-mailed the notice and reads it; the contract managers are reminded once.
 */
describe('performance assessments', () => {
  let t: TestApp;
  const who = async (email: string, authority?: string) => ({ authorization: `Bearer ${await login(t, email, authority)}` });
  const at = (id: string, rest = '') => `/api/v1/contracts/${id}${rest}`;

  beforeAll(async () => {
    t = await startTestApp({ env: { LOGIN_RATE_LIMIT: '1000' }, awaitStartupJobs: true });
  });
  afterAll(async () => t?.close());

  /** A contract two years in with one KPI measured each quarter of its first year: good, approaching, requires improvement, good. */
  async function measuredContract() {
    const c = await outcomeContract(t, 'northmere');
    const kpi = await contractKpi(t, c.id);
    const cm = await who('contracts@northmere.test');
    for (const [months, value] of [
      [3, '96'],
      [6, '92'],
      [9, '85'],
      [12, '97'],
    ] as const)
      expect(
        (
          await t.http
            .post(at(c.id, `/kpis/${kpi}/measurements`))
            .set(cm)
            .send({ periodEndsOn: addDays(addMonths(c.startsOn, months), -1), value })
        ).status,
      ).toBe(201);
    return { ...c, cm, yearOne: termEnd(c.startsOn, 1) };
  }

  it('derives the rating from the KPIs, refuses bad input with nothing stored, and e-mails the provider the notice', async () => {
    const c = await measuredContract();
    const before = (await t.http.get(at(c.id, '/assessments')).set(c.cm)).body;
    expect(before.items).toEqual([]);
    expect(before.next).toMatchObject({
      from: c.startsOn,
      dueBy: c.yearOne,
      status: 'overdue',
      final: false,
      latestTo: c.yearOne,
      derivedRating: 'approaching_target',
      kpiResults: [expect.objectContaining({ code: 'KPI-1', measured: 4, rating: 'approaching_target', ocdsRating: 'slightlyBelow' })],
    });
    const send = (body: Record<string, unknown>) =>
      t.http
        .post(at(c.id, '/assessments'))
        .set(c.cm)
        .send({ periodTo: c.yearOne, summary: 'Referrals were seen faster after the first quarter', ...body });
    const bad = await send({ periodTo: '31/03/2026', rating: 'excellent', summary: 7 });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field)).toEqual(expect.arrayContaining(['periodTo', 'rating', 'summary']));
    expect((await send({ periodTo: addDays(c.yearOne, 1) })).body.errors).toEqual([
      expect.objectContaining({ field: 'periodTo', rule: 'within-twelve-months' }),
    ]);
    expect((await send({ periodTo: addDays(c.startsOn, -1) })).body.errors).toEqual([
      expect.objectContaining({ field: 'periodTo', rule: 'after-last-assessment' }),
    ]);
    expect((await send({ rating: 'good' })).body.errors).toEqual([
      expect.objectContaining({ field: 'overrideReason', rule: 'required-to-override', message: expect.stringContaining('approaching_target') }),
    ]);
    expect((await send({ summary: '   ' })).body.errors).toEqual([expect.objectContaining({ field: 'summary', rule: 'required' })]);
    expect((await t.http.get(at(c.id, '/assessments')).set(c.cm)).body.items).toEqual([]);

    const made = await send({});
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({
      number: 1,
      occasion: 'yearly',
      periodFrom: c.startsOn,
      periodTo: c.yearOne,
      derivedRating: 'approaching_target',
      rating: 'approaching_target',
      ocdsRating: 'slightlyBelow',
      overridden: false,
      overrideReason: null,
    });
    const told = `SELECT to_address, subject, text_body FROM email_deliveries WHERE template = 'performance-assessed' AND html_body LIKE $1`;
    await waitUntil(async () => (await asOwner(t, told, [`%${made.body.id}%`])).length >= 1, 20_000, 'the notice e-mail');
    const [mail] = await asOwner<{ to_address: string; subject: string; text_body: string }>(t, told, [`%${made.body.id}%`]);
    expect(mail.to_address).toBe('bids@castleton.test');
    expect(mail.subject).toMatch(/^Performance assessment: Approaching target, NCC-2026-017/);
    expect(mail.text_body).toContain(`from ${c.startsOn} to ${c.yearOne}`);

    // The provider reads it; another provider, and another authority, find nothing.
    const castleton = await who('bids@castleton.test');
    const mine = (await t.http.get(`/api/v1/provider/contracts/${c.id}/assessments`).set(castleton)).body;
    expect(mine.items.map((a: { id: string }) => a.id)).toEqual([made.body.id]);
    const notice = (await t.http.get(`/api/v1/provider/contracts/${c.id}/assessments/${made.body.id}`).set(castleton)).body;
    expect(notice).toMatchObject({ authority: { name: 'Northmere City Council' }, provider: { name: 'Castleton Care Ltd' }, assessment: { number: 1 } });
    expect((await t.http.get(`/api/v1/provider/contracts/${c.id}/assessments/${made.body.id}`).set(await who('bids@brightpath.test'))).status).toBe(404);
    expect((await t.http.get(at(c.id, `/assessments/${made.body.id}`)).set(await who('auditor@southvale.test'))).status).toBe(404);
    // Append-only, and the database holds the reason for an override.
    await expect(asOwner(t, `UPDATE performance_assessments SET rating = 'good' WHERE id = $1`, [made.body.id])).rejects.toThrow();
    await expect(
      asOwner(
        t,
        `INSERT INTO performance_assessments (id, tenant_id, contract_id, provider_id, sequence, occasion, period_from, period_to, kpi_results, derived_rating, rating, summary)
         SELECT gen_random_uuid(), tenant_id, contract_id, provider_id, 2, 'yearly', period_to + 1, period_to + 30, '[]', 'good', 'inadequate', 'x'
           FROM performance_assessments WHERE id = $1`,
        [made.body.id],
      ),
    ).rejects.toThrow(/check constraint/);
  });

  it('follows on from the last one, takes an override with its reason, and lets only one of two at once record a period', async () => {
    const c = await measuredContract();
    const first = await t.http
      .post(at(c.id, '/assessments'))
      .set(c.cm)
      .send({ periodTo: c.yearOne, rating: 'requires_improvement', overrideReason: 'Two safeguarding incidents the KPIs do not measure', summary: 'x' });
    expect(first.body).toMatchObject({ rating: 'requires_improvement', derivedRating: 'approaching_target', overridden: true });
    const next = (await t.http.get(at(c.id, '/assessments')).set(c.cm)).body.next;
    expect(next).toMatchObject({ from: addDays(c.yearOne, 1), dueBy: termEnd(addDays(c.yearOne, 1), 1), derivedRating: null });
    // Nothing measured in year two: the assessor gives the rating, with the reason.
    const body = { periodTo: termEnd(next.from, 1), summary: 'A quiet year' };
    expect((await t.http.post(at(c.id, '/assessments')).set(c.cm).send(body)).body.errors).toEqual([
      expect.objectContaining({ field: 'rating', rule: 'required-when-unmeasured' }),
    ]);
    const two = { ...body, rating: 'good', overrideReason: 'From the monthly contract meetings' };
    const both = await Promise.all([t.http.post(at(c.id, '/assessments')).set(c.cm).send(two), t.http.post(at(c.id, '/assessments')).set(c.cm).send(two)]);
    expect(both.map((r) => r.status).sort()).toEqual([201, 400]);
    expect(both.find((r) => r.status === 400)!.body.errors[0]).toMatchObject({ field: 'periodTo', rule: 'after-last-assessment' });
    const items = (await t.http.get(at(c.id, '/assessments')).set(await who('scrutiny@northmere.test'))).body.items;
    expect(items.map((a: { number: number; periodFrom: string }) => [a.number, a.periodFrom])).toEqual([
      [1, c.startsOn],
      [2, next.from],
    ]);
  });

  it('ends with the final assessment when the contract ends, then needs none', async () => {
    const c = await outcomeContract(t, 'northmere');
    const cm = await who('contracts@northmere.test');
    const lastDay = addDays(londonToday(), -3);
    await asOwner(t, `UPDATE contracts SET status = 'terminated', terminated_on = $2, termination_reason = 'Moved in-house' WHERE id = $1`, [c.id, lastDay]);
    const yearly = await t.http
      .post(at(c.id, '/assessments'))
      .set(cm)
      .send({ periodTo: termEnd(c.startsOn, 1), rating: 'good', overrideReason: 'No KPIs', summary: 'Year one' });
    expect(yearly.body.occasion).toBe('yearly');
    const next = (await t.http.get(at(c.id, '/assessments')).set(cm)).body.next;
    expect(next).toMatchObject({ final: true, status: 'open', latestTo: lastDay, dueBy: addDays(lastDay, 30) });
    const final = await t.http
      .post(at(c.id, '/assessments'))
      .set(cm)
      .send({ periodTo: lastDay, rating: 'good', overrideReason: 'No KPIs', summary: 'To the end' });
    expect(final.body).toMatchObject({ number: 2, occasion: 'final', periodTo: lastDay });
    expect((await t.http.get(at(c.id, '/assessments')).set(cm)).body.next).toBeNull();
    const more = await t.http.post(at(c.id, '/assessments')).set(cm).send({ periodTo: lastDay, rating: 'good', overrideReason: 'x', summary: 'x' });
    expect(more.status).toBe(409);
    expect(more.body.type).toBe('/problems/assessment-not-needed');
  });

  it('reminds the contract managers of overdue assessments once, in one e-mail per authority', async () => {
    const c = await outcomeContract(t, 'northmere');
    const reference = (await asOwner<{ reference: string }>(t, 'SELECT reference FROM contracts WHERE id = $1', [c.id]))[0].reference;
    const due = `SELECT to_address, subject, text_body FROM email_deliveries WHERE template = 'performance-assessments-due' AND text_body LIKE $1`;
    const job = t.app.get(AssessmentRemindersJob);
    expect(await job.run()).toBeGreaterThanOrEqual(1);
    await waitUntil(async () => (await asOwner(t, due, [`%${c.id}%`])).length >= 1, 20_000, 'the reminder');
    const mails = await asOwner<{ to_address: string; subject: string; text_body: string }>(t, due, [`%${c.id}%`]);
    expect(mails.map((m) => m.to_address)).toEqual(['contracts@northmere.test']);
    expect(mails[0].subject).toMatch(/^Performance assessments overdue/);
    expect(mails[0].text_body).toMatch(new RegExp(`Overdue:[\\s\\S]*${reference.replace(/[/]/g, '\\/')}: [^\\n]*, the assessment of ${c.startsOn} onwards`));
    // Nothing new the same morning.
    expect(await job.run()).toBe(0);
  });

  it('gives the demo’s contract two yearly assessments from its KPIs, the second rated down with the reason, and the third due', async () => {
    const id = await demoContractId(t);
    const { items, next } = (await t.http.get(at(id, '/assessments')).set(await who('auditor@northmere.test'))).body;
    expect(items.map((a: { number: number; occasion: string }) => [a.number, a.occasion])).toEqual([
      [1, 'yearly'],
      [2, 'yearly'],
    ]);
    expect(items[0]).toMatchObject({ overridden: false });
    expect(items[0].kpiResults.map((r: { measured: number }) => r.measured)).toEqual([4, 4, 4]);
    expect(items[1]).toMatchObject({ overridden: true, overrideReason: expect.stringContaining('first appointment') });
    const order = ['good', 'approaching_target', 'requires_improvement', 'inadequate'];
    expect(order.indexOf(items[1].rating)).toBe(order.indexOf(items[1].derivedRating) + 1);
    expect(next).toMatchObject({ from: addDays(items[1].periodTo, 1), final: false });
    // Three years in, the third year's assessment is open: the contract manager's dashboard says so.
    expect(['open', 'overdue']).toContain(next.status);
  });
});
