import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { Decimal } from 'decimal.js';
import { COST_CLASSIFICATIONS } from './classifications.js';
import { type CostEntryInput, entryProblems, reversalOf } from './ledger-rules.js';
import { type CostLine, cumulativeSeries, nominalCost, presentCost, realCost, transactionCostRatio, yearsAfter } from './whole-life.js';

const line = (occurredOn: string, amount: string, classification = 'contract-payments'): CostLine => ({ occurredOn, amount, classification });
const staff: CostEntryInput = {
  occurredOn: '2025-03-31',
  amount: '243.00',
  bearer: 'authority',
  type: 'staff_time',
  phase: 'operational',
  classification: 'outcome-validation',
  hours: '7.50',
  hourlyRate: '32.40',
  description: 'Validating the quarter’s outcome report',
};

describe('whole-life cost: worked examples by hand', () => {
  it('discounts by whole years after the base date on the Green Book schedule, across the bands at 30/31 and 75/76', () => {
    const base = '2025-01-01';
    // Year 0 (the base year, and anything before the base date) is not discounted.
    expect(presentCost([line('2025-12-31', '1000.00'), line('2024-06-01', '1000.00')], base).toFixed(2)).toBe('2000.00');
    // One year on at 3.5%: 1000 / 1.035.
    expect(presentCost([line('2026-01-01', '1000.00')], base).toFixed(6)).toBe('966.183575');
    // Year 30 is the last at 3.5%; year 31 the first at 3.0%: the factors chain, they do not restart.
    const y30 = new Decimal('1.035').pow(-30);
    expect(presentCost([line('2055-01-01', '1000.00')], base).toFixed(6)).toBe(y30.times(1000).toFixed(6));
    expect(presentCost([line('2056-01-01', '1000.00')], base).toFixed(6)).toBe(y30.div('1.03').times(1000).toFixed(6));
    // Year 75 is the last at 3.0%; year 76 the first at 2.5%.
    const y75 = y30.times(new Decimal('1.03').pow(-45));
    expect(presentCost([line('2100-01-01', '1000.00')], base).toFixed(6)).toBe(y75.times(1000).toFixed(6));
    expect(presentCost([line('2101-01-01', '1000.00')], base).toFixed(6)).toBe(y75.div('1.025').times(1000).toFixed(6));
    // A year is whole only on its anniversary.
    expect([yearsAfter(base, '2025-12-31'), yearsAfter(base, '2026-01-01'), yearsAfter('2024-02-29', '2025-02-28')]).toEqual([0, 1, 0]);
  });

  it('states real cost in the base year’s prices, holding the index flat beyond the series', () => {
    const deflators = [
      { year: 2023, index: '95' },
      { year: 2024, index: '100' },
      { year: 2025, index: '102' },
    ];
    // £1,020 in 2025 is £1,000 of 2024; £950 in 2023 is £1,000 of 2024; £510 in 2026 (no index yet: 2025's) is £500.
    const lines = [line('2025-05-01', '1020.00'), line('2023-05-01', '950.00'), line('2026-05-01', '510.00')];
    expect(realCost(lines, deflators, 2024).toFixed(2)).toBe('2500.00');
    expect(nominalCost(lines).toFixed(2)).toBe('2480.00');
  });

  it('divides what is not payment for the service by what is', () => {
    const lines = [
      line('2025-03-31', '10000.00', 'contract-payments'),
      line('2025-05-15', '2000.00', 'outcome-payments'),
      line('2025-04-10', '600.00', 'outcome-validation'),
      line('2024-11-01', '900.00', 'procurement-costs'),
    ];
    // (600 + 900) / (10000 + 2000)
    expect(transactionCostRatio(lines)!.toFixed(4)).toBe('0.1250');
    expect(transactionCostRatio([line('2024-11-01', '900.00', 'procurement-costs')])).toBeNull();
    expect(cumulativeSeries(lines).map((p) => [p.on, p.total.toFixed(2)])).toEqual([
      ['2024-11-01', '900.00'],
      ['2025-03-31', '10900.00'],
      ['2025-04-10', '11500.00'],
      ['2025-05-15', '13500.00'],
    ]);
  });
});

