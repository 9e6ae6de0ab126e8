import { describe, expect, it } from '@jest/globals';
import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { KPI_RATINGS, kpiRating, type KpiThresholds, OCDS_RATING, thresholdProblems } from './kpi-rules.js';

const answered: KpiThresholds = { direction: 'higher', good: '95', approaching: '90', requiresImprovement: '80' };
const waiting: KpiThresholds = { direction: 'lower', good: '10', approaching: '15', requiresImprovement: '20' };

describe('KPIs', () => {
  it('rate a measured value against the thresholds, either way round', () => {
    // Referrals seen within five working days, per cent: more is better.
    expect(['97', '95', '94.9999', '90', '85', '80', '79.5'].map((v) => kpiRating(answered, v))).toEqual([
      'good',
      'good',
      'approaching_target',
      'approaching_target',
      'requires_improvement',
      'requires_improvement',
      'inadequate',
    ]);
    // Days from referral to first appointment: less is better.
    expect(['7', '10', '12', '15', '18', '21'].map((v) => kpiRating(waiting, v))).toEqual([
      'good',
      'good',
      'approaching_target',
      'approaching_target',
      'requires_improvement',
      'inadequate',
    ]);
  });

  it('keep each rating’s OCDS mapping', () => {
    expect(KPI_RATINGS.map((r) => OCDS_RATING[r])).toEqual(['met', 'slightlyBelow', 'below', 'significantlyBelow']);
  });

  it('refuse thresholds out of order for their direction, or not numbers', () => {
    expect(thresholdProblems(answered)).toEqual([]);
    expect(thresholdProblems(waiting)).toEqual([]);
    expect(thresholdProblems({ ...answered, direction: 'lower' }).map((p) => p.rule)).toEqual(['thresholds-in-order']);
    expect(thresholdProblems({ ...answered, approaching: 'ninety' }).map((p) => p.field)).toEqual(['approaching']);
  });

  it('property: a worse value never gives a better rating', () => {
    const measure = fc.integer({ min: -1_000_000, max: 1_000_000 }).map((n) => new Decimal(n).div(100).toString());
    const thresholds = fc
      .tuple(fc.constantFrom('higher' as const, 'lower' as const), fc.uniqueArray(fc.integer({ min: -10000, max: 10000 }), { minLength: 3, maxLength: 3 }))
      .map(([direction, xs]) => {
        const [a, b, c] = [...xs].sort((x, y) => (direction === 'higher' ? y - x : x - y)).map(String);
        return { direction, good: a, approaching: b, requiresImprovement: c };
      });
    fc.assert(
      fc.property(thresholds, measure, measure, (t, x, y) => {
        expect(thresholdProblems(t)).toEqual([]);
        const [better, worse] = t.direction === 'higher' ? (new Decimal(x).gte(y) ? [x, y] : [y, x]) : new Decimal(x).lte(y) ? [x, y] : [y, x];
        expect(KPI_RATINGS.indexOf(kpiRating(t, worse))).toBeGreaterThanOrEqual(KPI_RATINGS.indexOf(kpiRating(t, better)));
      }),
    );
  });
});
