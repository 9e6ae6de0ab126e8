import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Decimal } from 'decimal.js';
import { IdempotencyExpiryJob } from '#jobs';
import { londonToday } from '#kernel';
import { EMPLOYMENT_METRIC, outcomeContract, outcomeReport, paymentLine, pendingContract } from '../support/contract-fixtures.js';
import { asOwner, login, startTestApp, type TestApp } from '../support/test-app.js';
import { waitUntil } from '../support/wait.js';

const POPULATION = { deprivation_decile: '3.2', aged_18_24: '0.42' };

/**
 * Outcomes read in context and the payments they earn (issue 14, items 2 and 3): metrics set while the
 * contract is pending; the provider reports ended periods; the contract manager validates once, and the
 * validation writes the payment the units earn, capped, in its own transaction; a repeated request with
 * the same Idempotency-Key is answered again, never paid twice; the fixed fee is scheduled at signature;
 * payments are approved once due and recorded paid. Bad input is refused field by field, nothing lost.
 */
describe('outcomes and payments', () => {
  let t: TestApp;
  const who = async (email: string, authority?: string) => ({ authorization: `Bearer ${await login(t, email, authority)}` });
  const at = (id: string, rest = '') => `/api/v1/contracts/${id}${rest}`;
  const mine = (id: string, rest = '') => `/api/v1/provider/contracts/${id}${rest}`;

  beforeAll(async () => {
    t = await startTestApp({ env: { LOGIN_RATE_LIMIT: '1000' }, awaitStartupJobs: true });
  });
  afterAll(async () => t?.close());

  it('sets a pending contract’s outcome metrics field by field, and refuses what does not hold', async () => {
    const { id } = await pendingContract(t, 'northmere', { paymentMechanism: 'fixed_fee_plus_outcomes' });
    const cm = await who('contracts@northmere.test');
    const bad = await t.http
      .post(at(id, '/outcome-metrics'))
      .set(cm)
      .send({
        ...EMPLOYMENT_METRIC,
        code: 'emp 1',
        target: '1.5',
        frequency: 'monthly',
        contextModel: { source: 'x', factors: [{ key: 'Bad Key', label: 'x', reference: 'five', coefficient: '1' }] },
      });
    expect(bad.status).toBe(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    expect(bad.body.errors.map((e: { field: string }) => e.field)).toEqual(
      expect.arrayContaining(['code', 'target', 'frequency', 'contextModel.factors.0.key', 'contextModel.factors.0.reference']),
    );
    const rules = await t.http
      .post(at(id, '/outcome-metrics'))
      .set(cm)
      .send({ ...EMPLOYMENT_METRIC, attributionShare: '0.5', periodCap: '90000.00', totalCap: '50000.00' });
    expect(rules.status).toBe(400);
    expect(rules.body.errors.map((e: { rule: string }) => e.rule)).toEqual(['not-shared', 'within-total']);
    const made = await t.http
      .post(at(id, '/outcome-metrics'))
      .set(cm)
      .send({ ...EMPLOYMENT_METRIC, sharedWith: ['Jobcentre Plus'], attributionShare: '0.5', milestones: [{ by: '2028-03-31', target: '0.25' }] });
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({ code: 'EMP-1', target: '0.3000', attributionShare: '0.5000', pricePerUnit: '1800.00', version: 1 });
    expect((await t.http.post(at(id, '/outcome-metrics')).set(cm).send(EMPLOYMENT_METRIC)).body.type).toBe('/problems/metric-code-taken');
    const changed = await t.http
      .patch(at(id, `/outcome-metrics/${made.body.id}`))
      .set(cm)
      .send({ version: 1, target: '0.32' });
    expect(changed.body).toMatchObject({ target: '0.3200', version: 2 });
    const stale = await t.http
      .patch(at(id, `/outcome-metrics/${made.body.id}`))
      .set(cm)
      .send({ version: 1, target: '0.9' });
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({ type: '/problems/version-conflict', version: 2 });
    // Nothing refused was stored.
    const rows = await asOwner<{ code: string; target: string }>(t, `SELECT code, target FROM outcome_metrics WHERE contract_id = $1`, [id]);
    expect(rows).toEqual([{ code: 'EMP-1', target: '0.3200' }]);
    // A fixed-fee contract pays no outcomes.
    const fixed = await pendingContract(t, 'northmere');
    expect((await t.http.post(at(fixed.id, '/outcome-metrics')).set(cm).send(EMPLOYMENT_METRIC)).body.errors).toEqual([
      expect.objectContaining({ field: 'pricePerUnit', rule: 'not-paid-for-outcomes' }),
    ]);
  });

  it('signs a contract paying for outcomes only with a priced metric and its fixed fee set, and schedules the fee then', async () => {
    const cm = await who('contracts@northmere.test');
    const bare = await pendingContract(t, 'northmere', { paymentMechanism: 'fixed_fee_plus_outcomes' });
    const refused = await t.http.post(at(bare.id, '/activation')).set(cm).send({ version: 1 });
    expect(refused.status).toBe(409);
    expect(refused.body.problems.map((p: { rule: string }) => p.rule)).toEqual(['fixed-fee-required', 'outcomes-required']);
    const c = await outcomeContract(t, 'northmere', { status: 'pending' });
    const signed = await t.http.post(at(c.id, '/activation')).set(cm).send({ version: c.version });
    expect(signed.status).toBe(201);
    const schedule = (await t.http.get(at(c.id, '/payments')).set(await who('auditor@northmere.test'))).body;
    // £900,000 over 16 quarters: £56,250 each, the first due at the end of the contract's first quarter (already past).
    expect(schedule.items).toHaveLength(16);
    expect(schedule.items.every((l: { kind: string; amount: string }) => l.kind === 'fixed_fee' && l.amount === '56250.00')).toBe(true);
    expect(schedule.totals).toMatchObject({ fixedFee: '900000.00', outcomes: '0.00', paid: '0.00' });
    expect(schedule.items[0].state).toBe('due');
    expect(schedule.items[15].state).toBe('scheduled');
  });

  it('takes a provider’s report of an ended period, refusing bad figures field by field, and tells the contract managers', async () => {
    const c = await outcomeContract(t, 'northmere', { provider: 'Brightpath Community Interest Company' });
    const bp = await who('bids@brightpath.test');
    const send = (body: object) => t.http.post(mine(c.id, '/outcome-reports')).set(bp).send(body);
    const good = { metricId: c.metricId, period: 1, cohort: 100, achieved: 57, population: POPULATION, narrative: 'Quarterly return' };
    const bad = await send({ ...good, achieved: 101, population: { deprivation_decile: 'low', shoe_size: '9' } });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string; rule: string }) => `${e.field}:${e.rule}`)).toEqual([
      'achieved:within-cohort',
      'population.deprivation_decile:decimal',
      'population.aged_18_24:required',
      'population.shoe_size:unknown',
    ]);
    // The contract began two years ago: its ninth quarter is under way.
    expect((await send({ ...good, period: 9 })).body.errors).toEqual([expect.objectContaining({ field: 'period', rule: 'ended' })]);
    expect((await send({ ...good, period: 99 })).body.errors).toEqual([expect.objectContaining({ field: 'period', rule: 'exists' })]);
    const sent = await send(good);
    expect(sent.status).toBe(201);
    expect(sent.body).toMatchObject({ period: 1, cohort: 100, achieved: 57, validation: null });
    expect((await send(good)).body.type).toBe('/problems/awaiting-validation');
    // The database keeps the report among those waiting for the contract manager (what the dashboard reads).
    const awaiting = `SELECT count(*)::int AS n FROM outcome_reports_awaiting WHERE report_id = $1`;
    expect((await asOwner<{ n: number }>(t, awaiting, [sent.body.id]))[0].n).toBe(1);
    // Castleton cannot report on Brightpath's contract: it is not found.
    expect(
      (
        await t.http
          .post(mine(c.id, '/outcome-reports'))
          .set(await who('bids@castleton.test'))
          .send(good)
      ).status,
    ).toBe(404);
    const told = `SELECT to_address, subject FROM email_deliveries WHERE template = 'outcome-reported' AND html_body LIKE $1`;
    await waitUntil(async () => (await asOwner(t, told, [`%${c.id}%`])).length >= 1, 20_000, 'the outcome report e-mail');
    const mails = await asOwner<{ to_address: string; subject: string }>(t, told, [`%${c.id}%`]);
    expect(mails.map((m) => m.to_address)).toEqual(['contracts@northmere.test']);
    expect(mails[0].subject).toMatch(/^Outcome result to validate: RO-1 No proven re-offending, period 1, /);
  });

  it('validates a result in context and pays what it earns, capped, once for each Idempotency-Key', async () => {
    const c = await outcomeContract(t, 'northmere');
    const report = await outcomeReport(t, c, 1, { cohort: 100, achieved: 57 });
    const cm = await who('contracts@northmere.test');
    const path = at(c.id, `/outcome-reports/${report}/validation`);
    expect((await t.http.post(path).set(cm).send({ decision: 'adjusted', units: 55 })).body.errors).toEqual([
      expect.objectContaining({ field: 'reason', rule: 'required' }),
    ]);
    const key = { 'idempotency-key': `validate-${report}` };
    const first = await t.http.post(path).set(cm).set(key).send({ decision: 'accepted' });
    expect(first.status).toBe(201);
    // Validated, it no longer waits.
    expect((await asOwner<{ n: number }>(t, `SELECT count(*)::int AS n FROM outcome_reports_awaiting WHERE report_id = $1`, [report]))[0].n).toBe(0);
    // Expected of this cohort: 0.62 − 0.036 − 0.018 = 0.566; 57 of 100 is above it. 57 × £2,500 × 0.6 = £85,500.
    expect(first.body.report.validation).toMatchObject({ decision: 'accepted', units: 57, target: '0.6200', expected: '0.5660', resultRate: '0.5700' });
    expect(first.body.payment).toMatchObject({ kind: 'outcome', amount: '85500.00', earned: '85500.00', cappedBy: null, state: 'due' });
    const again = await t.http.post(path).set(cm).set(key).send({ decision: 'accepted' });
    expect(again.status).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toEqual(first.body);
    const reused = await t.http.post(path).set(cm).set(key).send({ decision: 'rejected', reason: 'x' });
    expect(reused.status).toBe(422);
    expect(reused.body.type).toBe('/problems/idempotency-key-reused');
    expect((await t.http.post(path).set(cm).set({ 'idempotency-key': 'é' }).send({ decision: 'accepted' })).body.errors).toEqual([
      expect.objectContaining({ field: 'Idempotency-Key' }),
    ]);
    // Without the key, a second validation of the same report is refused: a report takes one.
    expect((await t.http.post(path).set(cm).send({ decision: 'accepted' })).body.type).toBe('/problems/already-validated');
    const [paid] = await asOwner<{ n: number }>(t, `SELECT count(*)::int AS n FROM contract_payments WHERE contract_id = $1 AND kind = 'outcome'`, [c.id]);
    expect(paid.n).toBe(1);

    // Period 2: 96 of 100 earn £144,000, capped at £120,000 for the quarter.
    const second = await t.http
      .post(at(c.id, `/outcome-reports/${await outcomeReport(t, c, 2, { cohort: 100, achieved: 96 })}/validation`))
      .set(cm)
      .send({ decision: 'accepted' });
    expect(second.body.payment).toMatchObject({ amount: '120000.00', earned: '144000.00', cappedBy: 'period' });
    // Period 3: £250,000 in all for the metric, £205,500 paid: £44,500 left of what 40 units earn (£60,000).
    const third = await t.http
      .post(at(c.id, `/outcome-reports/${await outcomeReport(t, c, 3, { cohort: 100, achieved: 40 })}/validation`))
      .set(cm)
      .send({ decision: 'adjusted', units: 40, reason: 'x' });
    expect(third.body.errors).toEqual([expect.objectContaining({ rule: 'changed' })]);
    const capped = await t.http
      .post(at(c.id, `/outcome-reports/${await outcomeReport(t, c, 4, { cohort: 100, achieved: 40 })}/validation`))
      .set(cm)
      .send({ decision: 'accepted' });
    expect(capped.body.payment).toMatchObject({ amount: '44500.00', earned: '60000.00', cappedBy: 'metric-total' });

    const board = (await t.http.get(at(c.id, '/outcomes')).set(await who('scrutiny@northmere.test'))).body;
    const periods = board.metrics[0].periods;
    expect(periods.slice(0, 4).map((p: { state: string }) => p.state)).toEqual(['validated', 'validated', 'awaiting-validation', 'validated']);
    expect(periods[0].result).toMatchObject({ rate: '0.5700', expected: '0.5660', belowExpected: false });
    expect(board.metrics[0].totals).toMatchObject({ units: 193, payable: '250000.00' });
    const audit = await asOwner<{ action: string }>(t, `SELECT action FROM audit_events WHERE entity_id = $1 ORDER BY occurred_at`, [c.id]);
    expect(audit.filter((a) => a.action === 'contract.outcome-payment')).toHaveLength(3);
  });

  it('keeps an Idempotency-Key a week: the nightly job forgets older ones, at every authority, and keeps the rest', async () => {
    const c = await outcomeContract(t, 'northmere');
    const cm = await who('contracts@northmere.test');
    const line = await paymentLine(t, c.id);
    const send = (key: string) =>
      t.http
        .post(at(c.id, `/payments/${line}/approval`))
        .set(cm)
        .set('idempotency-key', key)
        .send({ version: 1 });
    expect((await send('approve-fresh')).status).toBe(201);
    await asOwner(
      t,
      `INSERT INTO idempotent_requests (tenant_id, caller, key, fingerprint, status, body, created_at)
       SELECT a.id, 'user:' || gen_random_uuid(), 'old-' || a.slug, repeat('0', 64), 201, '{}', now() - interval '8 days' FROM authorities a`,
    );
    const keys = () =>
      asOwner<{ key: string }>(t, `SELECT key FROM idempotent_requests WHERE key IN ('approve-fresh', 'old-northmere', 'old-southvale') ORDER BY key`);
    expect((await keys()).map((k) => k.key)).toEqual(['approve-fresh', 'old-northmere', 'old-southvale']);
    const job = t.app.get(IdempotencyExpiryJob);
    expect(await job.run()).toBeGreaterThanOrEqual(2);
    expect((await keys()).map((k) => k.key)).toEqual(['approve-fresh']);
    // Still within its week, the fresh key replays its answer.
    const again = await send('approve-fresh');
    expect(again.headers['idempotent-replayed']).toBe('true');
    // A week on, it is forgotten too.
    expect(await job.run(new Date(Date.now() + 8 * 86_400_000))).toBeGreaterThanOrEqual(1);
    expect(await keys()).toEqual([]);
  });

  it('never lets two validations at once spend the same headroom under the contract’s cap', async () => {
    // No period cap: each quarter's 100 units earn £150,000, and the contract's outcome pot is £300,000 (the metric's £250,000 binds first).
    const c = await outcomeContract(t, 'northmere', { periodCap: null });
    const reports = await Promise.all([1, 2, 3].map((p) => outcomeReport(t, c, p, { cohort: 100, achieved: 100 })));
    const cm = await who('contracts@northmere.test');
    const answers = await Promise.all(
      reports.map((r) =>
        t.http
          .post(at(c.id, `/outcome-reports/${r}/validation`))
          .set(cm)
          .send({ decision: 'accepted' }),
      ),
    );
    expect(answers.map((a) => a.status)).toEqual([201, 201, 201]);
    const amounts = answers.map((a) => new Decimal(a.body.payment?.amount ?? 0));
    expect(amounts.reduce((s, a) => s.plus(a), new Decimal(0)).toFixed(2)).toBe('250000.00');
  });

  it('rejects a result with a reason; the provider reports the period again', async () => {
    const c = await outcomeContract(t, 'northmere', { provider: 'Brightpath Community Interest Company' });
    const report = await outcomeReport(t, c, 1);
    const cm = await who('contracts@northmere.test');
    const rejected = await t.http
      .post(at(c.id, `/outcome-reports/${report}/validation`))
      .set(cm)
      .send({ decision: 'rejected', reason: 'No data lab match attached' });
    expect(rejected.status).toBe(201);
    expect(rejected.body).toMatchObject({ payment: null, report: { validation: { decision: 'rejected', units: 0, expected: null } } });
    const again = await t.http
      .post(mine(c.id, '/outcome-reports'))
      .set(await who('bids@brightpath.test'))
      .send({ metricId: c.metricId, period: 1, cohort: 100, achieved: 54, population: POPULATION, narrative: 'With the data lab match' });
    expect(again.status).toBe(201);
    // The old report is superseded: only the newest is validated.
    expect(
      (
        await t.http
          .post(at(c.id, `/outcome-reports/${report}/validation`))
          .set(cm)
          .send({ decision: 'accepted' })
      ).body.type,
    ).toBe('/problems/report-superseded');
    const board = (await t.http.get(mine(c.id, '/outcomes')).set(await who('bids@brightpath.test'))).body;
    expect(board.metrics[0].periods[0]).toMatchObject({ state: 'awaiting-validation', reports: 2 });
    expect(board.reports).toHaveLength(2);
  });

  it('approves a payment once it is due, by a person, and records it paid', async () => {
    const c = await outcomeContract(t, 'northmere');
    const line = await paymentLine(t, c.id);
    const cm = await who('contracts@northmere.test');
    const approved = await t.http
      .post(at(c.id, `/payments/${line}/approval`))
      .set(cm)
      .send({ version: 1 });
    expect(approved.status).toBe(201);
    expect(approved.body).toMatchObject({ state: 'approved', version: 2 });
    expect(
      (
        await t.http
          .post(at(c.id, `/payments/${line}/approval`))
          .set(cm)
          .send({ version: 2 })
      ).body.type,
    ).toBe('/problems/payment-not-approvable');
    const future = await t.http
      .post(at(c.id, `/payments/${line}/payment`))
      .set(cm)
      .send({ version: 2, paidOn: '2999-01-01' });
    expect(future.status).toBe(400);
    expect(future.body.errors).toEqual([expect.objectContaining({ field: 'paidOn', rule: 'not-in-future' })]);
    expect(
      (
        await t.http
          .post(at(c.id, `/payments/${line}/payment`))
          .set(cm)
          .send({ version: 1, paidOn: londonToday() })
      ).status,
    ).toBe(409);
    const paid = await t.http
      .post(at(c.id, `/payments/${line}/payment`))
      .set(cm)
      .send({ version: 2, paidOn: londonToday() });
    expect(paid.body).toMatchObject({ state: 'paid', paid: { on: londonToday() } });
    // A payment not yet due is not approved.
    const later = await paymentLine(t, c.id);
    await asOwner(t, `UPDATE contract_payments SET due_on = current_date + 30 WHERE id = $1`, [later]);
    const early = await t.http
      .post(at(c.id, `/payments/${later}/approval`))
      .set(cm)
      .send({ version: 1 });
    expect(early.status).toBe(409);
    expect(early.body.problems).toEqual([expect.objectContaining({ rule: 'not-yet-due' })]);
    // The provider reads its schedule; totals to the penny.
    const schedule = (await t.http.get(mine(c.id, '/payments')).set(await who('bids@castleton.test'))).body;
    expect(schedule.totals).toMatchObject({ paid: '75000.00', fixedFee: '150000.00' });
  });
});
