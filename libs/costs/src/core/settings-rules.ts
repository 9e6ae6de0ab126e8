import { Decimal } from 'decimal.js';
import type { LedgerProblem } from './ledger-rules.js';

/**
 * An authority's own deflator series and discount schedule (issue 15, item 4), checked whole: every
 * problem named by its place (`deflators.3.index`). Pure. A series is a price index by calendar year,
 * each year once, in order; a schedule starts at year 0 and each band starts later than the one before.
 */
const INDEX = /^\d{1,6}(\.\d{1,6})?$/;
const RATE = /^\d{1,2}(\.\d{1,4})?$/;

export function settingsProblems(input: { deflators: unknown; discountSchedule: unknown }): LedgerProblem[] {
  const out: LedgerProblem[] = [];
  const p = (field: string, rule: string, message: string) => out.push({ field, rule, message });
  if (!Array.isArray(input.deflators) || !input.deflators.length || input.deflators.length > 300)
    p('deflators', 'list', 'deflators must be a list of 1 to 300 years, each { "year": 2024, "index": "111.1" }');
  else
    input.deflators.forEach((d: { year?: unknown; index?: unknown }, i, all: { year?: unknown }[]) => {
      const at = `deflators.${i}`;
      if (typeof d !== 'object' || d === null) return p(at, 'object', `${at} must be { "year": 2024, "index": "111.1" }`);
      const extra = Object.keys(d).filter((k) => k !== 'year' && k !== 'index');
      if (extra.length) p(`${at}.${extra[0]}`, 'unknown-field', `${at}.${extra[0]} is not a known field`);
      if (!Number.isInteger(d.year) || (d.year as number) < 1900 || (d.year as number) > 2200)
        p(`${at}.year`, 'year', `${at}.year must be a calendar year from 1900 to 2200`);
      else if (i > 0 && Number.isInteger(all[i - 1].year) && (d.year as number) <= (all[i - 1].year as number))
        p(`${at}.year`, 'ascending', `${at}.year must come after the year before it, each year once`);
      if (typeof d.index !== 'string' || !INDEX.test(d.index) || new Decimal(d.index).isZero())
        p(`${at}.index`, 'index', `${at}.index must be a price index above 0, e.g. "111.1"`);
    });
  if (!Array.isArray(input.discountSchedule) || !input.discountSchedule.length || input.discountSchedule.length > 20)
    p('discountSchedule', 'list', 'discountSchedule must be a list of 1 to 20 bands, each { "fromYear": 0, "ratePercent": "3.5" }');
  else
    input.discountSchedule.forEach((b: { fromYear?: unknown; ratePercent?: unknown }, i, all: { fromYear?: unknown }[]) => {
      const at = `discountSchedule.${i}`;
      if (typeof b !== 'object' || b === null) return p(at, 'object', `${at} must be { "fromYear": 0, "ratePercent": "3.5" }`);
      const extra = Object.keys(b).filter((k) => k !== 'fromYear' && k !== 'ratePercent');
      if (extra.length) p(`${at}.${extra[0]}`, 'unknown-field', `${at}.${extra[0]} is not a known field`);
      if (!Number.isInteger(b.fromYear) || (b.fromYear as number) < 0 || (b.fromYear as number) > 1000)
        p(`${at}.fromYear`, 'year', `${at}.fromYear must be a whole number of years from 0 to 1000`);
      else if (i === 0 && b.fromYear !== 0) p(`${at}.fromYear`, 'starts-at-zero', 'the first band must start at year 0');
      else if (i > 0 && Number.isInteger(all[i - 1].fromYear) && (b.fromYear as number) <= (all[i - 1].fromYear as number))
        p(`${at}.fromYear`, 'ascending', `${at}.fromYear must be later than the band before it`);
      if (typeof b.ratePercent !== 'string' || !RATE.test(b.ratePercent))
        p(`${at}.ratePercent`, 'rate', `${at}.ratePercent must be a rate in per cent from 0 to 99.9999, e.g. "3.5"`);
    });
  return out;
}
