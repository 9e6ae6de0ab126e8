import { parse } from 'csv-parse/sync';
import { csvFile } from '#kernel';

/** One measure of a social value catalogue: what is counted, in what unit, and what one unit is worth. */
export interface CatalogueMeasure {
  code: string;
  theme: string;
  outcome: string;
  name: string;
  unit: string;
  /** £ per unit, a decimal string (never a float). */
  proxyValue: string;
  source: string;
}

export interface CsvProblem {
  line: number;
  field: string;
  rule: string;
  message: string;
}

export const CSV_COLUMNS = ['theme', 'outcome', 'measure_code', 'measure', 'unit', 'proxy_value', 'source'] as const;
const CODE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/;
const MONEY = /^\d{1,12}(\.\d{1,2})?$/;
const LIMITS: Record<string, number> = { theme: 200, outcome: 300, measure: 300, unit: 60, source: 1000 };
/** Enough to fix a file by; the count of the rest is in the detail. */
export const MAX_REPORTED = 1000;

/**
 * A catalogue as a CSV file (a header line, then one measure per line), checked whole: every problem on
 * every line is found before anything is stored, so a file is imported entirely or not at all. Lines are
 * numbered as a spreadsheet shows them: the header is line 1, the first measure line 2.
 */
export function parseCatalogueCsv(text: string): { measures: CatalogueMeasure[]; problems: CsvProblem[] } {
  let records: string[][];
  try {
    records = parse(text.replace(/^\uFEFF/, ''), { relax_column_count: true, skip_empty_lines: false, trim: true });
  } catch (err) {
    const line = (err as { lines?: number }).lines ?? 1;
    return { measures: [], problems: [{ line, field: 'file', rule: 'csv', message: `line ${line} is not valid CSV: ${(err as Error).message}` }] };
  }
  const problems: CsvProblem[] = [];
  const header = (records[0] ?? []).map((h) => h.toLowerCase());
  if (header.join(',') !== CSV_COLUMNS.join(',')) {
    return {
      measures: [],
      problems: [{ line: 1, field: 'header', rule: 'columns', message: `the first line must name the columns ${CSV_COLUMNS.join(',')}` }],
    };
  }
  const measures: CatalogueMeasure[] = [];
  const seen = new Map<string, number>();
  records.slice(1).forEach((row, i) => {
    const line = i + 2;
    if (row.length === 1 && row[0] === '') return; // a blank line (a trailing newline, say) is not a measure
    const add = (field: string, rule: string, message: string) => problems.push({ line, field, rule, message });
    if (row.length !== CSV_COLUMNS.length) {
      add('line', 'columns', `line ${line} has ${row.length} values; it needs ${CSV_COLUMNS.length}`);
      return;
    }
    const [theme, outcome, code, name, unit, proxyValue, source] = row;
    for (const [field, value] of [
      ['theme', theme],
      ['outcome', outcome],
      ['measure', name],
      ['unit', unit],
    ] as const) {
      if (!value) add(field, 'required', `line ${line}: ${field} is empty`);
    }
    for (const [field, value] of [
      ['theme', theme],
      ['outcome', outcome],
      ['measure', name],
      ['unit', unit],
      ['source', source],
    ] as const) {
      if (value.length > LIMITS[field]) add(field, 'max-length', `line ${line}: ${field} is longer than ${LIMITS[field]} characters`);
    }
    if (!CODE.test(code)) add('measure_code', 'code', `line ${line}: measure_code must be letters, digits and . _ - (up to 40), not "${code.slice(0, 40)}"`);
    else if (seen.has(code)) add('measure_code', 'unique', `line ${line}: measure_code ${code} is already used on line ${seen.get(code)}`);
    else seen.set(code, line);
    if (!MONEY.test(proxyValue))
      add(
        'proxy_value',
        'money',
        `line ${line}: proxy_value must be pounds as a number with at most 2 decimal places, such as 14.50, not "${proxyValue.slice(0, 40)}"`,
      );
    measures.push({ code, theme, outcome, name, unit, proxyValue, source });
  });
  if (!problems.length && !measures.length) problems.push({ line: 2, field: 'file', rule: 'empty', message: 'the file has no measures after the header line' });
  return { measures: problems.length ? [] : measures, problems };
}

/**
 * A catalogue as the CSV file the import reads: the way to edit one is to download it, change it in a
 * spreadsheet and import it back as the next version. Parsing what this writes gives the same measures.
 */
export function catalogueCsv(measures: readonly CatalogueMeasure[]): string {
  return csvFile(
    CSV_COLUMNS,
    measures.map((m) => [m.theme, m.outcome, m.code, m.name, m.unit, m.proxyValue, m.source]),
  );
}
