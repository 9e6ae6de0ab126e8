import { describe, expect, it } from '@jest/globals';
import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { belowExpected, type ContextModel, expectedResult, resultRate } from './context-adjustment.js';
import { contractOutcomeCap, type MetricTerms, metricProblems, reportProblems, targetFor, validatedUnits } from './outcome-metric-rules.js';
import { outcomePayment, type PaymentFacts } from './outcome-payment.js';
import { fixedFeeInstalments, periods } from './reporting-periods.js';

/** The demo's re-offending model: a less deprived cohort and fewer young adults make not re-offending likelier. */
const MODEL: ContextModel = {
  source: 'Illustrative: a linear fit of proven re-offending over twelve months against the cohort’s mix',
  factors: [
    { key: 'deprivation_decile', label: 'Mean deprivation decile (1 most deprived)', reference: '5.0', coefficient: '0.02' },
    { key: 'aged_18_24', label: 'Share aged 18 to 24', reference: '0.30', coefficient: '-0.15' },
  ],
};

describe('outcomes read in context', () => {
  it('a worked example: a more deprived, younger cohort is expected to achieve less', () => {
    // 0.02 × (3.2 − 5.0) = −0.036; −0.15 × (0.42 − 0.30) = −0.018; 0.62 − 0.054 = 0.566.
    const r = expectedResult('0.62', MODEL, { deprivation_decile: '3.2', aged_18_24: '0.42' });
    expect(r.effects.map((e) => e.effect)).toEqual(['-0.0360', '-0.0180']);
    expect(r).toMatchObject({ target: '0.62', expected: '0.5660', bounded: false });
    // 54 of 100 did not re-offend: below the flat target and below what this cohort was expected to achieve.
    expect(belowExpected(resultRate(54, 100), r.expected)).toBe(true);
    // 57 of 100: below the flat 0.62 but above the 0.566 expected of this cohort, so no review opens.
    expect(belowExpected(resultRate(57, 100), r.expected)).toBe(false);
  });

  it('a worked example: a less deprived cohort is expected to achieve more, held at 1', () => {
    expect(expectedResult('0.62', MODEL, { deprivation_decile: '8.0', aged_18_24: '0.10' }).expected).toBe('0.7100');
    expect(expectedResult('0.98', MODEL, { deprivation_decile: '10', aged_18_24: '0' })).toMatchObject({ expected: '1.0000', bounded: true });
  });

  it('with no model the expected rate is the target', () => {
    expect(expectedResult('0.4', null, {})).toMatchObject({ expected: '0.4000', effects: [] });
  });

  it('property: the adjustment is neutral when the population served is the reference population', () => {
    const factor = fc.record({
      reference: fc.integer({ min: -100000, max: 100000 }).map((n) => new Decimal(n).div(1000).toString()),
      coefficient: fc.integer({ min: -5000, max: 5000 }).map((n) => new Decimal(n).div(10000).toString()),
    });
    fc.assert(
      fc.property(fc.array(factor, { maxLength: 10 }), fc.integer({ min: 0, max: 10000 }), (factors, t) => {
        const model: ContextModel = { source: 's', factors: factors.map((f, i) => ({ key: `k${i}`, label: `k${i}`, ...f })) };
        const served = Object.fromEntries(model.factors.map((f) => [f.key, f.reference]));
        const target = new Decimal(t).div(10000).toFixed(4);
        expect(expectedResult(target, model, served).expected).toBe(target);
      }),
    );
  });

  it('property: a better-placed cohort on a factor with a positive coefficient is never expected to achieve less', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: 10000 }), (a, b, t) => {
        const target = new Decimal(t).div(10000).toFixed(4);
        const low = expectedResult(target, MODEL, { deprivation_decile: String(Math.min(a, b) / 10), aged_18_24: '0.3' });
        const high = expectedResult(target, MODEL, { deprivation_decile: String(Math.max(a, b) / 10), aged_18_24: '0.3' });
        expect(new Decimal(high.expected).gte(low.expected)).toBe(true);
      }),
    );
  });
});

const pay = (over: Partial<PaymentFacts> = {}): PaymentFacts => ({
  units: 57,
  pricePerUnit: '2500.00',
  attributionShare: '1',
  periodCap: null,
  metricCap: null,
  paidOnMetric: '0',
  contractCap: null,
  paidOnContract: '0',
  ...over,
});

