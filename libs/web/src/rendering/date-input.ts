import { calendarDateOf } from '#kernel';

/**
 * GOV.UK's date input: a date typed as day, month and year in three boxes (`<id>-day`, `<id>-month`,
 * `<id>-year`), read as YYYY-MM-DD, or what is wrong in the Design System's words ("Deadline for bids
 * must include a month", "... must be a real date"). Nothing typed at all is no date and no problem.
 */
export function dateFromParts(form: Record<string, string | undefined>, id: string, what: string): { date: string | null; problem: string | null } {
  const parts = { day: '', month: '', year: '' };
  for (const p of ['day', 'month', 'year'] as const) parts[p] = (form[`${id}-${p}`] ?? '').trim();
  if (!parts.day && !parts.month && !parts.year) return { date: null, problem: null };
  const missing = (['day', 'month', 'year'] as const).filter((p) => !parts[p]);
  if (missing.length) return { date: null, problem: `${what} must include a ${missing.join(' and a ')}` };
  if (![parts.day, parts.month, parts.year].every((v) => /^\d+$/.test(v))) return { date: null, problem: `${what} must be a real date, for example 27 3 2027` };
  if (parts.year.length !== 4) return { date: null, problem: 'Year must include 4 numbers' };
  const date = calendarDateOf(parts.day, parts.month, parts.year);
  return date ? { date, problem: null } : { date: null, problem: `${what} must be a real date, for example 27 3 2027` };
}
