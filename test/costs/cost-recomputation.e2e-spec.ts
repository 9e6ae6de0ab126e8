import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { Decimal } from 'decimal.js';
import { addDays, addMonths, londonToday } from '#kernel';
import { wlcCommand } from '../../apps/api/src/cli/wlc-command.js';
import { paymentLine, pendingContract } from '../support/contract-fixtures.js';
import { asOwner, login, startTestApp, type TestApp } from '../support/test-app.js';
import { withFile } from '../support/scratch-file.js';

/**
 * Savings erosion, the ten-year view and offline recomputation (issue 15, items 4 and 7): the saving
 * claimed at award against the cycle's in-house comparator, worn down by a variation, an extension and the
 * cost of managing the contract; the bundle an auditor exports, recomputed by `commonweal wlc` to the API's
 * figures byte for byte, for random ledgers too; a bundle that breaks a rule refused, each place named.
 */
describe('whole-life cost: erosion and offline recomputation', () => {
  let t: TestApp;
  const who = async (email: string) => ({ authorization: `Bearer ${await login(t, email)}` });
  const at = (id: string, rest = '') => `/api/v1/contracts/${id}${rest}`;
  let files = 0;

  /** What `commonweal wlc` prints for a bundle, and its exit code. */
  function wlc(bundle: unknown) {
    const out: string[] = [];
    const err: string[] = [];
    const code = withFile('bundle.json', JSON.stringify(bundle), (file) =>
      wlcCommand(
        [file],
        (s) => out.push(s),
        (s) => err.push(s),
      ),
    );
    return { code, out: out.join('\n'), err };
  }

  beforeAll(async () => {
    t = await startTestApp({ env: { LOGIN_RATE_LIMIT: '1000' } });
  });
  afterAll(async () => t?.close());

  /** A contract of £1,200,000 from a cycle whose delivery decision put in-house delivery at £1,500,000 over 36 months, signed. */
  async function contractAgainstComparator() {
    const commissioner = await who('commissioner@northmere.test');
    const cycle = (
      await t.http
        .post('/api/v1/cycles')
        .set(commissioner)
        .send({ reference: `WLC-E-${++files}`, title: 'Erosion', purpose: 'p', accountability: 'a', success: 's' })
    ).body;
    const decided = await t.http
      .post(`/api/v1/cycles/${cycle.id}/delivery-decisions`)
      .set(commissioner)
      .send({
        optionsConsidered: [
          { option: 'in_house', assessment: 'Costed by finance' },
          { option: 'competitive_tender', assessment: 'A market exists' },
        ],
        chosen: 'competitive_tender',
        rationale: 'Cheaper on paper',
        warningSignals: ['close_personal_relationship', 'complex_collaboration', 'system_risk_transfer'].map((signal) => ({
          signal,
          present: false,
          note: '',
        })),
        inHouseComparatorCost: '1500000.00',
        contract: { annualValue: '400000.00', lengthMonths: 36, capitalRequirement: '0' },
        forProfitEligible: true,
        forProfitJustification: null,
      });
    expect(decided.status).toBe(201);
    const c = await pendingContract(t, 'northmere');
    await asOwner(t, `UPDATE tenders t SET cycle_id = $1 FROM contracts c WHERE c.tender_id = t.id AND c.id = $2`, [cycle.id, c.id]);
    // 36 months, begun 400 days ago, with a 12-month option at £400,000 still to decide.
    const startsOn = addDays(londonToday(), -400);
    await asOwner(t, `UPDATE contracts SET starts_on = $2, ends_on = $3, extension_options = $4 WHERE id = $1`, [
      c.id,
      startsOn,
      addDays(addMonths(startsOn, 36), -1),
      JSON.stringify([{ months: 12, value: '400000.00', decideBy: addDays(londonToday(), 30) }]),
    ]);
    const cm = await who('contracts@northmere.test');
    expect((await t.http.post(at(c.id, '/activation')).set(cm).send({ version: 1 })).status).toBe(201);
    return { id: c.id, cycleId: cycle.id as string, cm };
  }

  it('wears the claimed saving down by a variation and the cost of managing the contract, and the CLI recomputes it byte for byte', async () => {
    const { id, cycleId, cm } = await contractAgainstComparator();
    const commissioner = await who('commissioner@northmere.test');
    await t.http
      .post(`/api/v1/cycles/${cycleId}/costs/entries`)
      .set(commissioner)
      .send({
        occurredOn: addDays(londonToday(), -500),
        amount: '30000.00',
        bearer: 'authority',
        type: 'purchased',
        phase: 'procurement',
        classification: 'procurement-costs',
        description: 'Procurement team',
      });
    await t.http.post(at(id, '/costs/entries')).set(cm).send({
      occurredOn: londonToday(),
      amount: '810.00',
      bearer: 'authority',
      type: 'staff_time',
      phase: 'operational',
      classification: 'quality-audit',
      hours: '25.00',
      hourlyRate: '32.40',
      description: 'Quarterly monitoring visits',
    });
    const variation = (
      await t.http
        .post(at(id, '/changes'))
        .set(cm)
        .send({ kind: 'variation', classification: 'additional_services', rationale: 'Evening sessions', valueChange: '90000.00' })
    ).body;
    const signed = await t.http
      .post(at(id, `/changes/${variation.id}/signature`))
      .set(cm)
      .send({ version: 1, signedOn: londonToday() });
    expect(signed.body).toMatchObject({ status: 'signed' });
    const line = await paymentLine(t, id, 'approved');
    await t.http
      .post(at(id, `/payments/${line}/payment`))
      .set(cm)
      .send({ version: 1, paidOn: londonToday() });

    const auditor = await who('auditor@northmere.test');
    const figures = await t.http.get(at(id, '/costs')).set(auditor);
    // By hand: in-house £1,500,000 over the same 36 months, awarded at £1,200,000: £300,000 claimed. Now: less the
    // £90,000 variation, the £30,000 of procurement and the £810 of monitoring, £179,190.
    const e = figures.body.erosion;
    expect(e).toMatchObject({ comparatorAtAward: '1500000.00', claimed: '300000.00', now: '179190.00', erodedShare: '0.4027' });
    expect(e.steps.find((s: { step: string }) => s.step === 'variations').amount).toBe('-90000.00');
    expect(e.steps.find((s: { step: string }) => s.step === 'development-procurement').amount).toBe('-30000.00');
    expect(e.steps.find((s: { step: string }) => s.step === 'management').amount).toBe('-810.00');
    expect(e.series.at(-1).saving).toBe(e.now);
    // The ten-year view holds the open option apart, and the instalment paid as this year's actual.
    expect(figures.body.tenYear.totals.options).not.toBe('0.00');
    expect(figures.body.tenYear.years[1].actual).toBe(new Decimal(75000).plus(810).toFixed(2));

    const bundle = await t.http.get(at(id, '/costs/bundle')).set(auditor);
    expect(bundle.status).toBe(200);
    expect(bundle.body).toMatchObject({ format: 'commonweal-cost-bundle/1', comparator: { cycleId, cost: '1500000.00', lengthMonths: 36 } });
    const offline = wlc(bundle.body);
    expect(offline.err).toEqual([]);
    expect(offline.code).toBe(0);
    expect(offline.out).toBe(JSON.stringify(figures.body, null, 2));

    // A bundle that breaks a rule: every place named, a non-zero exit.
    const broken = structuredClone(bundle.body);
    broken.entries[1].classification = 'lunch';
    broken.entries[1].occurredOn = '2026-13-01';
    broken.settings.deflators = [];
    const refused = wlc(broken);
    expect(refused.code).toBe(65);
    expect(refused.err.slice(1)).toEqual(['  /settings/deflators: must NOT have fewer than 1 items']);
    broken.settings.deflators = bundle.body.settings.deflators;
    const ruled = wlc(broken);
    expect(ruled.err.slice(1)).toEqual([
      '  /entries/1/occurredOn: occurredOn must be a date, YYYY-MM-DD',
      expect.stringMatching(/^ {2}\/entries\/1\/classification: classification must be one of development-work, /),
    ]);
    expect(wlc('{').code).toBe(65);
  });

  it('agrees with the API on random ledgers', async () => {
    const { id, cm } = await contractAgainstComparator();
    const auditor = await who('auditor@northmere.test');
    const codes = [
      'contract-design-advice',
      'outcome-validation',
      'quality-audit',
      'evaluation-learning',
      'enforcement',
      're-procurement',
      'contract-payments',
    ];
    const phaseOf = (code: string) => (code === 'contract-design-advice' ? 'procurement' : code === 're-procurement' ? 'exit' : 'operational');
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ daysAgo: fc.integer({ min: 0, max: 3000 }), pennies: fc.integer({ min: 0, max: 50_000_000 }), code: fc.constantFrom(...codes) }), {
          minLength: 1,
          maxLength: 4,
        }),
        async (entries) => {
          for (const x of entries) {
            const res = await t.http
              .post(at(id, '/costs/entries'))
              .set(cm)
              .send({
                occurredOn: addDays(londonToday(), -x.daysAgo),
                amount: new Decimal(x.pennies).div(100).toFixed(2),
                bearer: 'authority',
                type: 'purchased',
                phase: phaseOf(x.code),
                classification: x.code,
                description: 'Random cost',
              });
            expect(res.status).toBe(201);
          }
          const [figures, bundle] = await Promise.all([t.http.get(at(id, '/costs')).set(auditor), t.http.get(at(id, '/costs/bundle')).set(auditor)]);
          expect(wlc(bundle.body).out).toBe(JSON.stringify(figures.body, null, 2));
        },
      ),
      { numRuns: 6 },
    );
  });

  it('shows the demo’s two contracts: the re-offending saving claimed at award all but gone, the falls saving holding', async () => {
    const auditor = await who('auditor@northmere.test');
    const [reoffending] = await asOwner<{ id: string }>(
      t,
      `SELECT c.id FROM contracts c JOIN tenders t ON t.id = c.tender_id WHERE t.reference = 'NCC-2023-031'`,
    );
    const figures = (await t.http.get(at(reoffending.id, '/costs')).set(auditor)).body;
    // £4.8m in-house over 60 months against £3.95m at award: £850,000 claimed.
    expect(figures.erosion).toMatchObject({ comparatorAtAward: '4800000.00', claimed: '850000.00' });
    const step = (name: string) => new Decimal(figures.erosion.steps.find((s: { step: string }) => s.step === name).amount);
    expect(step('variations').toFixed(2)).toBe('-225000.00');
    // The extension: 24 months at £2.37m, where in-house would have cost £1.92m more.
    expect(step('extensions').toFixed(2)).toBe('-450000.00');
    expect(step('development-procurement').isNegative()).toBe(true);
    expect(step('management').isNegative()).toBe(true);
    // All but a few thousand pounds of the claim is gone (how many quarters of monitoring have passed moves it a little).
    expect(new Decimal(figures.erosion.erodedShare).gt('0.95')).toBe(true);
    expect(new Decimal(figures.actual.transactionCostRatio).gt(0)).toBe(true);
    const bundle = (await t.http.get(at(reoffending.id, '/costs/bundle')).set(auditor)).body;
    expect(wlc(bundle).out).toBe(JSON.stringify(figures, null, 2));

    const southvale = await who('auditor@southvale.test');
    const [falls] = await asOwner<{ id: string }>(t, `SELECT c.id FROM contracts c JOIN tenders t ON t.id = c.tender_id WHERE t.reference = 'SVICB-2024-006'`);
    const held = (await t.http.get(at(falls.id, '/costs')).set(southvale)).body;
    expect(held.erosion).toMatchObject({ comparatorAtAward: '1720000.00', claimed: '340000.00' });
    expect(new Decimal(held.erosion.now).gt(new Decimal(held.erosion.claimed).times('0.9'))).toBe(true);
    expect(wlc((await t.http.get(at(falls.id, '/costs/bundle')).set(southvale)).body).code).toBe(0);
  });

  it('recomputes with the authority’s own deflator and discount schedule, checked whole, and says which it used', async () => {
    const { id } = await contractAgainstComparator();
    const cm = await who('contracts@northmere.test');
    await t.http
      .post(at(id, '/costs/entries'))
      .set(cm)
      .send({
        occurredOn: addDays(londonToday(), -1),
        amount: '1000.00',
        bearer: 'authority',
        type: 'purchased',
        phase: 'operational',
        classification: 'quality-audit',
        description: 'Audit',
      });
    const admin = await who('admin@northmere.test');
    const before = (await t.http.get('/api/v1/costs/settings').set(admin)).body;
    expect(before).toMatchObject({ source: 'default', version: 0 });
    const bad = await t.http
      .put('/api/v1/costs/settings')
      .set(admin)
      .send({
        deflators: [
          { year: 2025, index: '0' },
          { year: 2024, index: '1' },
        ],
        discountSchedule: [{ fromYear: 5, ratePercent: 'three' }],
        version: 0,
      });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string; rule: string }) => `${e.field}:${e.rule}`)).toEqual([
      'deflators.0.index:index',
      'deflators.1.year:ascending',
      'discountSchedule.0.fromYear:starts-at-zero',
      'discountSchedule.0.ratePercent:rate',
    ]);
    expect((await t.http.get('/api/v1/costs/settings').set(admin)).body.version).toBe(0);
    // Prices flat and no discounting: real and present cost are the nominal.
    const flat = { deflators: [{ year: 2000, index: '100' }], discountSchedule: [{ fromYear: 0, ratePercent: '0' }] };
    const set = await t.http
      .put('/api/v1/costs/settings')
      .set(admin)
      .send({ ...flat, version: 0 });
    expect(set.status).toBe(200);
    expect(set.body).toMatchObject({ source: 'authority', version: 1 });
    expect(
      (
        await t.http
          .put('/api/v1/costs/settings')
          .set(admin)
          .send({ ...flat, version: 0 })
      ).body.type,
    ).toBe('/problems/version-conflict');
    const f = (await t.http.get(at(id, '/costs')).set(cm)).body;
    expect(f.settings).toEqual({ source: 'authority', version: 1 });
    expect(f.actual.real).toBe(f.actual.nominal);
    expect(f.actual.present).toBe(f.actual.nominal);
    const bundle = (await t.http.get(at(id, '/costs/bundle')).set(cm)).body;
    expect(bundle.settings).toMatchObject({ source: 'authority', version: 1, ...flat });
    expect(wlc(bundle).out).toBe(JSON.stringify(f, null, 2));
    // Another authority keeps the defaults.
    expect((await t.http.get('/api/v1/costs/settings').set(await who('admin@southvale.test'))).body.source).toBe('default');
  });

  it('records citizens’ inputs beside the ledger and shows cost per outcome with and without them', async () => {
    const { id, cm } = await contractAgainstComparator();
    const path = at(id, '/costs/coproduction');
    const bad = await t.http.post(path).set(cm).send({ occurredOn: '2026-02-30', kind: 'crowd', hours: '-2', people: 0, description: '' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field)).toEqual(['occurredOn', 'kind', 'hours', 'people', 'description']);
    expect((await t.http.get(path).set(cm)).body.items).toEqual([]);
    const day = addDays(londonToday(), -10);
    expect(
      (await t.http.post(path).set(cm).send({ occurredOn: day, kind: 'individual', hours: '120.00', people: 4, description: 'Peer mentors' })).status,
    ).toBe(201);
    expect(
      (await t.http.post(path).set(cm).send({ occurredOn: day, kind: 'collective', hours: '30.50', people: 12, description: 'Residents’ panel' })).status,
    ).toBe(201);
    const f = (await t.http.get(at(id, '/costs')).set(await who('auditor@northmere.test'))).body;
    // 150.50 hours at the illustrative £12.21 an hour: £1,837.61. A fixed-fee contract pays for no outcome: no cost per outcome.
    expect(f.coproduction).toMatchObject({
      shadowWageRate: '12.21',
      hours: '150.50',
      people: 16,
      value: '1837.61',
      individual: { hours: '120.00', people: 4 },
      collective: { hours: '30.50', people: 12 },
      costPerOutcome: null,
    });
    // Citizens' time is not the authority's spending: the whole-life cost is unchanged by it.
    expect(f.actual.nominal).toBe('0.00');
    expect(wlc((await t.http.get(at(id, '/costs/bundle')).set(cm)).body).out).toBe(JSON.stringify(f, null, 2));
    await expect(asOwner(t, `DELETE FROM coproduction_inputs WHERE contract_id = $1`, [id])).rejects.toThrow(/append-only/);
  });
});
