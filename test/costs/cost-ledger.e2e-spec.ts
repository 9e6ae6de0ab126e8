import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { parse } from 'csv-parse/sync';
import { londonToday } from '#kernel';
import { outcomeContract, outcomeReport, paymentLine, pendingContract } from '../support/contract-fixtures.js';
import { asOwner, login, startTestApp, type TestApp } from '../support/test-app.js';

/**
 * The whole-life cost ledger (issue 15, items 1, 2 and 4): entries recorded by people and finance systems,
 * checked whole; corrections as reversals with a reason; the entries a contract's own events write in their
 * transaction (signature, payments, changes); a cycle's costs shared among its contracts; the figures; the
 * CSV export; append-only in the database and scoped to the authority.
 */
describe('whole-life cost ledger', () => {
  let t: TestApp;
  const who = async (email: string, authority?: string) => ({ authorization: `Bearer ${await login(t, email, authority)}` });
  const at = (id: string, rest = '') => `/api/v1/contracts/${id}${rest}`;
  const entry = (over: Record<string, unknown> = {}) => ({
    occurredOn: '2025-12-02',
    amount: '100000.00',
    bearer: 'authority',
    type: 'purchased',
    phase: 'operational',
    classification: 'contract-payments',
    description: 'Quarterly fee from the finance system',
    ...over,
  });

  beforeAll(async () => {
    t = await startTestApp({ env: { LOGIN_RATE_LIMIT: '1000' } });
  });
  afterAll(async () => t?.close());

  it('shares a commissioning cycle’s costs among the contracts it led to, by award value', async () => {
    const commissioner = await who('commissioner@northmere.test');
    const cycle = (
      await t.http
        .post('/api/v1/cycles')
        .set(commissioner)
        .send({ reference: 'WLC-CYC-1', title: 'Cost sharing', purpose: 'p', accountability: 'a', success: 's' })
    ).body;
    const procurement = await t.http
      .post(`/api/v1/cycles/${cycle.id}/costs/entries`)
      .set(commissioner)
      .send(
        entry({
          occurredOn: '2026-03-31',
          amount: '9000.00',
          phase: 'procurement',
          classification: 'procurement-costs',
          description: 'Tender evaluation panel',
        }),
      );
    expect(procurement.status).toBe(201);
    expect(procurement.body).toMatchObject({ source: 'entered', basis: 'actual', classificationName: 'Procurement costs', reversedBy: null });
    await t.http
      .post(`/api/v1/cycles/${cycle.id}/costs/entries`)
      .set(commissioner)
      .send(entry({ occurredOn: '2026-01-15', amount: '100.00', phase: 'development', classification: 'market-engagement', description: 'Provider day' }));

    // Two contracts come of the cycle's tender: £1,200,000 and £600,000, two thirds and one third (the tender goes back to its own cycle after).
    const [tender] = await asOwner<{ cycle: string | null }>(t, `SELECT cycle_id AS cycle FROM tenders WHERE reference = 'NCC-2026-017'`);
    await asOwner(t, `UPDATE tenders SET cycle_id = $1 WHERE reference = 'NCC-2026-017'`, [cycle.id]);
    const big = await pendingContract(t, 'northmere');
    const small = await pendingContract(t, 'northmere', { awardedValue: '600000.00' });
    const auditor = await who('auditor@northmere.test');
    const costsOf = async (id: string) => (await t.http.get(at(id, '/costs')).set(auditor)).body;
    const [a, b] = [await costsOf(big.id), await costsOf(small.id)];
    expect(a.cycle).toEqual({ id: cycle.id, share: { value: '1200000.00', of: '1800000.00' } });
    // 9,000 × 2/3 = 6,000 and 100 × 2/3 = 66.67; the other third 3,000 and 33.33.
    expect(a.actual).toMatchObject({ nominal: '6066.67', servicePayments: '0.00', transactionCosts: '6066.67', transactionCostRatio: null });
    expect(b.actual).toMatchObject({ nominal: '3033.33' });
    expect(a.actual.byPhase).toEqual([
      { phase: 'development', name: 'Development and design', nominal: '66.67' },
      { phase: 'procurement', name: 'Procurement and contract set-up', nominal: '6000.00' },
      { phase: 'operational', name: 'Operational and management', nominal: '0.00' },
      { phase: 'exit', name: 'Exit and transition', nominal: '0.00' },
    ]);
    // The cycle's own ledger is read by the scrutiny member, not written by them.
    const scrutiny = await who('scrutiny@northmere.test');
    expect((await t.http.get(`/api/v1/cycles/${cycle.id}/costs/entries`).set(scrutiny)).body.items).toHaveLength(2);
    expect((await t.http.post(`/api/v1/cycles/${cycle.id}/costs/entries`).set(scrutiny).send(entry())).status).toBe(403);
    await asOwner(t, `UPDATE tenders SET cycle_id = $1 WHERE reference = 'NCC-2026-017'`, [tender.cycle]);
  });

  it('records costs checked whole, computes nominal, real and present cost and the transaction cost ratio, and reverses with a reason', async () => {
    const cm = await who('contracts@northmere.test');
    const c = await pendingContract(t, 'northmere');
    // Awarded on 2024-12-02: the base date of present cost, and 2024 the base year of real cost.
    await asOwner(t, `UPDATE contracts SET awarded_at = '2024-12-02T12:00:00Z' WHERE id = $1`, [c.id]);

    const bad = await t.http.post(at(c.id, '/costs/entries')).set(cm).send({
      occurredOn: '31/12/2025',
      amount: '£5',
      bearer: 'council',
      type: 'staff_time',
      phase: 'operational',
      classification: 'procurement-costs',
      hours: '-1',
      description: ' ',
    });
    expect(bad.status).toBe(400);
    expect(bad.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(bad.body.errors.map((e: { field: string; rule: string }) => `${e.field}:${e.rule}`)).toEqual([
      'occurredOn:date',
      'amount:money',
      'bearer:one-of',
      'classification:in-phase',
      'hours:quantity',
      'hourlyRate:money',
      'description:required',
    ]);
    const refused = async (over: Record<string, unknown>) => (await t.http.post(at(c.id, '/costs/entries')).set(cm).send(entry(over))).body.errors;
    expect(await refused({ amount: '-10.00' })).toEqual([expect.objectContaining({ field: 'amount', rule: 'not-negative' })]);
    expect(await refused({ occurredOn: '2999-01-01' })).toEqual([expect.objectContaining({ field: 'occurredOn', rule: 'not-in-future' })]);
    expect(await refused({ occurredOn: '2026-13-01' })).toEqual([expect.objectContaining({ field: 'occurredOn', rule: 'date' })]);
    expect(await refused({ classification: 'lunch' })).toEqual([expect.objectContaining({ field: 'classification', rule: 'one-of' })]);
    expect(await refused({ type: 'staff_time', hours: '7.50', hourlyRate: '32.40', amount: '250.00' })).toEqual([
      expect.objectContaining({ field: 'amount', rule: 'hours-times-rate', message: 'amount must be hours × hourlyRate, 243.00' }),
    ]);
    expect(
      (
        await t.http
          .post(at(c.id, '/costs/entries'))
          .set(cm)
          .send({ ...entry(), colour: 'red' })
      ).body.errors[0],
    ).toMatchObject({
      field: 'colour',
      rule: 'unknown-field',
    });
    expect((await t.http.get(at(c.id, '/costs/entries')).set(cm)).body.items).toEqual([]);

    const record = async (over: Record<string, unknown>) => {
      const res = await t.http.post(at(c.id, '/costs/entries')).set(cm).send(entry(over));
      expect(res.status).toBe(201);
      return res.body;
    };
    await record({ occurredOn: '2024-06-30', amount: '10000.00', phase: 'procurement', classification: 'contract-design-advice', description: 'Legal advice' });
    await record({});
    const staff = await record({
      occurredOn: '2026-06-30',
      amount: '243.00',
      type: 'staff_time',
      hours: '7.50',
      hourlyRate: '32.40',
      classification: 'quality-audit',
      description: 'Site visit',
    });
    expect(staff).toMatchObject({ hours: '7.50', hourlyRate: '32.40', recordedBy: expect.any(String) });
    const mistake = await record({ occurredOn: '2026-07-01', amount: '5000.00', classification: 'enforcement', description: 'Keyed twice' });

    const auditor = await who('auditor@northmere.test');
    const figures = async () => (await t.http.get(at(c.id, '/costs')).set(auditor)).body;
    const before = await figures();
    // By hand. Nominal: 10,000 + 100,000 + 243 + 5,000. Present at 2024-12-02 on the Green Book's 3.5 %: the legal advice
    // is before the base date (undiscounted); the fee and the visit fall in year 1 (÷ 1.035), as does the mistake.
    // Real, in 2024 prices (index 111.1): the fee 100,000 × 111.1 / 114.6, the visit and the mistake × 111.1 / 117.5.
    expect(before.actual).toMatchObject({
      nominal: '115243.00',
      present: '111684.06',
      real: '111903.32',
      servicePayments: '100000.00',
      transactionCosts: '15243.00',
      transactionCostRatio: '0.1524',
    });
    expect(before).toMatchObject({ baseDate: '2024-12-02', baseYear: 2024, settings: { source: 'default', version: 0 } });

    const reversal = await t.http
      .post(at(c.id, `/costs/entries/${mistake.id}/reversal`))
      .set(cm)
      .send({ reason: 'Keyed twice from the invoice' });
    expect(reversal.status).toBe(201);
    expect(reversal.body).toMatchObject({
      amount: '-5000.00',
      occurredOn: '2026-07-01',
      source: 'reversal',
      reverses: mistake.id,
      reason: 'Keyed twice from the invoice',
    });
    const after = await figures();
    expect(after.actual).toMatchObject({ nominal: '110243.00', present: '106853.14', real: '107175.66', transactionCostRatio: '0.1024' });
    const again = await t.http
      .post(at(c.id, `/costs/entries/${mistake.id}/reversal`))
      .set(cm)
      .send({ reason: 'Again' });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ type: '/problems/already-reversed', reversedBy: reversal.body.id });
    expect(
      (
        await t.http
          .post(at(c.id, `/costs/entries/${reversal.body.id}/reversal`))
          .set(cm)
          .send({ reason: 'x' })
      ).body.type,
    ).toBe('/problems/reversal-not-reversible');
    expect(
      (
        await t.http
          .post(at(c.id, `/costs/entries/${mistake.id}/reversal`))
          .set(cm)
          .send({ reason: '' })
      ).body.errors[0],
    ).toMatchObject({ field: 'reason' });

    const listed = (await t.http.get(at(c.id, '/costs/entries?limit=3')).set(auditor)).body;
    expect(listed.items.map((e: { occurredOn: string }) => e.occurredOn)).toEqual(['2024-06-30', '2025-12-02', '2026-06-30']);
    const rest = (await t.http.get(at(c.id, `/costs/entries?limit=3&after=${listed.next}`)).set(auditor)).body;
    expect(rest).toMatchObject({ next: null, items: [{ id: mistake.id, reversedBy: reversal.body.id }, { id: reversal.body.id }] });
    expect((await t.http.get(at(c.id, '/costs/entries?limit=0')).set(auditor)).body.errors[0]).toMatchObject({ field: 'limit' });

    // The CSV export holds every entry as recorded, the reversal with its reason.
    const csv = await t.http.get(at(c.id, '/costs/export')).set(auditor);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    const rows = parse(csv.text, { columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(5);
    expect(rows[4]).toMatchObject({ amount: '-5000.00', source: 'reversal', reverses: mistake.id, reason: 'Keyed twice from the invoice', basis: 'actual' });
    expect(rows[2]).toMatchObject({ type: 'staff_time', hours: '7.50', hourly_rate: '32.40', classification: 'quality-audit' });

    // Append-only, the owner included; another authority's auditor does not find the ledger.
    await expect(asOwner(t, `UPDATE cost_entries SET amount = 1 WHERE id = $1`, [mistake.id])).rejects.toThrow(/append-only/);
    await expect(asOwner(t, `DELETE FROM cost_entries WHERE id = $1`, [mistake.id])).rejects.toThrow(/append-only/);
    const southvale = await who('auditor@southvale.test');
    expect((await t.http.get(at(c.id, '/costs')).set(southvale)).status).toBe(404);
    expect((await t.http.get(at(c.id, '/costs/entries')).set(southvale)).status).toBe(404);
    expect(
      (
        await t.http
          .post(at(c.id, `/costs/entries/${mistake.id}/reversal`))
          .set(await who('contracts@southvale.test'))
          .send({ reason: 'x' })
      ).status,
    ).toBe(404);
    const audit = await asOwner<{ action: string }>(t, `SELECT action FROM audit_events WHERE entity_id = $1 AND action LIKE 'cost.%' ORDER BY occurred_at`, [
      c.id,
    ]);
    expect(audit.map((a) => a.action)).toEqual([...Array(4).fill('cost.entry-recorded'), 'cost.entry-reversed']);
  });

  it('writes the entries a contract’s events cause, in their own transaction: the signature, each payment paid, each change signed', async () => {
    const cm = await who('contracts@northmere.test');
    const c = await pendingContract(t, 'northmere');
    expect((await t.http.post(at(c.id, '/activation')).set(cm).send({ version: 1 })).status).toBe(201);
    const line = await paymentLine(t, c.id, 'approved');
    expect(
      (
        await t.http
          .post(at(c.id, `/payments/${line}/payment`))
          .set(cm)
          .send({ version: 1, paidOn: londonToday() })
      ).status,
    ).toBe(201);
    const variation = (
      await t.http
        .post(at(c.id, '/changes'))
        .set(cm)
        .send({ kind: 'variation', classification: 'not_substantial', rationale: 'Fewer sites', valueChange: '-20000.00' })
    ).body;
    expect(
      (
        await t.http
          .post(at(c.id, `/changes/${variation.id}/signature`))
          .set(cm)
          .send({ version: 1, signedOn: londonToday() })
      ).status,
    ).toBe(201);

    const entries = (await t.http.get(at(c.id, '/costs/entries')).set(cm)).body.items;
    expect(entries).toEqual([
      expect.objectContaining({ source: 'signature', basis: 'committed', amount: '1200000.00', classification: 'contract-payments', paymentId: null }),
      expect.objectContaining({ source: 'payment', basis: 'actual', amount: '75000.00', paymentId: line, occurredOn: londonToday() }),
      expect.objectContaining({
        source: 'change',
        basis: 'committed',
        amount: '-20000.00',
        changeId: variation.id,
        description: 'Variation 1 signed: value 1200000.00 to 1180000.00',
      }),
    ]);
    const figures = (await t.http.get(at(c.id, '/costs')).set(cm)).body;
    expect(figures.actual).toMatchObject({ nominal: '75000.00', servicePayments: '75000.00', transactionCostRatio: '0.0000' });
    expect(figures.committed).toEqual({ total: '1180000.00', awardedValue: '1200000.00' });
    // An event's entry follows its event: it is not reversed by hand, nor written twice.
    const paid = entries[1];
    expect(
      (
        await t.http
          .post(at(c.id, `/costs/entries/${paid.id}/reversal`))
          .set(cm)
          .send({ reason: 'x' })
      ).body.type,
    ).toBe('/problems/entry-follows-event');
    await expect(
      asOwner(
        t,
        `INSERT INTO cost_entries (id, tenant_id, contract_id, occurred_on, amount, basis, bearer, type, phase, classification, description, source, payment_id)
         SELECT gen_random_uuid(), tenant_id, contract_id, occurred_on, amount, basis, bearer, type, phase, classification, description, source, payment_id
           FROM cost_entries WHERE id = $1`,
        [paid.id],
      ),
    ).rejects.toThrow(/duplicate key/);
  });

  it('pays an outcome contract’s validated outcomes into its ledger as outcome payments', async () => {
    const cm = await who('contracts@northmere.test');
    const c = await outcomeContract(t, 'northmere');
    const report = await outcomeReport(t, c, 1, { cohort: 100, achieved: 57 });
    const validated = (
      await t.http
        .post(at(c.id, `/outcome-reports/${report}/validation`))
        .set(cm)
        .send({ decision: 'accepted' })
    ).body;
    const payment = validated.payment as { id: string; amount: string; label: string };
    await t.http
      .post(at(c.id, `/payments/${payment.id}/approval`))
      .set(cm)
      .send({ version: 1 });
    expect(
      (
        await t.http
          .post(at(c.id, `/payments/${payment.id}/payment`))
          .set(cm)
          .send({ version: 2, paidOn: londonToday() })
      ).status,
    ).toBe(201);
    const [paid] = (await t.http.get(at(c.id, '/costs/entries?basis=actual')).set(cm)).body.items;
    expect(paid).toMatchObject({ classification: 'outcome-payments', amount: '85500.00', description: payment.label, paymentId: payment.id });
  });

  it('imports a finance system’s file of 100,000 costs in one transaction, and refuses one with a bad line whole', async () => {
    const cm = await who('contracts@northmere.test');
    const c = await pendingContract(t, 'northmere');
    const header = 'occurred_on,amount,bearer,type,phase,classification,hours,hourly_rate,description';
    // Line n (from 2) costs n pence, on one of the days of 2025.
    const lines = Array.from({ length: 100_000 }, (_, i) => {
      const day = new Date(Date.UTC(2025, 0, 1) + (i % 365) * 86_400_000).toISOString().slice(0, 10);
      return `${day},${((i + 2) / 100).toFixed(2)},authority,purchased,operational,outcome-validation,,,"Validation batch ${i + 2}, ledger line"`;
    });
    const send = (body: string, name = 'ledger.csv') =>
      t.http.post(at(c.id, '/costs/import')).set(cm).set('content-type', 'text/csv').set('x-file-name', name).send(body);

    const bad = [...lines];
    bad[73_410] = '2025-02-30,12.00,authority,purchased,operational,outcome-validation,,,Bad day';
    bad[99_998] = '2025-03-01,12.00,authority,purchased,operational,lunch,,,Bad code';
    const refused = await send(`${header}\n${bad.join('\n')}\n`);
    expect(refused.status).toBe(422);
    expect(refused.body.type).toBe('/problems/csv-invalid');
    expect(refused.body.errors.map((e: { field: string; rule: string }) => `${e.field}:${e.rule}`)).toEqual([
      'line.73412.occurred_on:date',
      'line.100000.classification:one-of',
    ]);
    expect((await t.http.get(at(c.id, '/costs/entries')).set(cm)).body.items).toEqual([]);
    expect((await t.http.post(at(c.id, '/costs/import')).set(cm).send({ csv: header })).status).toBe(415);

    // How fast is bench:wlc's to measure; here, that it is whole.
    const imported = await send(`${header}\r\n${lines.join('\r\n')}\r\n`);
    expect(imported.status).toBe(201);
    // The sum of 2 … 100,001 pence: (2 + 100,001) × 100,000 / 2 pence.
    expect(imported.body).toMatchObject({ entries: 100_000, total: '50001500.00' });
    expect((await t.http.get(at(c.id, '/costs')).set(cm)).body.actual.nominal).toBe('50001500.00');
    const [stored] = await asOwner<{ n: number; imports: number }>(
      t,
      `SELECT count(*)::int AS n, count(DISTINCT import_id)::int AS imports FROM cost_entries WHERE contract_id = $1 AND source = 'imported'`,
      [c.id],
    );
    expect(stored).toEqual({ n: 100_000, imports: 1 });
    const [audit] = await asOwner<{ data: { entries: number; fileName: string } }>(
      t,
      `SELECT data FROM audit_events WHERE entity_id = $1 AND action = 'cost.entries-imported'`,
      [c.id],
    );
    expect(audit.data).toMatchObject({ entries: 100_000, fileName: 'ledger.csv' });
    // Paged through, the imported lines (recorded within microseconds of each other) come once each.
    const seen = new Set<string>();
    let after: string | null = null;
    for (let pages = 0; pages < 3; pages++) {
      const page: { items: { id: string }[]; next: string | null } = (
        await t.http.get(at(c.id, `/costs/entries?limit=500${after ? `&after=${after}` : ''}`)).set(cm)
      ).body;
      for (const e of page.items as { id: string }[]) seen.add(e.id);
      after = page.next;
    }
    expect(seen.size).toBe(1500);
    // One imported line is corrected like any other: by its reversal.
    const first = (await t.http.get(at(c.id, '/costs/entries?limit=1')).set(cm)).body.items[0];
    expect(first.source).toBe('imported');
    expect(
      (
        await t.http
          .post(at(c.id, `/costs/entries/${first.id}/reversal`))
          .set(cm)
          .send({ reason: 'Duplicate in the finance system' })
      ).status,
    ).toBe(201);
    // The running totals the portfolio reads are the lines added up, after one statement of 100,000 and a reversal alike.
    const [sums] = await asOwner<{ lines: string; totals: string; n: string; counted: string }>(
      t,
      `SELECT (SELECT sum(amount) FROM cost_entries WHERE contract_id = $1)::text AS lines, (SELECT sum(amount) FROM cost_totals WHERE contract_id = $1)::text AS totals,
              (SELECT count(*) FROM cost_entries WHERE contract_id = $1)::text AS n, (SELECT sum(lines) FROM cost_totals WHERE contract_id = $1)::text AS counted`,
      [c.id],
    );
    expect(sums).toEqual({ lines: '50001499.98', totals: '50001499.98', n: '100001', counted: '100001' });
  }, 120_000);
});
