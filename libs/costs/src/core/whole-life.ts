import { Decimal } from 'decimal.js';
import { discountFactor, GREEN_BOOK, type RateBand } from '#kernel';
import { classification } from './classifications.js';

/**
 * What the whole-life cost figures are computed from, and how (docs/domain.md section 7, issue 15 item 4).
 * Pure and decimal: the API, the pages and the offline recomputation (`npx commonweal wlc`) all call these,
 * so they print the same figures.
 */
export interface CostLine {
  occurredOn: string;
  amount: string;
  classification: string;
}

/** A price index by calendar year (an illustrative GDP deflator by default), any base. */
export interface DeflatorPoint {
  year: number;
  index: string;
}

const sum = (lines: readonly CostLine[]) => lines.reduce((s, l) => s.plus(l.amount), new Decimal(0));

/** Everything spent, in the money of the day. */
export const nominalCost = (lines: readonly CostLine[]): Decimal => sum(lines);

/** The running total by day, one point per day with an entry, in date order. */
export function cumulativeSeries(lines: readonly CostLine[]): { on: string; total: Decimal }[] {
  const byDay = new Map<string, Decimal>();
  for (const l of lines) byDay.set(l.occurredOn, (byDay.get(l.occurredOn) ?? new Decimal(0)).plus(l.amount));
  let total = new Decimal(0);
  return [...byDay.keys()].sort().map((on) => ({ on, total: (total = total.plus(byDay.get(on)!)) }));
}

/**
 * The series as a lookup, sorted once however many lines it prices: a year's own index; a year missing
 * from the series the latest year's before it, and a year before the series its first (prices held
 * flat), so a cost recorded this year is never refused for want of this year's index.
 */
function indexLookup(deflators: readonly DeflatorPoint[]): (year: number) => Decimal {
  if (!deflators.length) throw new RangeError('the deflator series is empty');
  const sorted = [...deflators].sort((a, b) => a.year - b.year).map((d) => ({ year: d.year, index: new Decimal(d.index) }));
  const byYear = new Map<number, Decimal>();
  for (const d of sorted) if (!byYear.has(d.year)) byYear.set(d.year, d.index);
  return (year) => {
    let index = byYear.get(year);
    if (!index) {
      index = (year < sorted[0].year ? sorted[0] : sorted.filter((d) => d.year < year).at(-1)!).index;
      byYear.set(year, index);
    }
    return index;
  };
}

/** Real cost in the base year's prices: each amount × index(base year) / index(its year). */
export function realCost(lines: readonly CostLine[], deflators: readonly DeflatorPoint[], baseYear: number): Decimal {
  const indexFor = indexLookup(deflators);
  const base = indexFor(baseYear);
  return lines.reduce((s, l) => s.plus(new Decimal(l.amount).times(base).div(indexFor(Number(l.occurredOn.slice(0, 4))))), new Decimal(0));
}

/** Whole years from the base date to a day: 0 for the base year and for a day before the base date. */
export function yearsAfter(baseDate: string, on: string): number {
  if (on <= baseDate) return 0;
  const [by, bm, bd] = baseDate.split('-').map(Number);
  const [y, m, d] = on.split('-').map(Number);
  // A day after the base date is never a negative number of whole years.
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

/**
 * Net present cost at the base date: each amount discounted over the whole years after the base date on
 * the authority's schedule (the Green Book's declining one by default). A cost before the base date is
 * counted as it was: it is sunk, not compounded forward.
 */
export function presentCost(lines: readonly CostLine[], baseDate: string, schedule: readonly RateBand[] = GREEN_BOOK): Decimal {
  const factors = new Map<number, Decimal>();
  return lines.reduce((s, l) => {
    const t = yearsAfter(baseDate, l.occurredOn);
    if (!factors.has(t)) factors.set(t, discountFactor(t, schedule));
    return s.plus(new Decimal(l.amount).times(factors.get(t)!));
  }, new Decimal(0));
}

/**
 * The transaction cost ratio: everything that is not payment for the service (development, procurement,
 * managing and enforcing the contract, exit) over payment for the service. Null while nothing has been
 * paid for the service, when the ratio has no meaning.
 */
export function transactionCostRatio(lines: readonly CostLine[]): Decimal | null {
  const service = sum(lines.filter((l) => classification(l.classification)?.service));
  const other = sum(lines.filter((l) => !classification(l.classification)?.service));
  return service.isZero() ? null : other.div(service);
}
