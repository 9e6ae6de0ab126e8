import { BANK_HOLIDAYS_ENGLAND_WALES, standstillEnd } from './working-days.js';

describe('standstill in working days (England and Wales)', () => {
  it('counts eight working days beginning with the day of approval, skipping weekends', () => {
    // Monday 9 November 2026, 10:00 London (GMT): days 1-5 that week, 6-8 the next Monday to Wednesday.
    const { lastDay, endsAt } = standstillEnd(new Date('2026-11-09T10:00:00Z'), 8);
    expect(lastDay).toBe('2026-11-18');
    expect(endsAt.toISOString()).toBe('2026-11-19T00:00:00.000Z');
  });

  it('skips bank holidays, and ends at midnight London time in summer (BST)', () => {
    // Thursday 2 April 2026 (BST): Good Friday 3rd and Easter Monday 6th do not count.
    // Working days: 2, 7, 8, 9, 10, 13, 14, 15 April.
    const { lastDay, endsAt } = standstillEnd(new Date('2026-04-02T09:00:00Z'), 8);
    expect(lastDay).toBe('2026-04-15');
    expect(endsAt.toISOString()).toBe('2026-04-15T23:00:00.000Z');
  });

  it('starts counting on the next working day when approved at a weekend', () => {
    // Saturday 26 December 2026; Monday 28th is the Boxing Day substitute: the first day is Tuesday 29th.
    expect(standstillEnd(new Date('2026-12-26T12:00:00Z'), 1).lastDay).toBe('2026-12-29');
  });

  it('has this year’s and next year’s bank holidays', () => {
    const year = new Date().getUTCFullYear();
    for (const y of [year, year + 1]) expect([...BANK_HOLIDAYS_ENGLAND_WALES].filter((d) => d.startsWith(String(y))).length).toBe(8);
  });
});
