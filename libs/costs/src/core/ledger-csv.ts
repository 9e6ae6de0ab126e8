import { parse } from 'csv-parse/sync';
import { type CostEntryInput, entryProblems } from './ledger-rules.js';

/**
 * A finance system's file of costs (issue 15, item 3): a header line naming the columns, then one cost a
 * line, checked whole. Every problem on every line is found before anything is stored, so a file is
 * imported entirely or not at all; lines are numbered as a spreadsheet shows them (the header is line 1).
 * Pure: the same rules, in the same words, as an entry recorded one at a time.
 */
export const IMPORT_COLUMNS = ['occurred_on', 'amount', 'bearer', 'type', 'phase', 'classification', 'hours', 'hourly_rate', 'description'] as const;

/** Enough to correct a file by; the detail counts the rest. */
export const MAX_REPORTED = 1000;

export interface LedgerCsvProblem {
  line: number;
  field: string;
  rule: string;
  message: string;
}

const FIELD_COLUMN: Record<string, string> = { occurredOn: 'occurred_on', hourlyRate: 'hourly_rate' };

export function parseLedgerCsv(text: string, today: string): { entries: CostEntryInput[]; problems: LedgerCsvProblem[] } {
  let records: string[][];
  try {
    records = parse(text.replace(/^\uFEFF/, ''), { relax_column_count: true, skip_empty_lines: false, trim: true });
  } catch (err) {
    const line = (err as { lines?: number }).lines ?? 1;
    return { entries: [], problems: [{ line, field: 'file', rule: 'csv', message: `line ${line} is not valid CSV: ${(err as Error).message}` }] };
  }
  const header = (records[0] ?? []).map((h) => h.toLowerCase());
  if (header.join(',') !== IMPORT_COLUMNS.join(','))
    return {
      entries: [],
      problems: [{ line: 1, field: 'header', rule: 'columns', message: `the first line must name the columns ${IMPORT_COLUMNS.join(',')}` }],
    };
  const entries: CostEntryInput[] = [];
  const problems: LedgerCsvProblem[] = [];
  records.slice(1).forEach((row, i) => {
    const line = i + 2;
    if (row.length === 1 && row[0] === '') return; // a blank line (a trailing newline, say) is not a cost
    if (row.length !== IMPORT_COLUMNS.length) {
      problems.push({ line, field: 'line', rule: 'columns', message: `line ${line} has ${row.length} values; it needs ${IMPORT_COLUMNS.length}` });
      return;
    }
    const [occurredOn, amount, bearer, type, phase, classification, hours, hourlyRate, description] = row;
    const entry = {
      occurredOn,
      amount,
      bearer,
      type,
      phase,
      classification,
      hours: hours || null,
      hourlyRate: hourlyRate || null,
      description,
    } as CostEntryInput;
    const found = entryProblems(entry, { today });
    for (const p of found) {
      const column = FIELD_COLUMN[p.field] ?? p.field;
      problems.push({ line, field: column, rule: p.rule, message: `line ${line}: ${p.message.replace(p.field, column)}` });
    }
    if (!found.length) entries.push(entry);
  });
  if (!problems.length && !entries.length) problems.push({ line: 2, field: 'file', rule: 'empty', message: 'the file has no costs after the header line' });
  return { entries: problems.length ? [] : entries, problems };
}
