import { Decimal } from 'decimal.js';
import { addDays, addMonths } from '#kernel';

/** How often an outcome is reported: periods run from the contract's first day, not the calendar's quarters. */
export const FREQUENCIES = ['quarterly', 'half-yearly', 'yearly'] as const;
export type Frequency = (typeof FREQUENCIES)[number];
const MONTHS: Readonly<Record<Frequency, number>> = { quarterly: 3, 'half-yearly': 6, yearly: 12 };

export interface Period {
  /** 1 for the contract's first period. */
  number: number;
  startsOn: string;
  /** The period's last day (inclusive); the contract's last day for a short final period. */
  endsOn: string;
}

/**
 * The contract's reporting periods at a frequency, from its first day to its last (both inclusive): each
 * ends the day before the same date a period later, the last one on the contract's last day.
 */
export function periods(startsOn: string, endsOn: string, frequency: Frequency): Period[] {
  const out: Period[] = [];
  const step = MONTHS[frequency];
  for (let n = 1; ; n++) {
    const start = addMonths(startsOn, step * (n - 1));
    if (start > endsOn) return out;
    const end = addDays(addMonths(startsOn, step * n), -1);
    out.push({ number: n, startsOn: start, endsOn: end < endsOn ? end : endsOn });
    if (end >= endsOn) return out;
  }
}

/** The period a contract's n-th report covers, or null if the contract has no such period. */
export const periodOf = (startsOn: string, endsOn: string, frequency: Frequency, n: number): Period | null =>
  periods(startsOn, endsOn, frequency).find((p) => p.number === n) ?? null;

export interface Instalment {
  number: number;
  /** Paid in arrears: on the quarter's last day. */
  dueOn: string;
  amount: string;
}

/**
 * A fixed fee paid in equal quarterly instalments over the contract, in arrears. Each is the fee divided by
 * the number of quarters, rounded down to the penny; the last takes the pennies left, so the instalments
 * always add up to the fee exactly.
 */
export function fixedFeeInstalments(fee: string, startsOn: string, endsOn: string): Instalment[] {
  const quarters = periods(startsOn, endsOn, 'quarterly');
  const total = new Decimal(fee);
  const each = total.div(quarters.length).toDecimalPlaces(2, Decimal.ROUND_DOWN);
  return quarters.map((q, i) => ({
    number: q.number,
    dueOn: q.endsOn,
    amount: (i === quarters.length - 1 ? total.minus(each.times(quarters.length - 1)) : each).toFixed(2),
  }));
}
