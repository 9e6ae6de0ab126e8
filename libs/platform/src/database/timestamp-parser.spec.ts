import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import pg from 'pg';
import { parseTimestamptz, pgTypes, TIMESTAMPTZ_OID } from './timestamp-parser.js';

/** node-postgres's own reading of a timestamptz: the answer ours must give. */
const pgReads = pg.types.getTypeParser(TIMESTAMPTZ_OID, 'text') as (text: string) => Date | number | null;
const same = (text: string) => {
  const ours = parseTimestamptz(text);
  const theirs = pgReads(text);
  return ours instanceof Date && theirs instanceof Date ? Object.is(ours.getTime(), theirs.getTime()) : Object.is(ours, theirs);
};

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** An instant as PostgreSQL writes it under a session time zone `offsetSeconds` east of UTC (microseconds trimmed). */
function asPostgresWrites(epochMs: number, micros: number, offsetSeconds: number): string {
  const local = new Date(epochMs + offsetSeconds * 1000);
  const date = `${pad(local.getUTCFullYear(), 4)}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}`;
  const time = `${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())}`;
  const us = local.getUTCMilliseconds() * 1000 + micros;
  const fraction = us ? `.${pad(us, 6)}`.replace(/0+$/, '') : '';
  const abs = Math.abs(offsetSeconds);
  const [h, m, s] = [Math.floor(abs / 3600), Math.floor((abs % 3600) / 60), abs % 60];
  const offset = `${offsetSeconds < 0 ? '-' : '+'}${pad(h)}${m || s ? `:${pad(m)}` : ''}${s ? `:${pad(s)}` : ''}`;
  return `${date} ${time}${fraction}${offset}`;
}

describe('reading a timestamptz', () => {
  it('reads what PostgreSQL writes under several time zones as node-postgres does (strings from a real server)', () => {
    const written = [
      '2026-12-06 16:44:36.123456+00',
      '2026-12-06 22:14:36.123456+05:30',
      '2026-12-06 13:14:36.123456-03:30',
      '1871-06-01 17:21:10+05:21:10',
      '1871-06-01 08:29:08-03:30:52',
      '1871-06-01 11:16:52-00:43:08',
      '2026-07-01 01:00:00.5+01',
      '2026-06-30 21:30:00.5-02:30',
      '2026-07-01 00:00:00+00',
    ];
    for (const text of written) expect([text, same(text)]).toEqual([text, true]);
    expect(parseTimestamptz('2026-12-06 22:14:36.123456+05:30')).toEqual(new Date('2026-12-06T16:44:36.123Z'));
  });

  it('leaves what it does not read itself to node-postgres: early years, BC, infinity, anything it does not recognise', () => {
    for (const text of [
      '0099-01-01 05:53:28+05:53:28',
      '0098-12-31 23:58:45-00:01:15',
      '0044-03-15 12:00:00+00 BC',
      'infinity',
      '-infinity',
      '2026-12-06 16:44:36.1234567+00',
      '2026-12-06T16:44:36Z',
      '2026-12-06 16:44:36.+00',
      '2026-12-06 16:44:3x+00',
      '2026-13-06 16:44:36+00',
      '2026-12-06 16:44:36+0',
    ]) {
      expect([text, same(text)]).toEqual([text, true]);
    }
  });

  it('gives node-postgres’s answer for any instant from the year 1000 to 9999, under any offset PostgreSQL can write', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(1000, 0, 2), max: Date.UTC(9999, 11, 30) }),
        fc.integer({ min: 0, max: 999 }),
        fc.oneof(
          fc.integer({ min: -15, max: 15 }).map((h) => h * 3600),
          fc.integer({ min: -15 * 3600 - 3599, max: 15 * 3600 + 3599 }),
        ),
        (epochMs, micros, offsetSeconds) => {
          const text = asPostgresWrites(epochMs, micros, offsetSeconds);
          expect([text, same(text)]).toEqual([text, true]);
          expect((parseTimestamptz(text) as Date).getTime()).toBe(epochMs);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('is the parser of timestamptz in text on our connections, and pg’s own for every other type', () => {
    expect(pgTypes.getTypeParser(TIMESTAMPTZ_OID, 'text')).toBe(parseTimestamptz);
    expect(pgTypes.getTypeParser(TIMESTAMPTZ_OID)).toBe(parseTimestamptz);
    expect(pgTypes.getTypeParser(TIMESTAMPTZ_OID, 'binary')).toBe(pg.types.getTypeParser(TIMESTAMPTZ_OID, 'binary'));
    expect(pgTypes.getTypeParser(1700, 'text')).toBe(pg.types.getTypeParser(1700, 'text'));
  });
});
