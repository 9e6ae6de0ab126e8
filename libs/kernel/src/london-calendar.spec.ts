import { describe, expect, it } from '@jest/globals';
import { addMonths, daysBetween, isCalendarDate } from './london-calendar.js';

describe('calendar dates', () => {
  it('takes a day that exists and refuses one that does not, without throwing', () => {
    expect(isCalendarDate('2024-02-29')).toBe(true);
    for (const bad of ['2023-02-29', '2026-02-30', '2026-13-01', '2026-00-10', '2026-12-32', '2026-12-00', '26-12-01', '2026-1-01', 20261201, null])
      expect(isCalendarDate(bad)).toBe(false);
  });

  it('counts days across a leap day and a change of the clocks', () => {
    expect(daysBetween('2024-02-28', '2024-03-01')).toBe(2);
    expect(daysBetween('2026-03-28', '2026-03-30')).toBe(2);
    expect(daysBetween('2026-12-02', '2026-12-01')).toBe(-1);
    expect(addMonths('2024-01-31', 1)).toBe('2024-02-29');
  });
});
