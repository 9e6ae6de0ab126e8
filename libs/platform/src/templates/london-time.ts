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
