import { nextCycleReference, type ReviewInput, reviewProblems, reviewReminderKind } from './service-review.js';

const input = (outcomes: ReviewInput['outcomes']): ReviewInput => ({ outcomes, engagementFindings: 'f', summary: 's', decision: 'change', reasons: 'r' });
const finding = (outcomeId: string, evidence = 'results') => ({ outcomeId, finding: 'achieved' as const, evidence });

describe('the service review’s rules', () => {
  it('asks for one finding on every outcome of the framework, each resting on something', () => {
    expect(reviewProblems(input([finding('a'), finding('b')]), ['a', 'b'])).toEqual([]);
    expect(reviewProblems(input([finding('a')]), ['a', 'b'])).toEqual([
      { field: 'outcomes', rule: 'every-outcome', message: 'the outcome b has no finding: the review covers the whole framework' },
    ]);
    expect(reviewProblems(input([finding('a'), finding('a'), finding('b')]), ['a', 'b']).map((p) => [p.field, p.rule])).toEqual([
      ['outcomes.1.outcomeId', 'once'],
    ]);
    expect(reviewProblems(input([finding('a'), finding('z')]), ['a']).map((p) => [p.field, p.rule])).toEqual([['outcomes.1.outcomeId', 'in-framework']]);
    expect(reviewProblems(input([finding('a', '  ')]), ['a']).map((p) => [p.field, p.rule])).toEqual([['outcomes.0.evidence', 'required']]);
    // A cycle with no outcomes framework (outputs only) is reviewed on its engagement and summary alone.
    expect(reviewProblems(input([]), [])).toEqual([]);
  });

  it('reminds from the notice window to the review-by date, then as overdue the day after', () => {
    const today = '2026-12-04';
    const opens = '2027-03-04'; // 90 days on
    expect(reviewReminderKind('2027-03-05', today, opens)).toBeNull();
    expect(reviewReminderKind('2027-03-04', today, opens)).toBe('open');
    expect(reviewReminderKind('2026-12-04', today, opens)).toBe('open');
    expect(reviewReminderKind('2026-12-03', today, opens)).toBe('overdue');
  });

  it('numbers the next cycle after the reviewed one, skipping references already taken', () => {
    expect(nextCycleReference('NCC-CYC-2022-03', () => false)).toBe('NCC-CYC-2022-03-R1');
    expect(nextCycleReference('NCC-CYC-2022-03-R1', () => false)).toBe('NCC-CYC-2022-03-R2');
    const taken = new Set(['X-R1', 'X-R2']);
    expect(nextCycleReference('X', (r) => taken.has(r))).toBe('X-R3');
  });
});
