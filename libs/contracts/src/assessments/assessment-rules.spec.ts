import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { KPI_RATINGS, type KpiRating } from '../kpis/kpi-rules.js';
import {
  type AssessedContract,
  decisionProblems,
  derivedRating,
  kpiResults,
  medianRating,
  nextAssessment,
  occasionOf,
  periodProblems,
} from './assessment-rules.js';

const running: AssessedContract = { status: 'active', startsOn: '2024-04-01', endsOn: '2027-03-31', terminatedOn: null };
const series = (code: string, ratings: [string, KpiRating][]) => ({
  code,
  title: code,
  unit: 'per cent',
  measurements: ratings.map(([periodEndsOn, rating]) => ({ periodEndsOn, value: '1', rating })),
});

describe('performance assessments (s.71)', () => {
  it('fall due twelve months after the start, then twelve months after the last one, open a month before', () => {
    expect(nextAssessment(running, null, false, '2024-12-01')).toEqual({
      from: '2024-04-01',
      latestTo: '2024-12-01',
      endsOn: '2027-03-31',
      dueBy: '2025-03-31',
      status: 'not-yet',
      final: false,
    });
    expect(nextAssessment(running, null, false, '2025-03-01')?.status).toBe('open');
    expect(nextAssessment(running, null, false, '2025-04-01')).toMatchObject({ latestTo: '2025-03-31', status: 'overdue' });
    // Assessed early, to the end of December: the next year runs from January.
    expect(nextAssessment(running, '2024-12-31', false, '2025-01-10')).toMatchObject({ from: '2025-01-01', dueBy: '2025-12-31', status: 'not-yet' });
    // Never before signature, never after the final one.
    expect(nextAssessment({ ...running, status: 'pending' }, null, false, '2025-01-01')).toBeNull();
    expect(nextAssessment({ ...running, status: 'expired' }, '2027-03-31', true, '2027-04-10')).toBeNull();
  });

  it('end with the final one: reaching the contract’s last day, due a month after it', () => {
    const last = nextAssessment(running, '2026-03-31', false, '2026-12-01')!;
    expect(last).toMatchObject({ from: '2026-04-01', endsOn: '2027-03-31', dueBy: '2027-04-30', final: true, status: 'not-yet' });
    expect(occasionOf(last, '2027-03-31')).toBe('final');
    expect(occasionOf(last, '2026-12-01')).toBe('yearly');
    // Terminated early: the final one covers to the termination day and is open at once.
    const ended = nextAssessment({ ...running, status: 'terminated', terminatedOn: '2025-08-15' }, '2025-03-31', false, '2025-08-20')!;
    expect(ended).toMatchObject({ from: '2025-04-01', latestTo: '2025-08-15', endsOn: '2025-08-15', dueBy: '2025-09-14', status: 'open', final: true });
  });

  it('cover no more than twelve months, nothing assessed already and no day to come', () => {
    const next = nextAssessment(running, '2025-03-31', false, '2026-06-01')!;
    expect(periodProblems(next, '2026-03-31')).toEqual([]);
    expect(periodProblems(next, '2025-03-31')[0]).toMatchObject({ field: 'periodTo', rule: 'after-last-assessment' });
    expect(periodProblems(next, '2026-04-01')[0]).toMatchObject({ field: 'periodTo', rule: 'within-twelve-months' });
    const early = nextAssessment(running, '2025-03-31', false, '2025-10-01')!;
    expect(periodProblems(early, '2025-10-02')[0]).toMatchObject({ rule: 'within-twelve-months' });
  });

  it('rate each KPI by the median of its ratings in the period, the worse middle when even', () => {
    const results = kpiResults(
      [
        // Four quarters in the year, one of them before it: good, good, approaching, inadequate -> approaching (the worse middle).
        series('KPI-1', [
          ['2025-03-31', 'inadequate'],
          ['2025-06-30', 'good'],
          ['2025-09-30', 'good'],
          ['2025-12-31', 'approaching_target'],
          ['2026-03-31', 'inadequate'],
        ]),
        series('KPI-2', [
          ['2025-06-30', 'good'],
          ['2025-12-31', 'good'],
          ['2026-03-31', 'requires_improvement'],
        ]),
        series('KPI-3', []),
      ],
      '2025-04-01',
      '2026-03-31',
    );
    expect(results.map((r) => [r.code, r.measured, r.rating])).toEqual([
      ['KPI-1', 4, 'approaching_target'],
      ['KPI-2', 3, 'good'],
      ['KPI-3', 0, null],
    ]);
    expect(results[0].counts).toEqual({ good: 2, approaching_target: 1, requires_improvement: 0, inadequate: 1 });
    expect(results[0].latest).toEqual({ periodEndsOn: '2026-03-31', value: '1', rating: 'inadequate' });
    // Good and approaching: the worse middle of two. KPI-3, unmeasured, takes no part.
    expect(derivedRating(results)).toBe('approaching_target');
    expect(derivedRating([results[2]])).toBeNull();
  });

  it('take the derived rating unless a person overrides it with a reason', () => {
    expect(decisionProblems('good', {})).toEqual([]);
    expect(decisionProblems('good', { rating: 'good' })).toEqual([]);
    expect(decisionProblems('good', { rating: 'requires_improvement' })[0]).toMatchObject({ field: 'overrideReason', rule: 'required-to-override' });
    expect(decisionProblems('good', { rating: 'requires_improvement', overrideReason: 'Two serious incidents the KPIs do not measure' })).toEqual([]);
    expect(decisionProblems(null, {})[0]).toMatchObject({ field: 'rating', rule: 'required-when-unmeasured' });
    expect(decisionProblems(null, { rating: 'good' })[0]).toMatchObject({ field: 'overrideReason' });
    expect(decisionProblems('good', { rating: 'excellent' })[0]).toMatchObject({ field: 'rating', rule: 'one-of' });
  });

  it('property: a worse rating for one measurement never gives a better rating, for the KPI or overall', () => {
    const rating = fc.constantFrom(...KPI_RATINGS);
    const rank = (r: KpiRating | null) => (r === null ? -1 : KPI_RATINGS.indexOf(r));
    fc.assert(
      fc.property(fc.array(fc.array(rating, { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 5 }), fc.nat(), fc.nat(), (kpis, i, j) => {
        const k = i % kpis.length;
        const m = j % kpis[k].length;
        const worse = kpis.map((ratings, x) =>
          x === k ? ratings.map((r, y) => (y === m ? KPI_RATINGS[Math.min(KPI_RATINGS.indexOf(r) + 1, 3)] : r)) : ratings,
        );
        const results = (all: KpiRating[][]) =>
          kpiResults(
            all.map((ratings, x) =>
              series(
                `K${x}`,
                ratings.map((r, y): [string, KpiRating] => [`2025-0${(y % 9) + 1}-01`, r]),
              ),
            ),
            '2025-01-01',
            '2025-12-31',
          );
        expect(rank(medianRating(worse[k]))).toBeGreaterThanOrEqual(rank(medianRating(kpis[k])));
        expect(rank(derivedRating(results(worse)))).toBeGreaterThanOrEqual(rank(derivedRating(results(kpis))));
      }),
    );
  });

  it('property: every KPI rated alike gives that rating', () => {
    fc.assert(
      fc.property(fc.constantFrom(...KPI_RATINGS), fc.integer({ min: 1, max: 8 }), (r, n) => {
        expect(medianRating(Array.from({ length: n }, () => r))).toBe(r);
      }),
    );
  });
});
