import fc from 'fast-check';
import { catalogueCsv, CSV_COLUMNS, parseCatalogueCsv } from './catalogue-csv.js';
import { DEFAULT_CATALOGUE } from './default-catalogue.js';

const HEADER = CSV_COLUMNS.join(',');
const line = (code: string, value = '12.50') => `Jobs,More local people in work,${code},"Local hires, full time",FTE year,${value},Our 2026 study`;

describe('a social value catalogue from CSV', () => {
  it('reads themes, outcomes and measures, with quoted commas and proxy values kept as decimal strings', () => {
    const { measures, problems } = parseCatalogueCsv(`${HEADER}\n${line('J-1')}\n${line('J-2', '0.20')}\n`);
    expect(problems).toEqual([]);
    expect(measures).toEqual([
      {
        code: 'J-1',
        theme: 'Jobs',
        outcome: 'More local people in work',
        name: 'Local hires, full time',
        unit: 'FTE year',
        proxyValue: '12.50',
        source: 'Our 2026 study',
      },
      expect.objectContaining({ code: 'J-2', proxyValue: '0.20' }),
    ]);
  });

  it('checks the whole file and names every bad line, counting the header as line 1; then keeps nothing', () => {
    const text = [HEADER, line('J-1'), line('J-2', '12.505'), 'Jobs,,J-3,Hires,FTE,1,', line('J-1'), 'too,few', line('J 5', 'ten')].join('\n');
    const { measures, problems } = parseCatalogueCsv(text);
    expect(measures).toEqual([]);
    expect(problems.map((p) => `${p.line} ${p.field} ${p.rule}`)).toEqual([
      '3 proxy_value money',
      '4 outcome required',
      '5 measure_code unique',
      '6 line columns',
      '7 measure_code code',
      '7 proxy_value money',
    ]);
    expect(problems[2].message).toBe('line 5: measure_code J-1 is already used on line 2');
  });

  it('refuses a file whose first line does not name the columns, or that has no measures', () => {
    expect(parseCatalogueCsv('code,name\nA,B').problems).toEqual([expect.objectContaining({ line: 1, field: 'header', rule: 'columns' })]);
    expect(parseCatalogueCsv(`${HEADER}\n`).problems).toEqual([expect.objectContaining({ line: 2, rule: 'empty' })]);
    expect(parseCatalogueCsv(`${HEADER}\n"unclosed,quote`).problems).toEqual([expect.objectContaining({ field: 'file', rule: 'csv' })]);
  });

  it('reads a file of 10,000 lines whole (its speed is not asserted here: a loaded machine is not a benchmark)', () => {
    const text = [HEADER, ...Array.from({ length: 10_000 }, (_, i) => line(`M-${i}`))].join('\n');
    const { measures, problems } = parseCatalogueCsv(text);
    expect(problems).toEqual([]);
    expect(measures).toHaveLength(10_000);
    expect(measures[9_999].code).toBe('M-9999');
  });

  it('ships a default of five themes and twenty measures, each marked illustrative', () => {
    expect(new Set(DEFAULT_CATALOGUE.map((m) => m.theme)).size).toBe(5);
    expect(DEFAULT_CATALOGUE).toHaveLength(20);
    expect(DEFAULT_CATALOGUE.every((m) => /Illustrative/.test(m.source))).toBe(true);
    const asCsv = [
      HEADER,
      ...DEFAULT_CATALOGUE.map((m) => [m.theme, m.outcome, m.code, m.name, m.unit, m.proxyValue, m.source].map((v) => `"${v}"`).join(',')),
    ].join('\n');
    expect(parseCatalogueCsv(asCsv)).toEqual({ measures: [...DEFAULT_CATALOGUE], problems: [] });
  });

  it('writes a catalogue that reads back the same, quotes, commas and line breaks included (property)', () => {
    expect(parseCatalogueCsv(catalogueCsv(DEFAULT_CATALOGUE))).toEqual({ measures: [...DEFAULT_CATALOGUE], problems: [] });
    const text = (max: number) =>
      fc.string({ minLength: 1, maxLength: max }).filter((v) => v.trim() === v && v.length > 0 && !/[\u0000-\u001f]/.test(v.replace(/[\r\n]/g, '')));
    const measure = fc.record({
      code: fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._-]{0,9}$/),
      theme: text(30),
      outcome: text(30),
      name: fc.constantFrom('Local hires, "full time"', 'Weeks\nof work', 'Plain'),
      unit: text(10),
      proxyValue: fc.integer({ min: 0, max: 10_000_000 }).map((n) => (n / 100).toFixed(2)),
      source: fc.constantFrom('', 'Study, 2026', 'A "quoted" source'),
    });
    fc.assert(
      fc.property(fc.uniqueArray(measure, { minLength: 1, maxLength: 5, selector: (m) => m.code }), (list) => {
        const read = parseCatalogueCsv(catalogueCsv(list));
        expect(read.problems).toEqual([]);
        expect(read.measures).toEqual(list);
      }),
      { numRuns: 200 },
    );
  });
});
