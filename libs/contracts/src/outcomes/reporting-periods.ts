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
 * An amount paid in equal instalments on some due dates. Each is the amount divided by the number of
 * dates, rounded down to the penny; the last takes the pennies left, so the instalments always add up to
 * the amount exactly. Numbered from 1.
 */
export function instalments(amount: string, dueDates: readonly string[]): Instalment[] {
  const total = new Decimal(amount);
  const each = total.div(dueDates.length).toDecimalPlaces(2, Decimal.ROUND_DOWN);
  return dueDates.map((dueOn, i) => ({
    number: i + 1,
    dueOn,
    amount: (i === dueDates.length - 1 ? total.minus(each.times(dueDates.length - 1)) : each).toFixed(2),
  }));
}

/** A fixed fee paid in equal quarterly instalments over the contract, in arrears (instalment n on quarter n's last day). */
export const fixedFeeInstalments = (fee: string, startsOn: string, endsOn: string): Instalment[] =>
  instalments(
    fee,
    periods(startsOn, endsOn, 'quarterly').map((q) => q.endsOn),
  );
