import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { dueReminder, type ReminderKind } from './deadline-reminder-rule.js';

const H = 3_600_000;
const now = new Date('2026-11-22T08:00:00Z');
const at = (hours: number) => new Date(now.getTime() + hours * H);

describe('dueReminder', () => {
  it('sends the 7-day reminder between one and seven days out, and the 1-day one inside the last day', () => {
    expect(dueReminder(at(7 * 24), now, new Set())).toBe('7d');
    expect(dueReminder(at(7 * 24 + 1), now, new Set())).toBeNull();
    expect(dueReminder(at(25), now, new Set())).toBe('7d');
    expect(dueReminder(at(24), now, new Set())).toBe('1d');
    expect(dueReminder(at(1), now, new Set(['7d']))).toBe('1d');
  });

  it('sends nothing for a passed deadline or a kind already sent', () => {
    expect(dueReminder(at(0), now, new Set())).toBeNull();
    expect(dueReminder(at(-5), now, new Set())).toBeNull();
    expect(dueReminder(at(3 * 24), now, new Set(['7d']))).toBeNull();
    expect(dueReminder(at(3), now, new Set(['1d']))).toBeNull();
  });

  it('daily scans over a tender’s life send each kind at most once, and the 1-day reminder always', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 30 * 24 * 60 }), fc.integer({ min: 0, max: 23 * 60 }), (minutesAhead, offset) => {
        const deadline = new Date(now.getTime() + minutesAhead * 60_000);
        const sent = new Set<ReminderKind>();
        const log: ReminderKind[] = [];
        for (let t = now.getTime() + offset * 60_000 - 86_400_000; t < deadline.getTime() + 86_400_000; t += 86_400_000) {
          if (t < now.getTime()) continue;
          const kind = dueReminder(deadline, new Date(t), sent);
          if (kind) {
            sent.add(kind);
            log.push(kind);
          }
        }
        expect(new Set(log).size).toBe(log.length);
        // Scans a day apart: one always falls inside the last day before a deadline still ahead of the first scan.
        if (deadline.getTime() > now.getTime() + offset * 60_000) expect(log).toContain('1d');
        if (log.length === 2) expect(log).toEqual(['7d', '1d']);
      }),
    );
  });
});
