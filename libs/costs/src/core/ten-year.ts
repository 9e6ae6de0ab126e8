import { Decimal } from 'decimal.js';
import { addDays, addMonths, addYears } from '#kernel';
import { classification } from './classifications.js';
import { type Comparator, termMonths } from './erosion.js';

/**
 * The ten-year view (issue 15, item 4): each of the contract's first ten years, what was spent and what is
 * still to come, against what in-house delivery would have cost over the same months. Pure and decimal.
 *
 * What is to come, from the day after `asOf`:
 * - the schedule's lines not yet paid (a line overdue counts in the year of `asOf`);
 * - the value not yet scheduled (an outcome budget, say), spread evenly over the months left;
 * - managing the contract at its run rate so far (its non-service operational costs a month since it started);
 * - each extension option not taken, shown apart: its value and the run rate over its months, and the
 *   comparator over the same months.
 * Costs before the contract starts (its cycle's, say) are year 0. A year after the term and its options
 * holds neither side: the service would be let again or brought in-house, and the view does not guess.
 */
export interface TenYearInputs {
  asOf: string;
  startsOn: string;
  endsOn: string;
  /** The contract's value now (at award plus the changes signed). */
  value: string;
  comparator: Comparator | null;
  lines: readonly { occurredOn: string; amount: string; classification: string; phase: string; basis: 'actual' | 'committed' }[];
  /** Every line of the payment schedule, paid or not (deductions negative). */
  schedule: readonly { dueOn: string; amount: string; paid: boolean }[];
  /** Options not yet taken, in the order they would follow the term. */
  options: readonly { months: number; value: string }[];
}

const ZERO = new Decimal(0);
const money = (d: Decimal) => d.toFixed(2);
const later = (a: string, b: string) => (a > b ? a : b);
const earlier = (a: string, b: string) => (a < b ? a : b);
const within = (day: string, from: string, to: string) => day >= from && day <= to;

/** The months of [from, to] that fall within [lo, hi], as a decimal (0 when they do not meet). */
function overlap(from: string, to: string, lo: string, hi: string): Decimal {
  const a = later(from, lo);
  const b = earlier(to, hi);
  return a > b ? ZERO : termMonths(a, b);
}

export function tenYearView(input: TenYearInputs) {
  const actual = input.lines.filter((l) => l.basis === 'actual');
  const sum = (ls: readonly { amount: string }[]) => ls.reduce((s, l) => s.plus(l.amount), ZERO);
  const management = actual.filter((l) => l.phase === 'operational' && !classification(l.classification)?.service);
  const elapsed = input.asOf < input.startsOn ? ZERO : termMonths(input.startsOn, earlier(input.asOf, input.endsOn));
  const runRate = elapsed.isZero() ? ZERO : sum(management.filter((l) => l.occurredOn >= input.startsOn && l.occurredOn <= input.asOf)).div(elapsed);
  const perMonth = input.comparator ? new Decimal(input.comparator.cost).div(input.comparator.lengthMonths) : null;

  const tomorrow = addDays(input.asOf, 1);
  const monthsLeft = tomorrow > input.endsOn ? ZERO : termMonths(later(tomorrow, input.startsOn), input.endsOn);
  const unpaid = input.schedule.filter((l) => !l.paid);
  const scheduledTotal = sum(input.schedule.filter((l) => new Decimal(l.amount).isPositive()));
  const unscheduled = Decimal.max(ZERO, new Decimal(input.value).minus(scheduledTotal));

  // The options' months, one after another from the day after the term.
  let optionFrom = addDays(input.endsOn, 1);
  const options = input.options.map((o) => {
    const to = addDays(addMonths(optionFrom, o.months), -1);
    const span = { from: optionFrom, to, value: new Decimal(o.value), months: new Decimal(o.months) };
    optionFrom = addDays(to, 1);
    return span;
  });
  const lastDay = options.at(-1)?.to ?? input.endsOn;

  const years = Array.from({ length: 10 }, (_, i) => {
    const from = addYears(input.startsOn, i);
    const to = addDays(addYears(input.startsOn, i + 1), -1);
    const spent = sum(actual.filter((l) => within(l.occurredOn, from, to)));
    const future = overlap(later(from, tomorrow), to, input.startsOn, input.endsOn);
    const scheduled = sum(unpaid.filter((l) => within(l.dueOn < tomorrow ? input.asOf : l.dueOn, from, to)));
    const spread = monthsLeft.isZero() ? ZERO : unscheduled.times(future).div(monthsLeft);
    const forecast = scheduled.plus(spread).plus(runRate.times(future));
    const optionMonths = options.map((o) => overlap(later(from, tomorrow), to, o.from, o.to));
    const optionCost = options.reduce((s, o, k) => s.plus(o.value.times(optionMonths[k]).div(o.months)).plus(runRate.times(optionMonths[k])), ZERO);
    const serviceMonths = overlap(from, to, input.startsOn, input.endsOn);
    const runs = from <= lastDay;
    return {
      year: i + 1,
      from,
      to,
      actual: money(spent),
      forecast: money(forecast),
      options: money(optionCost),
      comparator: perMonth && runs ? money(perMonth.times(serviceMonths)) : null,
      comparatorWithOptions: perMonth && runs ? money(perMonth.times(serviceMonths.plus(optionMonths.reduce((s, m) => s.plus(m), ZERO)))) : null,
    };
  });
  const before = sum(actual.filter((l) => l.occurredOn < input.startsOn));
  const total = (k: 'actual' | 'forecast' | 'options') => years.reduce((s, y) => s.plus(y[k]), ZERO);
  const comparatorTotal = (k: 'comparator' | 'comparatorWithOptions') => (perMonth ? years.reduce((s, y) => s.plus(y[k] ?? 0), ZERO) : null);
  const contract = total('actual').plus(before).plus(total('forecast'));
  const withOptions = contract.plus(total('options'));
  const inHouse = comparatorTotal('comparator');
  const inHouseWithOptions = comparatorTotal('comparatorWithOptions');
  return {
    asOf: input.asOf,
    runRatePerMonth: money(runRate),
    beforeStart: money(before),
    years,
    totals: {
      actual: money(total('actual').plus(before)),
      forecast: money(total('forecast')),
      contract: money(contract),
      comparator: inHouse && money(inHouse),
      difference: inHouse && money(inHouse.minus(contract)),
      options: money(total('options')),
      contractWithOptions: money(withOptions),
      comparatorWithOptions: inHouseWithOptions && money(inHouseWithOptions),
      differenceWithOptions: inHouseWithOptions && money(inHouseWithOptions.minus(withOptions)),
    },
  };
}
