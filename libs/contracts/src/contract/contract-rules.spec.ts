import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { activationProblems, canMove, CONTRACT_STATUSES, type ContractTerms, termsAtAward, termsProblems } from './contract-rules.js';

const terms = (over: Partial<ContractTerms> = {}): ContractTerms => ({
  awardedValue: '3950000.00',
  startsOn: '2024-04-01',
  endsOn: '2027-04-01',
  tag: 'operational',
  paymentMechanism: 'fixed_fee_plus_outcomes',
  minimumFixedFee: '3000000.00',
  extensionOptions: [{ months: 24, value: '2400000.00', decideBy: '2026-10-01' }],
  ...over,
});

describe('contract terms', () => {
  it('start at award from the winning bid: its price, for the years it priced', () => {
    expect(
      termsAtAward(
        {
          price: '3950000.00',
          costProfile: [
            { year: 1, amount: '1' },
            { year: 2, amount: '1' },
            { year: 3, amount: '1' },
          ],
        },
        '2024-02-29',
      ),
    ).toEqual({
      awardedValue: '3950000.00',
      startsOn: '2024-02-29',
      // 29 February three years on is 28 February.
      endsOn: '2027-02-28',
      tag: 'operational',
      paymentMechanism: 'fixed_fee',
      minimumFixedFee: null,
      extensionOptions: [],
    });
    expect(termsAtAward({ price: '10.00', costProfile: null }, '2026-12-01').endsOn).toBe('2029-11-30');
  });

  it('hold for a sound contract', () => {
    expect(termsProblems(terms())).toEqual([]);
  });

  it('name every field that is wrong, with its rule', () => {
    const problems = termsProblems(
      terms({
        awardedValue: '3950000.001',
        startsOn: '2027-02-30',
        tag: 'tactical' as never,
        extensionOptions: [{ months: 0, value: '1e6', decideBy: '2028-01-01' }],
      }),
    );
    expect(problems.map((p) => `${p.field}:${p.rule}`)).toEqual([
      'awardedValue:money',
      'startsOn:date',
      'tag:one-of',
      'extensionOptions.0.months:range',
      'extensionOptions.0.value:money',
      'extensionOptions.0.decideBy:before-end',
    ]);
    expect(termsProblems(terms({ endsOn: '2024-04-01', extensionOptions: [] })).map((p) => p.rule)).toEqual(['after-start']);
    expect(termsProblems(terms({ minimumFixedFee: '4000000.00' })).map((p) => p.rule)).toEqual(['within-value']);
    expect(termsProblems(terms({ paymentMechanism: 'payment_by_results' })).map((p) => p.rule)).toEqual(['no-fixed-fee']);
  });
});

describe('activating a contract', () => {
  const facts = {
    awardedValue: '3950000.00',
    paymentMechanism: 'fixed_fee' as const,
    kpis: 0,
    kpiExemptionReason: null,
    minimumFixedFee: null,
    pricedMetrics: 0,
    riskAcceptedBy: null,
    activatedBy: 'u1',
  };

  it('needs three KPIs above £5m (s.52), or a recorded reason', () => {
    expect(activationProblems(facts)).toEqual([]);
    expect(activationProblems({ ...facts, awardedValue: '5000000.00' })).toEqual([]); // "above" £5m
    expect(activationProblems({ ...facts, awardedValue: '5000000.01' }).map((p) => p.rule)).toEqual(['kpis-required']);
    expect(activationProblems({ ...facts, awardedValue: '5000000.01', kpis: 2 }).map((p) => p.rule)).toEqual(['kpis-required']);
    expect(activationProblems({ ...facts, awardedValue: '5000000.01', kpis: 3 })).toEqual([]);
    expect(activationProblems({ ...facts, awardedValue: '9000000.00', kpiExemptionReason: '  ' }).map((p) => p.rule)).toEqual(['kpis-required']);
    expect(activationProblems({ ...facts, awardedValue: '9000000.00', kpiExemptionReason: 'A framework call-off measured by the framework' })).toEqual([]);
  });

  it('needs a second person to accept the risk of payment by results only', () => {
    const pbr = { ...facts, paymentMechanism: 'payment_by_results' as const, pricedMetrics: 1 };
    expect(activationProblems(pbr).map((p) => p.rule)).toEqual(['risk-acceptance-required']);
    expect(activationProblems({ ...pbr, riskAcceptedBy: 'u1' }).map((p) => p.rule)).toEqual(['second-person']);
    expect(activationProblems({ ...pbr, riskAcceptedBy: 'u2' })).toEqual([]);
  });

  it('pays for outcomes only with a priced outcome metric, and on top of a fixed fee that is set', () => {
    const plus = { ...facts, paymentMechanism: 'fixed_fee_plus_outcomes' as const };
    expect(activationProblems(plus).map((p) => p.rule)).toEqual(['fixed-fee-required', 'outcomes-required']);
    expect(activationProblems({ ...plus, minimumFixedFee: '3000000.00', pricedMetrics: 1 })).toEqual([]);
    expect(activationProblems({ ...facts, paymentMechanism: 'payment_by_results', riskAcceptedBy: 'u2' }).map((p) => p.rule)).toEqual(['outcomes-required']);
  });

  it('never lets more KPIs make a contract harder to activate (property)', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 12n }), fc.nat(10), fc.nat(10), (pence, a, b) => {
        const value = `${pence / 100n}.${String(pence % 100n).padStart(2, '0')}`;
        const [few, many] = a < b ? [a, b] : [b, a];
        const blocked = (kpis: number) => activationProblems({ ...facts, awardedValue: value, kpis }).length > 0;
        // Activation blocked with more KPIs is blocked with fewer too.
        return !blocked(many) || blocked(few);
      }),
    );
  });
});

describe('a contract’s status', () => {
  it('moves forward only: pending, active, then expired or terminated, and never back', () => {
    expect(canMove('pending', 'active')).toBe(true);
    expect(canMove('active', 'terminated')).toBe(true);
    expect(canMove('active', 'pending')).toBe(false);
    for (const end of ['expired', 'terminated'] as const) for (const to of CONTRACT_STATUSES) expect(canMove(end, to)).toBe(false);
  });
});
