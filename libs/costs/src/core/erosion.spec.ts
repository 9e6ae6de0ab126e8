import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { Decimal } from 'decimal.js';
import { addDays, addMonths } from '#kernel';
import { erosion, type ErosionLine, termMonths } from './erosion.js';
import { tenYearView } from './ten-year.js';

const line = (occurredOn: string, amount: string, classification: string, phase: ErosionLine['phase'], source = 'entered'): ErosionLine => ({
  occurredOn,
  amount,
  classification,
  phase,
  basis: 'actual',
  source,
});

describe('the months of a term', () => {
  it('counts whole months, then the part month by its days', () => {
    expect(termMonths('2024-04-01', '2027-03-31').toString()).toBe('36');
    expect(termMonths('2024-04-01', '2028-03-31').toString()).toBe('48');
    expect(termMonths('2024-04-01', '2024-04-15').toString()).toBe('0.5');
    // A month from 31 January is to 29 February (2024): a day short of it is 28 of its 29 days.
    expect(termMonths('2024-01-31', '2024-02-28').toString()).toBe('1');
    expect(termMonths('2024-01-31', '2024-02-27').toFixed(4)).toBe('0.9655');
  });

  it('counts the whole months as adding a month at a time would', () => {
    const day = (n: number) => new Date(Date.UTC(2020, 0, 1) + n * 86_400_000).toISOString().slice(0, 10);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 3000 }), fc.integer({ min: 0, max: 4000 }), (a, len) => {
        const [startsOn, endsOn] = [day(a), day(a + len)];
        let whole = 0;
        while (addMonths(startsOn, whole + 1) <= addDays(endsOn, 1)) whole++;
        expect(termMonths(startsOn, endsOn).floor().toNumber()).toBe(whole);
      }),
    );
  });
});

describe('savings erosion', () => {
  // By hand. In-house: £1,200,000 over 36 months. Awarded at £900,000: £300,000 claimed. A variation adds
  // £60,000; an extension adds 12 months at £380,000 while the in-house service would have cost £400,000
  // more over them (+£20,000); £25,000 of procurement before the award, £20,000 of managing it, and a
  // £5,000 deduction: £220,000 now, 26.67 % of the claim gone.
  const inputs = {
    awardedOn: '2024-01-15',
    startsOn: '2024-04-01',
    endsOnAtAward: '2027-03-31',
    awardedValue: '900000.00',
    comparator: { cost: '1200000.00', lengthMonths: 36 },
    changes: [
      { sequence: 2, kind: 'extension' as const, signedOn: '2026-09-01', valueChange: '380000.00', endsOnAfter: '2028-03-31' },
      { sequence: 1, kind: 'variation' as const, signedOn: '2025-01-10', valueChange: '60000.00', endsOnAfter: '2027-03-31' },
    ],
    lines: [
      line('2023-11-30', '25000.00', 'procurement-costs', 'procurement'),
      line('2025-06-30', '12000.00', 'quality-audit', 'operational'),
      line('2025-09-30', '-5000.00', 'outcome-payments', 'operational', 'payment'),
      line('2025-09-30', '75000.00', 'contract-payments', 'operational', 'payment'),
      line('2026-08-01', '8000.00', 'enforcement', 'operational'),
    ],
  };

  it('recomputes the claim cause by cause, and as a series', () => {
    const e = erosion(inputs);
    expect(e).toMatchObject({ comparatorAtAward: '1200000.00', comparatorNow: '1600000.00', claimed: '300000.00', now: '220000.00', erodedShare: '0.2667' });
    expect(e.steps.map((s) => [s.step, s.amount])).toEqual([
      ['variations', '-60000.00'],
      ['extensions', '20000.00'],
      ['development-procurement', '-25000.00'],
      ['management', '-20000.00'],
      ['exit', '0.00'],
      ['deductions', '5000.00'],
    ]);
    expect(e.series.map((p) => [p.on, p.saving])).toEqual([
      ['2024-01-15', '300000.00'],
      ['2024-01-15', '275000.00'],
      ['2025-01-10', '215000.00'],
      ['2025-06-30', '203000.00'],
      ['2025-09-30', '208000.00'],
      ['2026-08-01', '200000.00'],
      ['2026-09-01', '220000.00'],
    ]);
  });

  it('ends its series at the saving now, and never raises it for a cost added', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            day: fc.integer({ min: 0, max: 1500 }),
            pennies: fc.integer({ min: 0, max: 10_000_000 }),
            code: fc.constantFrom('procurement-costs', 'quality-audit', 'enforcement', 're-procurement'),
          }),
          { maxLength: 12 },
        ),
        fc.integer({ min: 1, max: 10_000_000 }),
        (costs, extra) => {
          const phase = (code: string): ErosionLine['phase'] =>
            code === 'procurement-costs' ? 'procurement' : code === 're-procurement' ? 'exit' : 'operational';
          const day = (n: number) => new Date(Date.UTC(2023, 10, 1) + n * 86_400_000).toISOString().slice(0, 10);
          const lines = costs.map((c) => line(day(c.day), new Decimal(c.pennies).div(100).toFixed(2), c.code, phase(c.code)));
          const e = erosion({ ...inputs, lines: [...inputs.lines, ...lines] });
          expect(e.series.at(-1)!.saving).toBe(e.now);
          const more = erosion({
            ...inputs,
            lines: [...inputs.lines, ...lines, line('2026-01-01', new Decimal(extra).div(100).toFixed(2), 'quality-audit', 'operational')],
          });
          expect(new Decimal(more.now).lt(e.now)).toBe(true);
        },
      ),
    );
  });
});

