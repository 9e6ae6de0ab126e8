import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { evaluate } from '#scoring';
import { addDays, londonToday } from '#kernel';
import { demoContractId, pendingContract } from '../support/contract-fixtures.js';
import { evaluatedTender } from '../support/evaluation-fixtures.js';
import { asOwner, login, startTestApp, type TestApp } from '../support/test-app.js';

/**
 * Contracts after award (issue 14, first step): the award makes one per winning bid in its own
 * transaction; the terms are set while it is pending (two editors never overwrite each other); signing
 * follows the law's rules (s.52 KPIs above £5m; payment by results only after a second person accepts
 * the risk, held by the database too); a contract ends early only with a date and a reason; every change
 * is audited; each authority sees only its own, each provider only those it holds.
 */
describe('contracts', () => {
  let t: TestApp;
  const who = async (email: string, authority?: string) => ({ authorization: `Bearer ${await login(t, email, authority)}` });

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => t?.close());

  it('is made at award from the winning bid, pending, with the terms an award gives', async () => {
    const e = await evaluatedTender(t, 'northmere', 'approved');
    const base = `/api/v1/tenders/${e.tenderId}/evaluation`;
    // As if the standstill had passed (award steps are append-only: the trigger is lifted for the fixture).
    await asOwner(t, 'ALTER TABLE award_steps DISABLE TRIGGER award_steps_append_only');
    await asOwner(t, `UPDATE award_steps SET standstill_ends_at = now() - interval '1 minute' WHERE tender_id = $1`, [e.tenderId]);
    await asOwner(t, 'ALTER TABLE award_steps ENABLE TRIGGER award_steps_append_only');
    const c = await who('commissioner@northmere.test');
    expect((await t.http.post(`${base}/award/confirm`).set(c)).status).toBe(201);
    const [{ winner, price, reference }] = await asOwner<{ winner: string; price: string; reference: string }>(
      t,
      `SELECT w->>'bidId' AS winner, b.price, t.reference FROM award_steps a CROSS JOIN jsonb_array_elements(a.winners) w
         JOIN bid_submissions b ON b.id = (w->>'bidId')::uuid JOIN tenders t ON t.id = a.tender_id WHERE a.tender_id = $1 AND a.step = 'awarded'`,
      [e.tenderId],
    );
    const list = (await t.http.get('/api/v1/contracts').set(await who('contracts@northmere.test'))).body.items;
    const made = list.filter((x: { tenderId: string }) => x.tenderId === e.tenderId);
    expect(made).toHaveLength(1);
    expect(made[0]).toMatchObject({
      bidId: winner,
      awardedValue: price,
      reference,
      status: 'pending',
      paymentMechanism: 'fixed_fee',
      currency: 'GBP',
      version: 1,
    });
    expect(made[0].endsOn > made[0].startsOn).toBe(true);
    const [audit] = await asOwner<{ n: number }>(t, `SELECT count(*)::int AS n FROM audit_events WHERE action = 'contract.created' AND entity_id = $1`, [
      made[0].id,
    ]);
    expect(audit.n).toBe(1);
  });

  it('shows the demo’s outcome-based contract, active, with the commitments the winning bid became bound by', async () => {
    const id = await demoContractId(t);
    const c = (await t.http.get(`/api/v1/contracts/${id}`).set(await who('auditor@northmere.test'))).body;
    expect(c).toMatchObject({
      status: 'active',
      paymentMechanism: 'fixed_fee_plus_outcomes',
      tag: 'whole-system',
      provider: { name: 'Brightpath Community Interest Company' },
    });
    expect(c.commitments.filter((x: { kind: string }) => x.kind === 'public_character')).toHaveLength(10);
    expect(c.commitments.some((x: { kind: string }) => x.kind === 'social_value')).toBe(true);
    expect(c.extensionOptions).toHaveLength(1);
  });

  it('shows the demo’s second contract: Southvale’s fixed fee, paid quarterly in arrears, evaluated from its marks', async () => {
    const auditor = await who('auditor@southvale.test');
    const [{ id, tenderId }] = await asOwner<{ id: string; tenderId: string }>(
      t,
      `SELECT id, tender_id AS "tenderId" FROM contracts WHERE reference = 'SVICB-2024-006'`,
    );
    const c = (await t.http.get(`/api/v1/contracts/${id}`).set(auditor)).body;
    expect(c).toMatchObject({ status: 'active', paymentMechanism: 'fixed_fee', tag: 'operational', provider: { name: 'Meadow Mutual' } });
    // Nothing varied: the value now is the value at award.
    expect(c.value).toBe(c.awardedValue);
    // The award is the engine's, from the stored marks: the bundle recomputes to the stored result.
    const bundle = (await t.http.get(`/api/v1/tenders/${tenderId}/evaluation/bundle`).set(auditor)).body;
    const stored = (await t.http.get(`/api/v1/tenders/${tenderId}/evaluation/result`).set(auditor)).body;
    expect(evaluate(bundle.engine).digest).toBe(stored.digest);
    expect(stored.lots[0].winner).toBe(c.bidId);
    // Twelve quarterly instalments that add up to the fee; those that fell due more than a month ago are paid.
    const schedule = (await t.http.get(`/api/v1/contracts/${id}/payments`).set(auditor)).body;
    const fees = schedule.items.filter((p: { kind: string }) => p.kind === 'fixed_fee');
    expect(fees).toHaveLength(12);
    expect(schedule.totals.fixedFee).toBe(c.awardedValue);
    const monthAgo = addDays(londonToday(), -30);
    for (const p of fees as { dueOn: string; state: string }[]) expect([p.dueOn, p.state === 'paid']).toEqual([p.dueOn, p.dueOn < monthAgo]);
    expect(fees.some((p: { state: string }) => p.state === 'paid')).toBe(true);
    const kpis = (await t.http.get(`/api/v1/contracts/${id}/kpis`).set(auditor)).body.items;
    expect(kpis).toHaveLength(3);
    const assessments = (await t.http.get(`/api/v1/contracts/${id}/assessments`).set(auditor)).body.items;
    expect(assessments.map((a: { occasion: string; rating: string }) => [a.occasion, a.rating])).toEqual([['yearly', 'good']]);
    // Northmere cannot see it.
    expect((await t.http.get(`/api/v1/contracts/${id}`).set(await who('auditor@northmere.test'))).status).toBe(404);
  });

  it('refuses bad terms field by field and loses nothing already stored', async () => {
    const { id } = await pendingContract(t, 'northmere');
    const cm = await who('contracts@northmere.test');
    const bad = await t.http
      .patch(`/api/v1/contracts/${id}`)
      .set(cm)
      .send({ version: 1, startsOn: '2027-02-30', tag: 'tactical', extensionOptions: [{ months: 0 }] });
    expect(bad.status).toBe(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    const fields = bad.body.errors.map((x: { field: string }) => x.field);
    expect(fields).toEqual(expect.arrayContaining(['tag', 'extensionOptions.0.months', 'extensionOptions.0.value', 'extensionOptions.0.decideBy']));
    const rule = await t.http.patch(`/api/v1/contracts/${id}`).set(cm).send({ version: 1, startsOn: '2027-02-30', endsOn: '2026-01-01' });
    expect(rule.status).toBe(400);
    expect(rule.body.errors.map((x: { field: string; rule: string }) => `${x.field}:${x.rule}`)).toEqual(['startsOn:date']);
    const before = (await t.http.get(`/api/v1/contracts/${id}`).set(cm)).body;
    expect(before).toMatchObject({ version: 1, tag: 'operational', startsOn: '2027-04-01' });
  });

  it('tells the second of two editors that the contract changed, keeping the first change', async () => {
    const { id } = await pendingContract(t, 'northmere');
    const cm = await who('contracts@northmere.test');
    const first = await t.http
      .patch(`/api/v1/contracts/${id}`)
      .set(cm)
      .send({ version: 1, endsOn: '2031-03-31', paymentMechanism: 'fixed_fee_plus_outcomes', minimumFixedFee: '900000.00' });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ version: 2, endsOn: '2031-03-31', minimumFixedFee: '900000.00' });
    const second = await t.http
      .patch(`/api/v1/contracts/${id}`)
      .set(await who('commissioner@northmere.test'))
      .send({ version: 1, tag: 'whole-system' });
    expect(second.status).toBe(409);
    expect(second.body).toMatchObject({ type: '/problems/version-conflict', version: 2 });
    expect((await t.http.get(`/api/v1/contracts/${id}`).set(cm)).body).toMatchObject({ version: 2, tag: 'operational', endsOn: '2031-03-31' });
  });

  it('activates above £5m only with three KPIs or a recorded exemption (Procurement Act 2023 s.52)', async () => {
    const { id } = await pendingContract(t, 'northmere', { awardedValue: '6300000.00' });
    const cm = await who('contracts@northmere.test');
    const refused = await t.http.post(`/api/v1/contracts/${id}/activation`).set(cm).send({ version: 1 });
    expect(refused.status).toBe(409);
    expect(refused.body.type).toBe('/problems/cannot-activate');
    expect(refused.body.problems.map((p: { rule: string }) => p.rule)).toEqual(['kpis-required']);
    expect(
      (await t.http.patch(`/api/v1/contracts/${id}`).set(cm).send({ version: 1, kpiExemptionReason: 'Measured through the regional framework’s KPIs' })).status,
    ).toBe(200);
    const signed = await t.http.post(`/api/v1/contracts/${id}/activation`).set(cm).send({ version: 2 });
    expect(signed.status).toBe(201);
    expect(signed.body).toMatchObject({ status: 'active', activated: { by: expect.any(String) } });
    // Signed: the terms change only by a variation now.
    const late = await t.http.patch(`/api/v1/contracts/${id}`).set(cm).send({ version: 3, tag: 'whole-system' });
    expect(late.status).toBe(409);
    expect(late.body).toMatchObject({ type: '/problems/contract-not-pending', contractStatus: 'active' });
  });

  it('activates payment by results only once a second person has accepted the risk, in the database too', async () => {
    const { id } = await pendingContract(t, 'northmere', { paymentMechanism: 'payment_by_results' });
    const cm = await who('contracts@northmere.test');
    expect((await t.http.get(`/api/v1/contracts/${id}`).set(cm)).body.highRisk).toBe(true);
    // What it pays for: one priced outcome.
    const metric = {
      code: 'RO-1',
      title: 'No proven re-offending',
      definition: 'People with no proven re-offence within 12 months',
      unit: 'person',
      baseline: '0.5',
      target: '0.6',
      measurement: 'Police National Computer match',
      validationMethod: 'Data lab match',
      dataSource: 'Police National Computer',
      frequency: 'yearly',
      pricePerUnit: '2500.00',
    };
    expect((await t.http.post(`/api/v1/contracts/${id}/outcome-metrics`).set(cm).send(metric)).status).toBe(201);
    expect((await t.http.post(`/api/v1/contracts/${id}/activation`).set(cm).send({ version: 1 })).body.problems.map((p: { rule: string }) => p.rule)).toEqual([
      'risk-acceptance-required',
    ]);
    // The database refuses it too, whatever the code: active without an acceptance is not a state it holds.
    await expect(asOwner(t, `UPDATE contracts SET status = 'active', activated_at = now() WHERE id = $1`, [id])).rejects.toThrow(/check constraint/);
    const noNote = await t.http.post(`/api/v1/contracts/${id}/risk-acceptance`).set(cm).send({ version: 1, note: '' });
    expect(noNote.status).toBe(400);
    expect(noNote.body.errors[0].field).toBe('note');
    expect(
      (await t.http.post(`/api/v1/contracts/${id}/risk-acceptance`).set(cm).send({ version: 1, note: 'The board accepts the risk: proven model' })).status,
    ).toBe(201);
    const same = await t.http.post(`/api/v1/contracts/${id}/activation`).set(cm).send({ version: 2 });
    expect(same.body.problems.map((p: { rule: string }) => p.rule)).toEqual(['second-person']);
    const other = await t.http
      .post(`/api/v1/contracts/${id}/activation`)
      .set(await who('commissioner@northmere.test'))
      .send({ version: 2 });
    expect(other.status).toBe(201);
    const fixed = await pendingContract(t, 'northmere');
    expect((await t.http.post(`/api/v1/contracts/${fixed.id}/risk-acceptance`).set(cm).send({ version: 1, note: 'x' })).body.type).toBe(
      '/problems/no-risk-to-accept',
    );
  });

  it('ends a contract early only with a date in its period and a reason, once', async () => {
    const { id } = await pendingContract(t, 'northmere');
    const cm = await who('contracts@northmere.test');
    const outside = await t.http.post(`/api/v1/contracts/${id}/termination`).set(cm).send({ version: 1, on: '2035-01-01', reason: 'Moving in-house' });
    expect(outside.status).toBe(400);
    expect(outside.body.errors[0]).toMatchObject({ field: 'on', rule: 'within-period' });
    // A month that does not exist is a date that is not a date (it once threw, a 500).
    const noSuchDay = await t.http.post(`/api/v1/contracts/${id}/termination`).set(cm).send({ version: 1, on: '2028-13-01', reason: 'Moving in-house' });
    expect(noSuchDay.status).toBe(400);
    expect(noSuchDay.body.errors[0]).toMatchObject({ field: 'on', rule: 'date' });
    const noReason = await t.http.post(`/api/v1/contracts/${id}/termination`).set(cm).send({ version: 1, on: '2028-01-31' });
    expect([...new Set(noReason.body.errors.map((x: { field: string }) => x.field))]).toEqual(['reason']);
    const done = await t.http.post(`/api/v1/contracts/${id}/termination`).set(cm).send({ version: 1, on: '2028-01-31', reason: 'Moving in-house' });
    expect(done.status).toBe(201);
    expect(done.body).toMatchObject({ status: 'terminated', termination: { on: '2028-01-31', reason: 'Moving in-house' } });
    expect((await t.http.post(`/api/v1/contracts/${id}/termination`).set(cm).send({ version: 2, on: '2028-02-01', reason: 'Again' })).body.type).toBe(
      '/problems/contract-ended',
    );
    const [audit] = await asOwner<{ actions: string[] }>(t, `SELECT array_agg(action ORDER BY occurred_at) AS actions FROM audit_events WHERE entity_id = $1`, [
      id,
    ]);
    expect(audit.actions).toEqual(['contract.terminated']);
  });

  it('shows each authority only its own contracts, and each provider only those it holds', async () => {
    const southvale = await pendingContract(t, 'southvale');
    const cm = await who('contracts@northmere.test');
    expect((await t.http.get(`/api/v1/contracts/${southvale.id}`).set(cm)).status).toBe(404);
    expect((await t.http.get('/api/v1/contracts').set(cm)).body.items.map((c: { id: string }) => c.id)).not.toContain(southvale.id);
    const brightpath = (await t.http.get('/api/v1/provider/contracts').set(await who('bids@brightpath.test', 'northmere'))).body.items;
    expect(brightpath.map((c: { id: string }) => c.id)).toContain(await demoContractId(t));
    expect(brightpath.every((c: { provider: { id: string } }) => c.provider.id === brightpath[0].provider.id)).toBe(true);
    expect(brightpath.find((c: { id: string }) => c.id === southvale.id)).toBeUndefined();
    const castleton = await who('bids@castleton.test', 'southvale');
    const theirs = (await t.http.get('/api/v1/provider/contracts').set(castleton)).body.items.map((c: { id: string; authority: { name: string } }) => c.id);
    expect(theirs).toContain(southvale.id);
    expect(theirs).not.toContain(await demoContractId(t));
    expect((await t.http.get(`/api/v1/provider/contracts/${await demoContractId(t)}`).set(castleton)).status).toBe(404);
  });

  it('lists the authority’s contracts a page at a time in reference order, by status, refusing a bad cursor', async () => {
    const cm = await who('contracts@northmere.test');
    for (let i = 0; i < 3; i++) await pendingContract(t, 'northmere');
    const all = (await t.http.get('/api/v1/contracts?limit=100').set(cm)).body.items.map((c: { id: string }) => c.id);
    const seen: string[] = [];
    let after: string | null = null;
    do {
      const page: { body: { items: { id: string }[]; next: string | null } } = await t.http
        .get(`/api/v1/contracts?limit=2${after ? `&after=${after}` : ''}`)
        .set(cm);
      expect(page.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.items.map((c) => c.id));
      after = page.body.next;
    } while (after);
    expect(seen).toEqual(all);
    const references = (await t.http.get('/api/v1/contracts?limit=100').set(cm)).body.items.map((c: { reference: string }) => c.reference);
    expect([...references].sort()).toEqual(references);
    const active = (await t.http.get('/api/v1/contracts?status=active').set(cm)).body.items;
    expect(active.length).toBeGreaterThan(0);
    expect(active.every((c: { status: string }) => c.status === 'active')).toBe(true);
    const bad = await t.http.get('/api/v1/contracts?limit=0&status=lost&after=nope').set(cm);
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['after', 'limit', 'status']);
    const foreign = (await t.http.get('/api/v1/contracts').set(await who('auditor@southvale.test'))).body.items[0];
    const stranger = await t.http.get(`/api/v1/contracts?after=${foreign?.id ?? '00000000-0000-4000-8000-000000000000'}`).set(cm);
    expect(stranger.body.errors).toEqual([expect.objectContaining({ field: 'after', rule: 'exists' })]);
  });
});
