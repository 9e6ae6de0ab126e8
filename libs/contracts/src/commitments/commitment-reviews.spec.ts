import fc from 'fast-check';
import { reviewProblems, reviewSchedule } from './commitment-reviews.js';

describe('yearly review of a public character commitment', () => {
  it('opens 60 days before it falls due and is overdue the day after', () => {
    expect(reviewSchedule('2027-03-01', 3, [], '2026-12-31')).toMatchObject({ nextYear: 1, due: '2027-03-01', opensOn: '2026-12-31', status: 'open' });
    expect(reviewSchedule('2027-03-01', 3, [], '2026-12-30').status).toBe('not-yet');
    expect(reviewSchedule('2027-03-01', 3, [], '2027-03-01').status).toBe('open');
    expect(reviewSchedule('2027-03-01', 3, [], '2027-03-02').status).toBe('overdue');
  });

  it('moves a year on with each review, and says whether the newest kept the commitment', () => {
    expect(reviewSchedule('2027-03-01', 3, [{ year: 1, level: 2 }], '2027-03-02')).toMatchObject({
      nextYear: 2,
      due: '2028-03-01',
      status: 'not-yet',
      lastLevel: 2,
      kept: false,
    });
    expect(
      reviewSchedule(
        '2027-03-01',
        3,
        [
          { year: 2, level: 4 },
          { year: 1, level: 2 },
        ],
        '2029-03-05',
      ),
    ).toMatchObject({ nextYear: 3, due: '2029-03-01', status: 'overdue', lastLevel: 4, kept: true });
  });

  it('keeps a review due on 29 February to 28 February in other years', () => {
    expect(reviewSchedule('2028-02-29', 1, [{ year: 1, level: 1 }], '2028-03-01').due).toBe('2029-02-28');
  });

  it('takes only the next year, inside its window, with a level and a note', () => {
    const s = reviewSchedule('2027-03-01', 3, [{ year: 1, level: 3 }], '2028-02-01');
    expect(reviewProblems({ year: 2, level: 3, note: 'Board minutes seen' }, s, '2028-02-01')).toEqual([]);
    expect(reviewProblems({ year: 3, level: 3, note: 'x' }, s, '2028-02-01')).toEqual([expect.objectContaining({ field: 'year', rule: 'next-review' })]);
    expect(reviewProblems({ year: 2, level: 3, note: 'x' }, s, '2027-12-01')).toEqual([expect.objectContaining({ field: 'year', rule: 'not-yet-due' })]);
    expect(reviewProblems({ year: 2, level: 5, note: ' ' }, s, '2028-02-01').map((p) => p.field)).toEqual(['level', 'note']);
    expect(reviewProblems({ year: 2, level: 2.5, note: 'x' }, s, '2028-02-01').map((p) => p.rule)).toEqual(['level']);
  });

  it('never falls due before the review before it, and is never open before its window (property)', () => {
    const day = fc.integer({ min: 0, max: 3650 }).map((n) => new Date(Date.UTC(2026, 0, 1) + n * 86_400_000).toISOString().slice(0, 10));
    fc.assert(
      fc.property(day, fc.integer({ min: 0, max: 6 }), day, (first, done, today) => {
        const reviews = Array.from({ length: done }, (_, i) => ({ year: i + 1, level: 2 }));
        const now = reviewSchedule(first, 2, reviews, today);
        const before = reviewSchedule(first, 2, reviews.slice(0, -1), today);
        expect(now.nextYear).toBe(done + 1);
        if (done) expect(now.due > before.due).toBe(true);
        expect(now.status === 'not-yet').toBe(today < now.opensOn);
      }),
    );
  });
});
