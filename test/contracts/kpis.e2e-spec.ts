import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { londonToday } from '#kernel';
import { demoContractId, outcomeContract, pendingContract, REFERRALS_KPI } from '../support/contract-fixtures.js';
import { asOwner, login, startTestApp, type TestApp } from '../support/test-app.js';
import { csrfOf, signedInAgent } from '../support/web-agent.js';

const KPI = REFERRALS_KPI;

/**
 * KPIs (issue 14, item 5; Procurement Act 2023 s.52): set with the terms while pending; above £5m a contract
 * is signed with three, or a recorded exemption; each measurement is rated against the thresholds and kept
 * with its OCDS code; thresholds out of order for their direction are refused, in the database too.
 */
describe('contract KPIs', () => {
  let t: TestApp;
  const who = async (email: string, authority?: string) => ({ authorization: `Bearer ${await login(t, email, authority)}` });
  const at = (id: string, rest = '') => `/api/v1/contracts/${id}${rest}`;

  beforeAll(async () => {
    t = await startTestApp({ env: { LOGIN_RATE_LIMIT: '1000' } });
  });
  afterAll(async () => t?.close());

  it('counts KPIs at signature above £5m (s.52), and refuses thresholds out of order', async () => {
    const { id } = await pendingContract(t, 'northmere', { awardedValue: '6000000.00' });
    const cm = await who('contracts@northmere.test');
    const bad = await t.http
      .post(at(id, '/kpis'))
      .set(cm)
      .send({ ...KPI, code: 'kpi 1', direction: 'sideways', good: 'all' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field)).toEqual(expect.arrayContaining(['code', 'direction', 'good']));
    const order = await t.http
      .post(at(id, '/kpis'))
      .set(cm)
      .send({ ...KPI, direction: 'lower' });
    expect(order.body.errors).toEqual([expect.objectContaining({ field: 'good', rule: 'thresholds-in-order' })]);
    await expect(
      asOwner(
        t,
        `INSERT INTO contract_kpis (id, tenant_id, contract_id, code, title, unit, direction, good, approaching, requires_improvement)
         SELECT gen_random_uuid(), tenant_id, id, 'KPI-9', 'x', 'x', 'higher', 1, 2, 3 FROM contracts WHERE id = $1`,
        [id],
      ),
    ).rejects.toThrow(/check constraint/);
    for (const code of ['KPI-1', 'KPI-2'])
      expect(
        (
          await t.http
            .post(at(id, '/kpis'))
            .set(cm)
            .send({ ...KPI, code })
        ).status,
      ).toBe(201);
    const taken = await t.http.post(at(id, '/kpis')).set(cm).send(KPI);
    expect(taken.status).toBe(409);
    expect(taken.body).toMatchObject({ type: '/problems/kpi-code-taken', errors: [{ field: 'code', rule: 'unique' }] });
    // In the pages the code taken is told beside its field, and the form keeps what was typed.
    const manager = await signedInAgent(t, 'contracts@northmere.test');
    const form = await manager.get(`/contracts/${id}`);
    const again = await manager
      .post(`/contracts/${id}/kpis`)
      .type('form')
      .send({ _csrf: csrfOf(form.text), ...Object.fromEntries(Object.entries(KPI).map(([k, v]) => [`kpi-${k}`, v])) });
    expect(again.status).toBe(400);
    expect(again.text).toMatch(
      /id="kpi-code-error" class="govuk-error-message"><span class="govuk-visually-hidden">Error:<\/span> This contract already has a KPI with the code KPI-1: choose another code/,
    );
    expect(again.text).toContain('value="Referrals seen within five working days"');
    expect(await asOwner(t, 'SELECT code FROM contract_kpis WHERE contract_id = $1 ORDER BY code', [id])).toEqual([{ code: 'KPI-1' }, { code: 'KPI-2' }]);
    const two = await t.http.post(at(id, '/activation')).set(cm).send({ version: 1 });
    expect(two.status).toBe(409);
    expect(two.body.problems[0]).toMatchObject({ rule: 'kpis-required', message: expect.stringContaining('it has 2') });
    expect(
      (
        await t.http
          .post(at(id, '/kpis'))
          .set(cm)
          .send({ ...KPI, code: 'KPI-3' })
      ).status,
    ).toBe(201);
    expect((await t.http.post(at(id, '/activation')).set(cm).send({ version: 1 })).status).toBe(201);
    // Signed: the KPIs change only by a variation.
    expect(
      (
        await t.http
          .post(at(id, '/kpis'))
          .set(cm)
          .send({ ...KPI, code: 'KPI-4' })
      ).body.type,
    ).toBe('/problems/contract-not-pending');
  });

  it('rates each measurement against the thresholds and keeps its OCDS code; the provider reads its own', async () => {
    const c = await outcomeContract(t, 'northmere', { status: 'pending', provider: 'Brightpath Community Interest Company' });
    const cm = await who('contracts@northmere.test');
    const kpi = (
      await t.http
        .post(at(c.id, '/kpis'))
        .set(cm)
        .send({
          ...KPI,
          code: 'WAIT-1',
          title: 'Days to first appointment',
          unit: 'days',
          direction: 'lower',
          good: '10',
          approaching: '15',
          requiresImprovement: '20',
        })
    ).body;
    expect(
      (
        await t.http
          .post(at(c.id, `/kpis/${kpi.id}/measurements`))
          .set(cm)
          .send({ periodEndsOn: londonToday(), value: '9' })
      ).body.type,
    ).toBe('/problems/contract-not-active');
    await asOwner(t, `UPDATE contracts SET status = 'active', activated_at = now() WHERE id = $1`, [c.id]);
    const send = (periodEndsOn: string, value: string) =>
      t.http
        .post(at(c.id, `/kpis/${kpi.id}/measurements`))
        .set(cm)
        .send({ periodEndsOn, value });
    expect((await send('2999-01-01', '9')).body.errors).toEqual([expect.objectContaining({ field: 'periodEndsOn', rule: 'within-period' })]);
    expect((await send(londonToday(), 'nine')).body.errors).toEqual([expect.objectContaining({ field: 'value' })]);
    const ratings = [];
    for (const v of ['9', '14', '19.5', '21']) ratings.push((await send(londonToday(), v)).body);
    expect(ratings.map((r) => [r.rating, r.ocdsRating])).toEqual([
      ['good', 'met'],
      ['approaching_target', 'slightlyBelow'],
      ['requires_improvement', 'below'],
      ['inadequate', 'significantlyBelow'],
    ]);
    const mine = (await t.http.get(`/api/v1/provider/contracts/${c.id}/kpis`).set(await who('bids@brightpath.test'))).body;
    expect(mine.items[0]).toMatchObject({ code: 'WAIT-1', latest: { rating: 'inadequate' } });
    expect(mine.items[0].measurements).toHaveLength(4);
    expect((await t.http.get(`/api/v1/provider/contracts/${c.id}/kpis`).set(await who('bids@castleton.test'))).status).toBe(404);
    expect((await t.http.get(at(c.id, '/kpis')).set(await who('auditor@southvale.test'))).status).toBe(404);
  });

  it('gives the demo’s contract three KPIs measured each quarter', async () => {
    const id = await demoContractId(t);
    const kpis = (await t.http.get(at(id, '/kpis')).set(await who('scrutiny@northmere.test'))).body.items;
    expect(kpis).toHaveLength(3);
    expect(kpis.every((k: { measurements: unknown[] }) => k.measurements.length >= 10)).toBe(true);
  });
});
