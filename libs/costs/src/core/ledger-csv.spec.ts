import { describe, expect, it } from '@jest/globals';
import { IMPORT_COLUMNS, parseLedgerCsv } from './ledger-csv.js';

const HEADER = IMPORT_COLUMNS.join(',');

describe('a finance system’s file of costs', () => {
  it('reads a cost a line, staff time with its hours and rate, quoted descriptions whole', () => {
    const csv = `${HEADER}\r\n2026-01-31,1200.00,authority,purchased,operational,quality-audit,,,"Audit, quarter 3"\r\n2026-02-01,243.00,authority,staff_time,operational,outcome-validation,7.50,32.40,Validation\r\n\r\n`;
    const { entries, problems } = parseLedgerCsv(csv, '2026-12-01');
    expect(problems).toEqual([]);
    expect(entries).toEqual([
      expect.objectContaining({ occurredOn: '2026-01-31', amount: '1200.00', hours: null, hourlyRate: null, description: 'Audit, quarter 3' }),
      expect.objectContaining({ type: 'staff_time', hours: '7.50', hourlyRate: '32.40' }),
    ]);
  });

  it('names every problem on every line by its column, and keeps nothing', () => {
    const csv = [
      HEADER,
      '2026-01-31,1200.00,authority,purchased,operational,quality-audit,,,Fine',
      '31/01/2026,-5,council,purchased,operational,quality-audit,,,Bad',
      '2026-01-31,10.00,authority,staff_time,operational,quality-audit,2,,Rate missing',
      'too,few',
    ].join('\n');
    const { entries, problems } = parseLedgerCsv(csv, '2026-12-01');
    expect(entries).toEqual([]);
    expect(problems.map((p) => `${p.line}:${p.field}:${p.rule}`)).toEqual([
      '3:occurred_on:date',
      '3:amount:not-negative',
      '3:bearer:one-of',
      '4:hourly_rate:money',
      '5:line:columns',
    ]);
    expect(problems[0].message).toBe('line 3: occurred_on must be a date, YYYY-MM-DD');
  });

  it('refuses a file with the wrong columns, no costs, or broken quoting', () => {
    expect(parseLedgerCsv('date,amount\n2026-01-01,1', '2026-12-01').problems[0]).toMatchObject({ line: 1, rule: 'columns' });
    expect(parseLedgerCsv(`${HEADER}\n`, '2026-12-01').problems[0]).toMatchObject({ rule: 'empty' });
    expect(parseLedgerCsv(`${HEADER}\n"2026-01-01,1`, '2026-12-01').problems[0]).toMatchObject({ field: 'file', rule: 'csv' });
  });
});
