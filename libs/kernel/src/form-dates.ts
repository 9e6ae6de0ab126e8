import { isCalendarDate } from './london-calendar.js';

/**
 * GOV.UK's date input sends a date as three boxes, `<name>-day`, `<name>-month` and `<name>-year`. A form's
 * handler reads one field, `<name>`, as the API does (YYYY-MM-DD), so the three are joined into it here, once,
 * for every form, and taken away (a handler that checks a form strictly never meets them):
 *
 * - all three empty: `<name>` is the empty string (no date: optional fields stay empty, required ones are refused);
 * - a real date: `<name>` is it, as YYYY-MM-DD;
 * - anything else (a part missing, not a number, the 31st of February, a two-digit year): `<name>` is what was
 *   typed, as `day/month/year`, which no date rule accepts, so the handler refuses it in its own words and the
 *   page shows the boxes again as they were typed (`datePart`).
 *
 * A date with a time (`<name>-time` as well) is the page's own to read, and left alone.
 */
export function joinDateParts(body: Record<string, unknown>): void {
  for (const key of Object.keys(body)) {
    const name = /^(.+)-day$/.exec(key)?.[1];
    if (!name || !(`${name}-month` in body) || !(`${name}-year` in body) || `${name}-time` in body) continue;
    const part = (p: string) =>
      String(body[`${name}-${p}`] ?? '')
        .trim()
        .replace(/[\s/]+/g, '');
    const [day, month, year] = [part('day'), part('month'), part('year')];
    for (const p of ['day', 'month', 'year']) delete body[`${name}-${p}`];
    body[name] = !day && !month && !year ? '' : (calendarDateOf(day, month, year) ?? `${day}/${month}/${year}`);
  }
}

/** A day typed as day, month and year (`31`, `3`, `2027`) as YYYY-MM-DD, if it is one that exists; otherwise null. */
export function calendarDateOf(day: string, month: string, year: string): string | null {
  if (![day, month].every((v) => /^\d+$/.test(v)) || !/^\d{4}$/.test(year)) return null;
  const two = (v: string) => String(Number(v)).padStart(2, '0');
  const date = `${year}-${two(month)}-${two(day)}`;
  return isCalendarDate(date) ? date : null;
}

/** One box of a date input, from the field's value: YYYY-MM-DD as stored, or `day/month/year` as typed and refused. */
export function datePart(value: unknown, part: 'day' | 'month' | 'year'): string {
  const text = typeof value === 'string' ? value : '';
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (iso) return { day: String(Number(iso[3])), month: String(Number(iso[2])), year: iso[1] }[part];
  const typed = text.split('/');
  if (typed.length !== 3) return '';
  return { day: typed[0], month: typed[1], year: typed[2] }[part];
}
