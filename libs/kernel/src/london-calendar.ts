/** Today's date in London (YYYY-MM-DD): a review-by date is a calendar date there, not an instant. */
export const londonToday = (now = new Date()): string =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);

/** The same calendar day `years` later (29 February becomes 28 February). */
export function addYears(date: string, years: number): string {
  const [y, m, d] = date.split('-').map(Number);
  const target = new Date(Date.UTC(y + years, m - 1, d));
  if (target.getUTCMonth() !== m - 1) target.setUTCDate(0);
  return target.toISOString().slice(0, 10);
}

/** A calendar date as the API takes it and the database stores it: YYYY-MM-DD. */
export const CALENDAR_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Whether `s` is YYYY-MM-DD and a day that exists (30 February does not). */
export const isCalendarDate = (s: unknown): s is string =>
  typeof s === 'string' && CALENDAR_DATE.test(s) && new Date(`${s}T00:00:00Z`).toISOString().slice(0, 10) === s;
