import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { Decimal } from 'decimal.js';
import { changeEntry, paymentEntry, signatureEntry } from './event-entries.js';
import { apportioned, contractFigures, type FigureLine } from './figures.js';
import { entryProblems } from './ledger-rules.js';
import { GREEN_BOOK } from '#kernel';
import { ILLUSTRATIVE_GDP_DEFLATOR } from './defaults.js';

describe('the entries a contract’s events write', () => {
  it('books a paid fee as a contract payment, an outcome as an outcome payment and a deduction as a negative one', () => {
    expect(paymentEntry({ kind: 'fixed_fee', amount: '75000.00', label: 'Fixed fee, instalment 1 of 12' }, '2026-06-30')).toEqual({
      basis: 'actual',
      occurredOn: '2026-06-30',
      amount: '75000.00',
      bearer: 'authority',
      type: 'purchased',
      phase: 'operational',
      classification: 'contract-payments',
      hours: null,
      hourlyRate: null,
      description: 'Fixed fee, instalment 1 of 12',
    });
    expect(paymentEntry({ kind: 'change_fee', amount: '100.00', label: 'x' }, '2026-06-30').classification).toBe('contract-payments');
    expect(paymentEntry({ kind: 'outcome', amount: '85500.00', label: 'x' }, '2026-06-30')).toMatchObject({
      classification: 'outcome-payments',
      amount: '85500.00',
    });
    expect(paymentEntry({ kind: 'deduction', amount: '4000.00', label: 'x' }, '2026-06-30')).toMatchObject({
      classification: 'outcome-payments',
      amount: '-4000.00',
    });
  });

  it('commits the value at signature and each change’s value change, by what pays for the service', () => {
    expect(signatureEntry({ awardedValue: '1200000', paymentMechanism: 'fixed_fee' }, '2026-04-01')).toMatchObject({
      basis: 'committed',
      amount: '1200000.00',
      classification: 'contract-payments',
    });
    const change = {
      kind: 'extension' as const,
      sequence: 3,
      signedOn: '2027-01-05',
      valueChange: '-25000.00',
      valueBefore: '1200000.00',
      valueAfter: '1175000.00',
    };
    expect(changeEntry({ paymentMechanism: 'fixed_fee_plus_outcomes' }, change)).toMatchObject({
      basis: 'committed',
      amount: '-25000.00',
      classification: 'outcome-payments',
      description: 'Extension 3 signed: value 1200000.00 to 1175000.00',
    });
  });

  it('writes only entries the ledger’s rules accept (a deduction’s and a reduction’s sign aside)', () => {
    const paid = paymentEntry({ kind: 'deduction', amount: '10.00', label: 'Deduction after review' }, '2026-01-01');
    expect(entryProblems(paid, { negativeAllowed: true })).toEqual([]);
    expect(entryProblems(signatureEntry({ awardedValue: '1.00', paymentMechanism: 'grant' }, '2026-01-01'))).toEqual([]);
  });
});

describe('a cycle’s costs shared among its contracts', () => {
  const line = (amount: string): FigureLine => ({
    occurredOn: '2026-01-01',
    amount,
    classification: 'procurement-costs',
    basis: 'actual',
    phase: 'procurement',
  });

  it('takes them whole for the only contract, and by award value for several, to the penny', () => {
    expect(apportioned([line('9000.00')], { value: '5.00', of: '5.00' })).toEqual([line('9000.00')]);
    expect(apportioned([line('100.00')], { value: '1200000.00', of: '1800000.00' })[0].amount).toBe('66.67');
    expect(apportioned([line('100.00')], { value: '600000.00', of: '1800000.00' })[0].amount).toBe('33.33');
  });

  it('gives shares that add up to the whole, give or take a penny a line', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 10_000_000 }), { minLength: 1, maxLength: 6 }),
        fc.integer({ min: 1, max: 1_000_000_00 }),
        (values, pennies) => {
          const amount = new Decimal(pennies).div(100).toFixed(2);
          const of = values.reduce((s, v) => s + v, 0);
          if (of === 0) return;
          const shares = values.map((v) => new Decimal(apportioned([line(amount)], { value: String(v), of: String(of) })[0].amount));
          const total = shares.reduce((s, x) => s.plus(x), new Decimal(0));
          expect(total.minus(amount).abs().lte(new Decimal(values.length).times('0.01'))).toBe(true);
        },
      ),
    );
  });
});

describe('a contract’s figures', () => {
  it('leaves commitments out of every actual figure', () => {
    const figures = contractFigures({
      baseDate: '2026-01-01',
      deflators: ILLUSTRATIVE_GDP_DEFLATOR,
      discountSchedule: GREEN_BOOK,
      awardedValue: '1000',
      lines: [
        { occurredOn: '2026-01-01', amount: '1000.00', classification: 'contract-payments', basis: 'committed', phase: 'operational' },
        { occurredOn: '2026-03-31', amount: '250.00', classification: 'contract-payments', basis: 'actual', phase: 'operational' },
      ],
    });
    expect(figures.actual).toMatchObject({ nominal: '250.00', real: '250.00', present: '250.00', transactionCostRatio: '0.0000' });
    expect(figures.committed).toEqual({ total: '1000.00', awardedValue: '1000.00' });
    expect(figures.cumulative).toEqual([{ on: '2026-03-31', total: '250.00' }]);
  });
});
