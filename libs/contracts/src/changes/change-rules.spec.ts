import { describe, expect, it } from '@jest/globals';
import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { type ChangingContract, costImpact, extendedEnd, extensionProblems, needsApproval, signatureProblems, variationProblems } from './change-rules.js';

const contract: ChangingContract = {
  status: 'active',
  awardedValue: '1200000.00',
  value: '1200000.00',
  startsOn: '2024-04-01',
  endsOn: '2027-03-31',
  extensionOptions: [
    { months: 12, value: '400000.00', decideBy: '2026-09-30' },
    { months: 6, value: '200000.00', decideBy: '2027-12-31' },
  ],
  signedOn: '2024-03-20',
};
const rules = (p: ReturnType<typeof variationProblems>) => p.map((x) => `${x.field} ${x.rule}`);

describe('contract changes', () => {
  it('extend from the day after the current end, by whole months', () => {
    expect(extendedEnd('2027-03-31', 12)).toBe('2028-03-31');
    expect(extendedEnd('2027-02-28', 6)).toBe('2027-08-31');
    expect(extendedEnd('2028-02-29', 12)).toBe('2029-02-28');
  });

  it('refuse a variation on no ground, below nothing, or ending where it ends', () => {
    expect(variationProblems(contract, { classification: 'unforeseeable', valueChange: '-25000.00', newEndsOn: '2027-06-30' }, '0')).toEqual([]);
    expect(rules(variationProblems(contract, { classification: 'because', valueChange: '£5', newEndsOn: '30/06/2027' }, '0'))).toEqual([
      'classification one-of',
      'valueChange decimal',
      'newEndsOn date',
    ]);
    expect(rules(variationProblems(contract, { classification: 'urgency', valueChange: '-1200000.01' }, '0'))).toEqual(['valueChange value-not-negative']);
    expect(rules(variationProblems(contract, { classification: 'urgency', valueChange: '0', newEndsOn: '2027-03-31' }, '0'))).toEqual(['newEndsOn changed']);
    expect(rules(variationProblems(contract, { classification: 'urgency', valueChange: '0', newEndsOn: '2024-04-01' }, '0'))).toEqual([
      'newEndsOn after-start',
    ]);
  });

  it('hold a below-threshold change, with the changes before it, under 10% of the value at award', () => {
    // £1.2m at award: the limit is £120,000. £70,000 moved already (a rise and a cut, as magnitudes).
    expect(variationProblems(contract, { classification: 'below_threshold', valueChange: '49999.99' }, '70000.00')).toEqual([]);
    const over = variationProblems(contract, { classification: 'below_threshold', valueChange: '-50000.00' }, '70000.00');
    expect(over).toEqual([expect.objectContaining({ field: 'classification', rule: 'below-threshold', message: expect.stringContaining('£120000.00') })]);
  });

  it('exercise an option once, by its decide-by date', () => {
    expect(extensionProblems(contract, 0, [], '2026-09-30')).toEqual([]);
    expect(extensionProblems(contract, 0, [], '2026-10-01')[0]).toMatchObject({ rule: 'by-decide-by' });
    expect(extensionProblems(contract, 0, [0], '2026-06-01')[0]).toMatchObject({ rule: 'option-unused' });
    expect(extensionProblems(contract, 2, [], '2026-06-01')[0]).toMatchObject({ field: 'optionIndex', rule: 'option-exists' });
    expect(extensionProblems({ ...contract, extensionOptions: [] }, 0, [], '2026-06-01')[0].message).toContain('a longer term is a variation');
  });

  it('ask a second person above the threshold, either way, and sign in order, never ahead', () => {
    expect([needsApproval('100000.00', '100000.00'), needsApproval('100000.01', '100000.00'), needsApproval('-150000', '100000.00')]).toEqual([
      false,
      true,
      true,
    ]);
    const ctx = { today: '2026-06-10', contractSignedOn: '2024-03-20', lastSignedOn: '2025-11-01' };
    const variation = { kind: 'variation' as const, status: 'proposed' as const, needsApproval: false, decideBy: null };
    expect(signatureProblems(variation, '2026-06-10', ctx)).toEqual([]);
    expect(signatureProblems({ ...variation, needsApproval: true }, '2026-06-10', ctx)[0]).toMatchObject({ rule: 'approval-required' });
    expect(signatureProblems({ ...variation, needsApproval: true, status: 'approved' }, '2026-06-10', ctx)).toEqual([]);
    expect(signatureProblems(variation, '2026-06-11', ctx)[0]).toMatchObject({ field: 'signedOn', rule: 'not-future' });
    expect(signatureProblems(variation, '2025-10-31', ctx)[0]).toMatchObject({ rule: 'after-last-change' });
    expect(signatureProblems(variation, '2024-03-19', { ...ctx, lastSignedOn: null })[0]).toMatchObject({ rule: 'after-contract-signed' });
    expect(signatureProblems({ ...variation, kind: 'extension', decideBy: '2026-05-31' }, '2026-06-01', ctx)[0]).toMatchObject({ rule: 'by-decide-by' });
  });

  it('carry the cost impact: the value and the term before and after', () => {
    expect(costImpact({ value: '1200000.00', endsOn: '2027-03-31' }, '400000', '2028-03-31')).toEqual({
      valueChange: '400000.00',
      valueBefore: '1200000.00',
      valueAfter: '1600000.00',
      endsOnBefore: '2027-03-31',
      endsOnAfter: '2028-03-31',
    });
  });

  it('property: below-threshold changes, however many, never move the value by 10% of the award or more', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -5_000_000, max: 5_000_000 }), { maxLength: 12 }), (pennies) => {
        let moved = new Decimal(0);
        for (const p of pennies) {
          const change = new Decimal(p).div(100).toFixed(2);
          if (!variationProblems(contract, { classification: 'below_threshold', valueChange: change }, moved.toFixed(2)).length)
            moved = moved.plus(new Decimal(change).abs());
        }
        expect(moved.lt(new Decimal(contract.awardedValue).times('0.1'))).toBe(true);
      }),
    );
  });
});
