import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { conclusionProblems, deductionOf, explainByFor, REVIEW_CONCLUSIONS, type ReviewFacts, reviewState } from './review-rules.js';

const open: ReviewFacts = { explainBy: '2026-12-29', explained: false, conclusion: null, deduction: null };
const ctx = { today: '2026-12-10', contractValue: '1200000.00' };

describe('review before sanction', () => {
  it('gives the provider four weeks to explain, and waits for it', () => {
    expect(explainByFor('2026-12-01')).toBe('2026-12-29');
    expect(reviewState(open, '2026-12-29')).toBe('awaiting-explanation');
    expect(reviewState(open, '2026-12-30')).toBe('explanation-overdue');
    expect(reviewState({ ...open, explained: true }, '2027-01-30')).toBe('explained');
    const early = conclusionProblems(open, { conclusion: 'deduction', note: 'Missed', deduction: '5000.00' }, ctx);
    expect(early.map((p) => p.rule)).toEqual(['awaiting-explanation']);
    // Once explained, or once the date has passed unanswered, the contract manager concludes.
    expect(conclusionProblems({ ...open, explained: true }, { conclusion: 'deduction', note: 'Missed', deduction: '5000.00' }, ctx)).toEqual([]);
    expect(conclusionProblems(open, { conclusion: 'no_action', note: 'No answer; context explains it' }, { ...ctx, today: '2026-12-30' })).toEqual([]);
  });

  it('refuses a conclusion field by field', () => {
    const explained = { ...open, explained: true };
    const rules = (c: Parameters<typeof conclusionProblems>[1]) => conclusionProblems(explained, c, ctx).map((p) => `${p.field}:${p.rule}`);
    expect(rules({ conclusion: 'deduction', note: ' ', deduction: '0' })).toEqual(['note:required', 'deduction:money']);
    expect(rules({ conclusion: 'deduction', note: 'x', deduction: '2000000.00' })).toEqual(['deduction:within-value']);
    expect(rules({ conclusion: 'remedy_plan', note: 'x', remedyDueOn: '2026-12-10' })).toEqual(['remedyDueOn:in-future']);
    expect(rules({ conclusion: 'no_action', note: 'x', deduction: '10.00', remedyDueOn: '2027-01-31' })).toEqual([
      'remedyDueOn:remedy-only',
      'deduction:deduction-only',
    ]);
    expect(
      conclusionProblems({ ...explained, conclusion: 'no_action' }, { conclusion: 'deduction', note: 'x', deduction: '1.00' }, ctx).map((p) => p.rule),
    ).toEqual(['concluded']);
  });

  it('property: there is no deduction without a review concluded with one', () => {
    fc.assert(
      fc.property(
        fc.record({
          explainBy: fc.constant('2026-12-29'),
          explained: fc.boolean(),
          conclusion: fc.option(fc.constantFrom(...REVIEW_CONCLUSIONS)),
          deduction: fc.option(fc.integer({ min: 1, max: 10_000_000 }).map((p) => (p / 100).toFixed(2))),
        }),
        (r) => {
          const d = deductionOf(r);
          if (d !== null) {
            expect(r.conclusion).toBe('deduction');
            expect(reviewState(r, '2027-06-01')).toBe('concluded');
          }
          // Only an open review can be concluded, so a concluded one never gains a deduction later.
          if (r.conclusion)
            expect(conclusionProblems(r, { conclusion: 'deduction', note: 'x', deduction: '1.00' }, ctx).map((p) => p.rule)).toEqual(['concluded']);
        },
      ),
    );
  });
});
