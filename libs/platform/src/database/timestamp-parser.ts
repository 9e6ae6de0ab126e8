import pg from 'pg';

/** PostgreSQL's type id for `timestamp with time zone`, the type every instant in the schema has (times are UTC). */
export const TIMESTAMPTZ_OID = 1184;

const ZERO = 48;
const digitAt = (s: string, i: number): number => {
  const d = s.charCodeAt(i) - ZERO;
  return d >= 0 && d <= 9 ? d : NaN;
};
const twoAt = (s: string, i: number): number => digitAt(s, i) * 10 + digitAt(s, i + 1);

/**
 * A `timestamptz` as PostgreSQL writes it in text (`2026-12-06 16:44:36.123456+00`, the offset in whole hours, or
 * `+05:30`, `-00:01:15`) to the Date node-postgres would make of it, without the regular expressions: pg's own parser
 * (postgres-date) runs three on every value, and the tenant list's four instants a row made it 3% of the list's
 * CPU (issue 19). Anything else PostgreSQL can write (a year before 1000 or after 9999, BC, infinity) goes to pg's
 * parser unchanged, as does anything this does not recognise; the property test holds the two to the same answers.
 * Microseconds are cut to milliseconds, as pg's parser does.
 */
export function parseTimestamptz(text: string): Date | number | null {
  const n = text.length;
  // 'YYYY-MM-DD HH:MM:SS' then an optional fraction, then the offset.
  if (n < 22 || text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45 || text.charCodeAt(10) !== 32) return fallback(text);
  if (text.charCodeAt(13) !== 58 || text.charCodeAt(16) !== 58) return fallback(text);
  const year = digitAt(text, 0) * 1000 + digitAt(text, 1) * 100 + twoAt(text, 2);
  const month = twoAt(text, 5);
  const day = twoAt(text, 8);
  const hour = twoAt(text, 11);
  const minute = twoAt(text, 14);
  const second = twoAt(text, 17);
  let i = 19;
  let ms = 0;
  if (text.charCodeAt(i) === 46) {
    // Up to six digits; the first three are the milliseconds.
    const start = ++i;
    for (let d = digitAt(text, i); !Number.isNaN(d) && i - start < 6; d = digitAt(text, ++i)) {
      if (i - start < 3) ms = ms * 10 + d;
    }
    const digits = i - start;
    if (digits === 0) return fallback(text);
    if (digits < 3) ms *= digits === 1 ? 100 : 10;
  }
  const sign = text.charCodeAt(i) === 43 ? 1 : text.charCodeAt(i) === 45 ? -1 : 0;
  if (sign === 0 || n - i < 3) return fallback(text);
  let offsetSeconds = twoAt(text, i + 1) * 3600;
  i += 3;
  // Then ':MM', and after it ':SS', when the offset is not whole hours.
  if (i < n && text.charCodeAt(i) === 58 && n - i >= 3) {
    offsetSeconds += twoAt(text, i + 1) * 60;
    i += 3;
    if (i < n && text.charCodeAt(i) === 58 && n - i >= 3) {
      offsetSeconds += twoAt(text, i + 1);
      i += 3;
    }
  }
  if (i !== n || year < 1000 || month < 1 || month > 12 || day < 1 || day > 31) return fallback(text);
  const utc = Date.UTC(year, month - 1, day, hour, minute, second, ms) - sign * offsetSeconds * 1000;
  // NaN here means a character that was not a digit: let pg's parser say what it makes of it.
  return Number.isNaN(utc) ? fallback(text) : new Date(utc);
}

const pgParser = pg.types.getTypeParser(TIMESTAMPTZ_OID, 'text') as (text: string) => Date | number | null;
const fallback = (text: string) => pgParser(text);

/**
 * The type parsers of the API's connections: pg's own, with `timestamptz` read by `parseTimestamptz`. Given to the pool
 * (`types`), so it holds for our connections only, never for another pg client in the process.
 */
export const pgTypes = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === TIMESTAMPTZ_OID && format !== 'binary') return parseTimestamptz;
    return pg.types.getTypeParser(oid, format);
  },
};
