import { describe, expect, it } from '@jest/globals';
import { clockTime, londonDate, londonDateTime } from './london-time.js';

describe('London time for people', () => {
  it('reads a UTC instant in Europe/London, with GMT or BST', () => {
    expect(londonDateTime(new Date('2026-11-27T12:00:00Z'))).toBe('Friday 27 November 2026 at midday GMT');
    expect(londonDateTime(new Date('2026-06-01T16:30:00Z'))).toBe('Monday 1 June 2026 at 5:30pm BST');
    expect(londonDateTime('2026-03-28T23:59:00Z')).toBe('Saturday 28 March 2026 at 11:59pm GMT');
    // The night the clocks go forward: 01:00 UTC is already 02:00 BST.
    expect(londonDateTime('2026-03-29T01:00:00Z')).toBe('Sunday 29 March 2026 at 2am BST');
  });

  it('follows the GOV.UK style for times', () => {
    expect(clockTime(0, 0)).toBe('midnight');
    expect(clockTime(12, 0)).toBe('midday');
    expect(clockTime(10, 0)).toBe('10am');
    expect(clockTime(0, 5)).toBe('12:05am');
    expect(clockTime(12, 30)).toBe('12:30pm');
    expect(clockTime(23, 59)).toBe('11:59pm');
  });

  it('gives the London date of an instant near midnight', () => {
    expect(londonDate('2026-06-30T23:30:00Z')).toBe('1 July 2026');
    expect(londonDate('2026-12-31T23:30:00Z')).toBe('31 December 2026');
  });
});
