/** Today's date in London (YYYY-MM-DD): a review-by date is a calendar date there, not an instant. */
export const londonToday = (now = new Date()): string =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);

/** The same calendar day `years` later (29 February becomes 28 February). */
export const addYears = (date: string, years: number): string => addMonths(date, 12 * years);

/** The same calendar day `months` later, or the month's last day where it has no such day (31 January + 1 month is 28 or 29 February). */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number);
  const target = new Date(Date.UTC(y, m - 1 + months, d));
  if (target.getUTCMonth() !== (((m - 1 + months) % 12) + 12) % 12) target.setUTCDate(0);
  return target.toISOString().slice(0, 10);
}

/** The calendar day `days` after `date` (before it, for a negative count). */
export function addDays(date: string, days: number): string {
  const t = new Date(`${date}T00:00:00Z`);
  t.setUTCDate(t.getUTCDate() + days);
  return t.toISOString().slice(0, 10);
}

/** A calendar date as the API takes it and the database stores it: YYYY-MM-DD. */
export const CALENDAR_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Whether `s` is YYYY-MM-DD and a day that exists (30 February does not). */
export function isCalendarDate(s: unknown): s is string {
  if (typeof s !== 'string' || !CALENDAR_DATE.test(s)) return false;
  // A month or day out of range (2026-13-01) is no time at all, not an exception.
  const t = Date.parse(`${s}T00:00:00Z`);
  return !Number.isNaN(t) && new Date(t).toISOString().slice(0, 10) === s;
}

/** Calendar days from `from` to `to` (negative when `to` is earlier). */
export const daysBetween = (from: string, to: string): number => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
