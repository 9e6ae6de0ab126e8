import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { clockTime, londonDate, londonDateTime, londonWallTimeToUtc } from './london-time.js';

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

describe('a London wall-clock time as UTC', () => {
  it('reads GMT in winter and BST in summer', () => {
    expect(londonWallTimeToUtc('2027-01-15', '12:00')?.toISOString()).toBe('2027-01-15T12:00:00.000Z');
    expect(londonWallTimeToUtc('2027-07-15', '12:00')?.toISOString()).toBe('2027-07-15T11:00:00.000Z');
  });

  it('handles the changes of clock: the skipped hour moves on, the repeated hour is the first (BST)', () => {
    // 28 March 2027: 1am GMT becomes 2am BST; 25 October 2026: 2am BST becomes 1am GMT.
    expect(londonWallTimeToUtc('2027-03-28', '00:30')?.toISOString()).toBe('2027-03-28T00:30:00.000Z');
    expect(londonWallTimeToUtc('2027-03-28', '01:30')?.toISOString()).toBe('2027-03-28T01:30:00.000Z'); // shown as 2:30am BST
    expect(londonWallTimeToUtc('2027-03-28', '02:30')?.toISOString()).toBe('2027-03-28T01:30:00.000Z');
    expect(londonWallTimeToUtc('2026-10-25', '01:30')?.toISOString()).toBe('2026-10-25T00:30:00.000Z');
  });

  it('round-trips with the display of any instant (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(2026, 0, 1), max: Date.UTC(2030, 0, 1) }), (ms) => {
        const at = new Date(Math.floor(ms / 60_000) * 60_000);
        const parts = Object.fromEntries(
          new Intl.DateTimeFormat('en-CA', {
            timeZone: 'Europe/London',
            year: 'numeric',
            month: '2-digit',
            day: '2-digit',
            hour: '2-digit',
            minute: '2-digit',
            hourCycle: 'h23',
          })
            .formatToParts(at)
            .map((p) => [p.type, p.value]),
        );
        const back = londonWallTimeToUtc(`${parts.year}-${parts.month}-${parts.day}`, `${parts.hour}:${parts.minute}`)!;
        // The repeated autumn hour has two instants; the wall time names the first.
        expect([0, 3_600_000]).toContain(at.getTime() - back.getTime());
      }),
    );
  });

  it('refuses a date or time that does not exist', () => {
    expect(londonWallTimeToUtc('2027-02-30', '12:00')).toBeNull();
    expect(londonWallTimeToUtc('2027-02-03', '25:00')).toBeNull();
    expect(londonWallTimeToUtc('3 Feb', '12:00')).toBeNull();
  });
});