describe('the ten-year view', () => {
  // By hand. 36 months from 2024-04-01 at £1,200,000 in twelve quarterly instalments of £100,000, four
  // paid by 2025-03-31 with £6,000 of managing it (£500 a month); £20,000 of procurement before it
  // started; one 12-month option at £420,000 still open. In-house: £1,500,000 over 36 months.
  const fee = Array.from({ length: 12 }, (_, i) => ({
    dueOn: [
      '2024-06-30',
      '2024-09-30',
      '2024-12-31',
      '2025-03-31',
      '2025-06-30',
      '2025-09-30',
      '2025-12-31',
      '2026-03-31',
      '2026-06-30',
      '2026-09-30',
      '2026-12-31',
      '2027-03-31',
    ][i],
    amount: '100000.00',
    paid: i < 4,
  }));
  const view = tenYearView({
    asOf: '2025-03-31',
    startsOn: '2024-04-01',
    endsOn: '2027-03-31',
    value: '1200000.00',
    comparator: { cost: '1500000.00', lengthMonths: 36 },
    lines: [
      ...fee.filter((f) => f.paid).map((f) => ({ ...line(f.dueOn, f.amount, 'contract-payments', 'operational', 'payment') })),
      line('2024-09-30', '6000.00', 'quality-audit', 'operational'),
      line('2024-02-01', '20000.00', 'procurement-costs', 'procurement'),
    ],
    schedule: fee,
    options: [{ months: 12, value: '420000.00' }],
  });

  it('gives each year what was spent, what is to come, the open option apart, and the comparator over the same months', () => {
    expect(view.runRatePerMonth).toBe('500.00');
    expect(view.years.slice(0, 5).map((y) => [y.year, y.actual, y.forecast, y.options, y.comparator, y.comparatorWithOptions])).toEqual([
      [1, '406000.00', '0.00', '0.00', '500000.00', '500000.00'],
      [2, '0.00', '406000.00', '0.00', '500000.00', '500000.00'],
      [3, '0.00', '406000.00', '0.00', '500000.00', '500000.00'],
      [4, '0.00', '0.00', '426000.00', '0.00', '500000.00'],
      [5, '0.00', '0.00', '0.00', null, null],
    ]);
    expect(view.totals).toEqual({
      actual: '426000.00',
      forecast: '812000.00',
      contract: '1238000.00',
      comparator: '1500000.00',
      difference: '262000.00',
      options: '426000.00',
      contractWithOptions: '1664000.00',
      comparatorWithOptions: '2000000.00',
      differenceWithOptions: '336000.00',
    });
  });
});
