import { addYears } from '#kernel';
import { LEVELS } from '#public-character';

/**
 * The yearly re-assessment of a public character commitment (docs/domain.md section 5: after award the
 * commitments are contract terms, re-assessed every year). Pure: dates are London calendar dates
 * (YYYY-MM-DD), compared as text.
 */

/** A review can be recorded from this many days before it falls due (a yearly review, not a monthly one). */
export const REVIEW_WINDOW_DAYS = 60;

export interface ReviewDone {
  year: number;
  level: number;
}

export interface ReviewSchedule {
  /** The contract year whose review comes next (1: a year after award). */
  nextYear: number;
  /** When it falls due. */
  due: string;
  /** from: the date it may be recorded from. */
  opensOn: string;
  status: 'not-yet' | 'open' | 'overdue';
  /** The level found at the newest review, and whether it met the commitment; null before the first. */
  lastLevel: number | null;
  kept: boolean | null;
}

const addDays = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/** A commitment is kept when the level found is at least the level committed. */
export const kept = (found: number, committed: number | null) => found >= (committed ?? 0);

/** Where a commitment's reviews stand on `today`: the first falls due on `firstDue`, each next a year after the one before. */
export function reviewSchedule(firstDue: string, committed: number | null, reviews: ReviewDone[], today: string): ReviewSchedule {
  const done = [...reviews].sort((a, b) => a.year - b.year);
  const nextYear = (done.at(-1)?.year ?? 0) + 1;
  const due = addYears(firstDue, nextYear - 1);
  const opensOn = addDays(due, -REVIEW_WINDOW_DAYS);
  const last = done.at(-1);
  return {
    nextYear,
    due,
    opensOn,
    status: today > due ? 'overdue' : today >= opensOn ? 'open' : 'not-yet',
    lastLevel: last?.level ?? null,
    kept: last ? kept(last.level, committed) : null,
  };
}

export interface ReviewInput {
  year?: unknown;
  level?: unknown;
  note?: unknown;
}

/**
 * What is wrong with a review as sent: the year must be the next one (no year skipped or done twice),
 * its window open, the level one of the framework's, and the note say what was found.
 */
export function reviewProblems(input: ReviewInput, schedule: ReviewSchedule, today: string): { field: string; rule: string; message: string }[] {
  const problems: { field: string; rule: string; message: string }[] = [];
  if (input.year !== schedule.nextYear) {
    problems.push({ field: 'year', rule: 'next-review', message: `year must be ${schedule.nextYear}: the next review of this commitment` });
  } else if (today < schedule.opensOn) {
    problems.push({
      field: 'year',
      rule: 'not-yet-due',
      message: `the year ${schedule.nextYear} review falls due on ${schedule.due} and can be recorded from ${schedule.opensOn}`,
    });
  }
  if (!Number.isInteger(input.level) || (input.level as number) < 0 || (input.level as number) > LEVELS.length - 1) {
    problems.push({ field: 'level', rule: 'level', message: `level must be a whole number from 0 to ${LEVELS.length - 1}` });
  }
  const note = typeof input.note === 'string' ? input.note.trim() : '';
  if (!note) problems.push({ field: 'note', rule: 'required', message: 'Say what the review found and on what evidence' });
  else if (note.length > 5000) problems.push({ field: 'note', rule: 'max-length', message: 'note must be at most 5000 characters' });
  return problems;
}
