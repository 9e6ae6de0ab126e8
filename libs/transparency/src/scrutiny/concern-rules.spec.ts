import fc from 'fast-check';
import { caseDue, supportersInWindow } from './concern-rules.js';

const now = new Date('2026-12-04T12:00:00Z');
const DAY = 86_400_000;
const daysAgo = (d: number) => new Date(now.getTime() - d * DAY);

describe('the scrutiny trigger', () => {
  it('counts only confirmations within the window ending now', () => {
    const trigger = { supporters: 3, windowDays: 28 };
    expect(supportersInWindow([daysAgo(1), daysAgo(27.9), daysAgo(28), daysAgo(40)], now, trigger)).toBe(2);
    expect(caseDue([daysAgo(1), daysAgo(2)], now, trigger)).toBe(false);
    expect(caseDue([daysAgo(1), daysAgo(2), daysAgo(3)], now, trigger)).toBe(true);
    // A confirmation stamped after now (a clock ahead) does not count yet.
    expect(supportersInWindow([new Date(now.getTime() + 1000)], now, trigger)).toBe(0);
  });

  it('opens a case exactly when the count within the window reaches the threshold (property)', () => {
    fc.assert(
      fc.property(
        // Ages in whole milliseconds, as a timestamp holds them: a fractional age a hair under the window would
        // be truncated by Date to exactly the window's edge, which is (rightly) outside it.
        fc.array(fc.integer({ min: 0, max: 60 * DAY }), { maxLength: 40 }),
        fc.integer({ min: 2, max: 20 }),
        fc.integer({ min: 1, max: 60 }),
        (agesMs, supporters, windowDays) => {
          const dates = agesMs.map((ms) => new Date(now.getTime() - ms));
          const inside = agesMs.filter((ms) => ms < windowDays * DAY).length;
          expect(caseDue(dates, now, { supporters, windowDays })).toBe(inside >= supporters);
        },
      ),
    );
  });
});
