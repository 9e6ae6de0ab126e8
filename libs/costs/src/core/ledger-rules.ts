import { Decimal } from 'decimal.js';
import { isCalendarDate } from '#kernel';
import { classification, COST_CLASSIFICATIONS, COST_PHASES, type CostPhase } from './classifications.js';

/**
 * A whole-life cost ledger entry (issue 15, item 1) and the rules one must keep. Pure: the service, the
 * CSV import and the offline recomputation all check entries here, so a bundle that breaks a rule is
 * refused with the same words everywhere.
 */
export const COST_BEARERS = ['authority', 'provider', 'other'] as const;
export type CostBearer = (typeof COST_BEARERS)[number];
export const COST_TYPES = ['purchased', 'staff_time', 'in_kind', 'other'] as const;
export type CostType = (typeof COST_TYPES)[number];

export interface CostEntryInput {
  /** The day the cost was incurred, YYYY-MM-DD. */
  occurredOn: string;
  /** Pounds, two places at most; negative only for a reversal or a deduction. */
  amount: string;
  bearer: CostBearer;
  type: CostType;
  phase: CostPhase;
  classification: string;
  /** Staff time only: the hours and the hourly rate, whose product is the amount. */
  hours: string | null;
  hourlyRate: string | null;
  description: string;
}

export interface LedgerProblem {
  field: string;
  rule: string;
  message: string;
}

const AMOUNT = /^-?\d{1,16}(\.\d{1,2})?$/;
const QUANTITY = /^\d{1,9}(\.\d{1,2})?$/;

/**
 * Everything wrong with an entry, field by field; none when it may be recorded. Given `today`, a cost not
 * yet incurred is refused: the ledger holds what was spent (what is still to come is the ten-year view's).
 */
export function entryProblems(e: CostEntryInput, opts: { negativeAllowed?: boolean; today?: string } = {}): LedgerProblem[] {
  const out: LedgerProblem[] = [];
  const p = (field: string, rule: string, message: string) => out.push({ field, rule, message });
  if (typeof e.occurredOn !== 'string' || !isCalendarDate(e.occurredOn)) p('occurredOn', 'date', 'occurredOn must be a date, YYYY-MM-DD');
  else if (opts.today && e.occurredOn > opts.today)
    p('occurredOn', 'not-in-future', `occurredOn cannot be after today, ${opts.today}: record a cost once it is incurred`);
  const amountOk = typeof e.amount === 'string' && AMOUNT.test(e.amount);
  if (!amountOk) p('amount', 'money', 'amount must be an amount in pounds with at most 2 decimal places, e.g. "1250.00"');
  else if (!opts.negativeAllowed && new Decimal(e.amount).isNegative())
    p('amount', 'not-negative', 'amount must not be negative: a correction is a reversing entry with its reason');
  if (!COST_BEARERS.includes(e.bearer)) p('bearer', 'one-of', `bearer must be one of ${COST_BEARERS.join(', ')}`);
  if (!COST_TYPES.includes(e.type)) p('type', 'one-of', `type must be one of ${COST_TYPES.join(', ')}`);
  if (!COST_PHASES.includes(e.phase)) p('phase', 'one-of', `phase must be one of ${COST_PHASES.join(', ')}`);
  const c = typeof e.classification === 'string' ? classification(e.classification) : undefined;
  if (!c) p('classification', 'one-of', `classification must be one of ${COST_CLASSIFICATIONS.map((x) => x.code).join(', ')}`);
  else if (COST_PHASES.includes(e.phase) && c.phase !== e.phase) p('classification', 'in-phase', `${c.code} belongs to the ${c.phase} phase, not ${e.phase}`);
  if (e.type === 'staff_time') {
    const hoursOk = typeof e.hours === 'string' && QUANTITY.test(e.hours);
    const rateOk = typeof e.hourlyRate === 'string' && QUANTITY.test(e.hourlyRate);
    if (!hoursOk) p('hours', 'quantity', 'hours must be a number of hours, not negative, at most 2 decimal places, e.g. "7.50"');
    if (!rateOk) p('hourlyRate', 'money', 'hourlyRate must be pounds an hour, at most 2 decimal places, e.g. "32.40"');
    if (hoursOk && rateOk && amountOk && !staffTimeAmount(e.hours!, e.hourlyRate!).eq(new Decimal(e.amount).abs()))
      p('amount', 'hours-times-rate', `amount must be hours × hourlyRate, ${staffTimeAmount(e.hours!, e.hourlyRate!).toFixed(2)}`);
  } else {
    if (e.hours !== null) p('hours', 'staff-time-only', 'hours are given only for staff time');
    if (e.hourlyRate !== null) p('hourlyRate', 'staff-time-only', 'hourlyRate is given only for staff time');
  }
  if (typeof e.description !== 'string' || !e.description.trim()) p('description', 'required', 'description must say what the cost was');
  else if (e.description.length > 500) p('description', 'max-length', 'description must be at most 500 characters');
  return out;
}

/** Staff time: hours × hourly rate, to the penny (half up). */
export const staffTimeAmount = (hours: string, rate: string): Decimal => new Decimal(hours).times(rate).toDecimalPlaces(2, Decimal.ROUND_HALF_UP);

/**
 * The entry that reverses another: the same in every respect but the sign, with the reason. It keeps the
 * day the cost was incurred, so that every figure (real and present cost too) is restored exactly; when
 * the correction was made is the ledger's record of it. The ledger is append-only, so a correction is
 * this plus, if needed, the right entry.
 */
export function reversalOf(e: CostEntryInput, reason: string): CostEntryInput {
  return {
    occurredOn: e.occurredOn,
    amount: new Decimal(e.amount).negated().toFixed(2),
    bearer: e.bearer,
    type: e.type,
    phase: e.phase,
    classification: e.classification,
    hours: e.hours,
    hourlyRate: e.hourlyRate,
    description: `Reverses "${e.description}": ${reason}`.slice(0, 500),
  };
}