describe('ledger entries', () => {
  it('takes staff time as hours × rate, and names every field that breaks a rule', () => {
    expect(entryProblems(staff)).toEqual([]);
    expect(entryProblems({ ...staff, amount: '240.00' })).toEqual([expect.objectContaining({ field: 'amount', rule: 'hours-times-rate' })]);
    const bad = entryProblems({
      occurredOn: '2025-02-30',
      amount: '-5',
      bearer: 'council' as never,
      type: 'purchased',
      phase: 'development',
      classification: 'procurement-costs',
      hours: '-1',
      hourlyRate: null,
      description: ' ',
    });
    expect(bad.map((p) => `${p.field}:${p.rule}`)).toEqual([
      'occurredOn:date',
      'amount:not-negative',
      'bearer:one-of',
      'classification:in-phase',
      'hours:staff-time-only',
      'description:required',
    ]);
    expect(entryProblems({ ...staff, classification: 'lunch' })).toEqual([expect.objectContaining({ field: 'classification', rule: 'one-of' })]);
    expect(entryProblems({ ...staff, hours: '-2.00' }).map((p) => p.field)).toEqual(['hours']);
  });

  it('reverses an entry with its reason, on the day the cost was incurred', () => {
    const r = reversalOf(staff, 'recorded against the wrong contract');
    expect(r).toMatchObject({ occurredOn: staff.occurredOn, amount: '-243.00', hours: '7.50', classification: 'outcome-validation' });
    expect(r.description).toContain('recorded against the wrong contract');
    expect(entryProblems(r)).toEqual([expect.objectContaining({ field: 'amount', rule: 'not-negative' })]);
    expect(entryProblems(r, { negativeAllowed: true })).toEqual([]);
  });
});

describe('whole-life cost: properties', () => {
  const day = fc.date({ min: new Date('2015-01-01'), max: new Date('2140-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
  const amount = fc.integer({ min: 0, max: 1_000_000_000 }).map((p) => new Decimal(p).div(100).toFixed(2));
  const cost = fc.record({ occurredOn: day, amount, classification: fc.constantFrom(...COST_CLASSIFICATIONS.map((c) => c.code)) });
  const lines = fc.array(cost, { maxLength: 30 });
  const deflators = [
    { year: 2015, index: '88' },
    { year: 2020, index: '95' },
    { year: 2025, index: '104' },
  ];
  const figures = (ls: CostLine[]) => [
    nominalCost(ls).toFixed(6),
    realCost(ls, deflators, 2025).toFixed(6),
    presentCost(ls, '2025-04-01').toFixed(6),
    transactionCostRatio(ls)?.toFixed(6) ?? null,
  ];

  it('never lowers the whole-life cost for a cost added', () => {
    fc.assert(
      fc.property(lines, cost, (ls, extra) => {
        const [n0, r0, p0] = figures(ls)
          .slice(0, 3)
          .map((x) => new Decimal(x!));
        const [n1, r1, p1] = figures([...ls, extra])
          .slice(0, 3)
          .map((x) => new Decimal(x!));
        return n1.gte(n0) && r1.gte(r0) && p1.gte(p0);
      }),
    );
  });

  it('never puts present cost above nominal cost at positive rates', () => {
    fc.assert(fc.property(lines, fc.constantFrom('2015-01-01', '2025-04-01', '2060-12-31'), (ls, base) => presentCost(ls, base).lte(nominalCost(ls))));
  });

  it('restores every figure when an entry is reversed', () => {
    fc.assert(
      fc.property(lines, cost, (ls, extra) => {
        const e = { ...staff, ...extra, type: 'purchased' as const, hours: null, hourlyRate: null };
        const r = reversalOf(e, 'a mistake');
        expect(figures([...ls, extra, { occurredOn: r.occurredOn, amount: r.amount, classification: r.classification }])).toEqual(figures(ls));
      }),
    );
  });
});
