/**
 * Times are stored in UTC and shown to people in Europe/London, whatever the
 * server's own zone, so a deadline reads the same in an e-mail and on a page.
 */
const dateTime = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  weekday: 'long',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  hour: 'numeric',
  minute: '2-digit',
  hourCycle: 'h23',
  timeZoneName: 'short',
});

const dateOnly = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', day: 'numeric', month: 'long', year: 'numeric' });

const asDate = (value: Date | string) => (value instanceof Date ? value : new Date(value));

/** GOV.UK style: 5:30pm, 10am, midday, midnight. */
export function clockTime(hour: number, minute: number): string {
  if (minute === 0 && hour === 12) return 'midday';
  if (minute === 0 && hour === 0) return 'midnight';
  const h = hour % 12 || 12;
  return `${h}${minute ? `:${String(minute).padStart(2, '0')}` : ''}${hour < 12 ? 'am' : 'pm'}`;
}

/** e.g. "Friday 4 December 2026 at midday GMT", "Monday 1 June 2026 at 5:30pm BST". */
export function londonDateTime(value: Date | string): string {
  const p = Object.fromEntries(dateTime.formatToParts(asDate(value)).map((x) => [x.type, x.value]));
  return `${p.weekday} ${p.day} ${p.month} ${p.year} at ${clockTime(Number(p.hour), Number(p.minute))} ${p.timeZoneName}`;
}

/** e.g. "4 December 2026". */
export const londonDate = (value: Date | string): string => dateOnly.format(asDate(value));

const offsetParts = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', timeZoneName: 'longOffset' });
/** London's offset from UTC at an instant, in minutes (0 in GMT, 60 in BST). */
const londonOffsetMinutes = (at: Date) => {
  const name = offsetParts.formatToParts(at).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  const m = /GMT([+-])(\d{2}):(\d{2})/.exec(name);
  return m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) : 0;
};

/**
 * A wall-clock time in London (what a person types in a form: 2027-03-01 and
 * 12:00) as the UTC instant to store. In the hour skipped when clocks go
 * forward it lands an hour later; in the hour repeated when they go back, on
 * the first (BST) one. Null for a date or time that does not exist.
 */
export function londonWallTimeToUtc(date: string, time: string): Date | null {
  const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const t = /^(\d{1,2}):(\d{2})$/.exec(time);
  if (!d || !t || Number(t[1]) > 23 || Number(t[2]) > 59) return null;
  const asUtc = Date.UTC(Number(d[1]), Number(d[2]) - 1, Number(d[3]), Number(t[1]), Number(t[2]));
  const check = new Date(asUtc);
  if (check.getUTCMonth() !== Number(d[2]) - 1 || check.getUTCDate() !== Number(d[3])) return null;
  // Try the offset in force an hour either side: one of them is right, and BST wins in the repeated hour.
  const guesses = [londonOffsetMinutes(new Date(asUtc - 3_600_000)), londonOffsetMinutes(new Date(asUtc + 3_600_000))].sort((a, b) => b - a);
  for (const guess of guesses) {
    const instant = new Date(asUtc - guess * 60_000);
    if (londonOffsetMinutes(instant) === guess) return instant;
  }
  // A time in the skipped hour: read with the earlier (smaller) offset, it is the same hour-later instant a clock shows.
  return new Date(asUtc - guesses[1] * 60_000);
}

const wallParts = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  day: 'numeric',
  month: 'numeric',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});
/** An instant as London's wall clock shows it, in the parts a form's date and time fields take back. */
export function londonWallTime(value: Date | string): { day: string; month: string; year: string; time: string } {
  const p = Object.fromEntries(wallParts.formatToParts(asDate(value)).map((x) => [x.type, x.value]));
  return { day: p.day, month: p.month, year: p.year, time: `${p.hour}:${p.minute}` };
}