describe('outcome payments', () => {
  it('a worked example: validated units × price × attribution share, to the penny', () => {
    // 57 × £2,500 × 0.6 = £85,500; 7 × £333.33 × 0.35 = £816.6585, half up to £816.66.
    expect(outcomePayment(pay({ attributionShare: '0.6' }))).toEqual({ earned: '85500.00', amount: '85500.00', cappedBy: null });
    expect(outcomePayment(pay({ units: 7, pricePerUnit: '333.33', attributionShare: '0.35' })).amount).toBe('816.66');
  });

  it('a worked example: each cap bites in turn and the one that bit is named', () => {
    // Earned £142,500; the period allows £120,000.
    expect(outcomePayment(pay({ periodCap: '120000.00' }))).toEqual({ earned: '142500.00', amount: '120000.00', cappedBy: 'period' });
    // £900,000 total for the metric with £820,000 paid: £80,000 left.
    expect(outcomePayment(pay({ periodCap: '120000.00', metricCap: '900000.00', paidOnMetric: '820000.00' }))).toMatchObject({
      amount: '80000.00',
      cappedBy: 'metric-total',
    });
    // The contract's outcome pot has £12,345.67 left across all its metrics.
    expect(outcomePayment(pay({ metricCap: '900000.00', contractCap: '987500.00', paidOnContract: '975154.33' }))).toMatchObject({
      amount: '12345.67',
      cappedBy: 'contract',
    });
    // A cap already used up pays nothing, never a negative.
    expect(outcomePayment(pay({ metricCap: '100.00', paidOnMetric: '150.00' }))).toMatchObject({ amount: '0.00', cappedBy: 'metric-total' });
  });

  it('property: a payment never exceeds what was earned, the period cap, or what is left under either total', () => {
    const money = fc.integer({ min: 0, max: 100_000_000 }).map((p) => new Decimal(p).div(100).toFixed(2));
    fc.assert(
      fc.property(
        fc.record({
          units: fc.integer({ min: 0, max: 5000 }),
          pricePerUnit: money,
          attributionShare: fc.integer({ min: 1, max: 10000 }).map((n) => new Decimal(n).div(10000).toFixed(4)),
          periodCap: fc.option(money),
          metricCap: fc.option(money),
          paidOnMetric: money,
          contractCap: fc.option(money),
          paidOnContract: money,
        }),
        (f) => {
          const p = outcomePayment(f);
          const amount = new Decimal(p.amount);
          expect(amount.gte(0)).toBe(true);
          expect(amount.lte(p.earned)).toBe(true);
          if (f.periodCap !== null) expect(amount.lte(f.periodCap)).toBe(true);
          if (f.metricCap !== null) expect(amount.lte(Decimal.max(0, new Decimal(f.metricCap).minus(f.paidOnMetric)))).toBe(true);
          if (f.contractCap !== null) expect(amount.lte(Decimal.max(0, new Decimal(f.contractCap).minus(f.paidOnContract)))).toBe(true);
          expect(p.cappedBy === null).toBe(amount.eq(p.earned));
        },
      ),
    );
  });

  it('a contract’s outcome pot is its value less its fixed fee, and only outcome mechanisms have one', () => {
    expect(contractOutcomeCap({ paymentMechanism: 'fixed_fee_plus_outcomes', awardedValue: '3950000.00', minimumFixedFee: '2962500.00' })).toBe('987500.00');
    expect(contractOutcomeCap({ paymentMechanism: 'payment_by_results', awardedValue: '800000.00', minimumFixedFee: null })).toBe('800000.00');
    expect(contractOutcomeCap({ paymentMechanism: 'fixed_fee', awardedValue: '800000.00', minimumFixedFee: null })).toBeNull();
  });
});

describe('reporting periods and instalments', () => {
  it('run from the contract’s first day; the last ends on its last day', () => {
    const q = periods('2024-04-01', '2025-03-31', 'quarterly');
    expect(q.map((p) => [p.startsOn, p.endsOn])).toEqual([
      ['2024-04-01', '2024-06-30'],
      ['2024-07-01', '2024-09-30'],
      ['2024-10-01', '2024-12-31'],
      ['2025-01-01', '2025-03-31'],
    ]);
    expect(periods('2024-01-31', '2024-06-15', 'quarterly').map((p) => p.endsOn)).toEqual(['2024-04-29', '2024-06-15']);
    expect(periods('2024-04-01', '2029-03-31', 'yearly')).toHaveLength(5);
  });

  it('a worked example: a fixed fee in equal quarterly instalments, the last taking the pennies left', () => {
    // £1,000,000.00 over 12 quarters: 11 × £83,333.33 and a last of £83,333.37.
    const i = fixedFeeInstalments('1000000.00', '2024-04-01', '2027-03-31');
    expect(i).toHaveLength(12);
    expect(i[0]).toEqual({ number: 1, dueOn: '2024-06-30', amount: '83333.33' });
    expect(i[11]).toEqual({ number: 12, dueOn: '2027-03-31', amount: '83333.37' });
  });

  it('property: instalments always add up to the fee exactly, none negative', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000_000 }), fc.integer({ min: 1, max: 40 }), (pence, quarters) => {
        const fee = new Decimal(pence).div(100).toFixed(2);
        const end = periods('2024-04-01', '2040-12-31', 'quarterly')[quarters - 1].endsOn;
        const i = fixedFeeInstalments(fee, '2024-04-01', end);
        expect(i).toHaveLength(quarters);
        expect(i.reduce((s, x) => s.plus(x.amount), new Decimal(0)).toFixed(2)).toBe(fee);
        expect(i.every((x) => new Decimal(x.amount).gte(0))).toBe(true);
      }),
    );
  });
});

const metric = (over: Partial<MetricTerms> = {}): MetricTerms => ({
  code: 'RO-1',
  title: 'No proven re-offending',
  definition: 'People in the cohort with no proven re-offence within 12 months of starting',
  unit: 'person',
  baseline: '0.55',
  target: '0.62',
  measurement: 'Police National Computer match, 12 months on',
  validationMethod: 'Ministry of Justice data lab match',
  dataSource: 'Police National Computer',
  frequency: 'quarterly',
  milestones: [{ by: '2025-03-31', target: '0.58' }],
  sharedWith: ['Probation Service'],
  attributionShare: '0.6',
  pricePerUnit: '2500.00',
  periodCap: '120000.00',
  totalCap: '900000.00',
  contextModel: MODEL,
  ...over,
});
const CONTRACT = { startsOn: '2024-04-01', endsOn: '2029-03-31', paymentMechanism: 'fixed_fee_plus_outcomes' as const };

describe('outcome metric terms', () => {
  it('hold for a shared, priced, context-adjusted metric', () => {
    expect(metricProblems(metric(), CONTRACT)).toEqual([]);
  });

  it('are refused field by field, each with its rule', () => {
    const rules = metricProblems(
      metric({
        code: 'ro 1',
        target: '1.2',
        milestones: [{ by: '2030-01-01', target: '0.5' }],
        sharedWith: [],
        periodCap: '1000000.00',
        contextModel: { source: '', factors: [MODEL.factors[0], MODEL.factors[0]] },
      }),
      CONTRACT,
    ).map((p) => `${p.field}:${p.rule}`);
    expect(rules).toEqual([
      'code:code',
      'target:rate',
      'milestones.0.by:within-period',
      'attributionShare:not-shared',
      'periodCap:within-total',
      'contextModel.source:required',
      'contextModel.factors.1.key:unique',
    ]);
    expect(metricProblems(metric(), { ...CONTRACT, paymentMechanism: 'fixed_fee' }).map((p) => p.rule)).toEqual(['not-paid-for-outcomes']);
  });

  it('apply the milestone a period falls before, then the final target', () => {
    expect(targetFor(metric(), '2024-06-30')).toBe('0.58');
    expect(targetFor(metric(), '2025-03-31')).toBe('0.58');
    expect(targetFor(metric(), '2025-06-30')).toBe('0.62');
  });

  it('a report gives every context factor and nothing else', () => {
    expect(reportProblems({ cohort: 100, achieved: 57, population: { deprivation_decile: '3.2', aged_18_24: '0.42' } }, MODEL)).toEqual([]);
    expect(
      reportProblems({ cohort: 10, achieved: 11, population: { deprivation_decile: 'low', shoe_size: '9' } }, MODEL).map((p) => `${p.field}:${p.rule}`),
    ).toEqual(['achieved:within-cohort', 'population.deprivation_decile:decimal', 'population.aged_18_24:required', 'population.shoe_size:unknown']);
  });

  it('a validation accepts what was reported, adjusts it with a reason, or rejects it with one', () => {
    const r = { achieved: 57, cohort: 100 };
    expect(validatedUnits('accepted', r, undefined, undefined)).toEqual({ units: 57 });
    expect(validatedUnits('adjusted', r, 52, 'Five matched a later offence')).toEqual({ units: 52 });
    expect(validatedUnits('rejected', r, undefined, 'No data lab match was attached')).toEqual({ units: 0 });
    const bad = (x: ReturnType<typeof validatedUnits>) => ('problems' in x ? x.problems.map((p) => p.rule) : []);
    expect(bad(validatedUnits('adjusted', r, 101, ''))).toEqual(['required', 'within-cohort']);
    expect(bad(validatedUnits('adjusted', r, 57, 'x'))).toEqual(['changed']);
    expect(bad(validatedUnits('accepted', r, 3, undefined))).toEqual(['not-adjusting']);
  });
});
