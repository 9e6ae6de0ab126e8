import { Decimal } from 'decimal.js';
import { addDays, addMonths, daysBetween } from '#kernel';
import { classification, type CostPhase } from './classifications.js';

/**
 * Savings erosion (issue 15, item 4; report 002): the saving claimed at award against the in-house
 * comparator, recomputed as variations, extensions and the costs of buying and managing the contract
 * arrive. Pure and decimal.
 *
 * The comparator is what the cycle's delivery decision says in-house delivery would cost over its
 * term; over a contract's term it is that cost a month times the term's months, so a change that moves
 * the end moves the comparator too (the in-house service would have run as long).
 *
 *   claimed at award = comparator over the term at award − the value at award
 *   saving on a day  = comparator over the term then − (the value at award + the changes signed by then
 *                      − the deductions paid by then + every cost that is not payment for the service)
 *
 * The saving now is the claim plus each cause of the difference, the waterfall's steps.
 */
export interface Comparator {
  /** What in-house delivery would cost over `lengthMonths`, pounds. */
  cost: string;
  lengthMonths: number;
}

export interface TermChange {
  sequence: number;
  kind: 'variation' | 'extension';
  signedOn: string;
  valueChange: string;
  endsOnAfter: string;
}

export interface ErosionLine {
  occurredOn: string;
  amount: string;
  classification: string;
  phase: CostPhase;
  basis: 'actual' | 'committed';
  source: string;
}

export interface ErosionInputs {
  awardedOn: string;
  startsOn: string;
  endsOnAtAward: string;
  awardedValue: string;
  comparator: Comparator;
  changes: readonly TermChange[];
  lines: readonly ErosionLine[];
}

/** The months from the first day to the last, inclusive: whole months, then the part month as a fraction of its days. */
export function termMonths(startsOn: string, endsOn: string): Decimal {
  const after = addDays(endsOn, 1);
  // The calendar months between, less one where the day of the month is not reached (31 January + 1 month is 29 February).
  let whole = (Number(after.slice(0, 4)) - Number(startsOn.slice(0, 4))) * 12 + Number(after.slice(5, 7)) - Number(startsOn.slice(5, 7));
  if (whole > 0 && addMonths(startsOn, whole) > after) whole--;
  if (whole < 0) whole = 0;
  const from = addMonths(startsOn, whole);
  const part = daysBetween(from, after);
  return part === 0 ? new Decimal(whole) : new Decimal(whole).plus(new Decimal(part).div(daysBetween(from, addMonths(startsOn, whole + 1))));
}

const money = (d: Decimal) => d.toFixed(2);
const isDeduction = (l: ErosionLine) => l.source === 'payment' && new Decimal(l.amount).isNegative() && classification(l.classification)?.service;
const isTransaction = (l: ErosionLine) => !classification(l.classification)?.service;

export function erosion(input: ErosionInputs) {
  const perMonth = new Decimal(input.comparator.cost).div(input.comparator.lengthMonths);
  const comparatorTo = (endsOn: string) => perMonth.times(termMonths(input.startsOn, endsOn));
  const changes = [...input.changes].sort((a, b) => a.signedOn.localeCompare(b.signedOn) || a.sequence - b.sequence);
  const actual = input.lines.filter((l) => l.basis === 'actual');
  const transaction = actual.filter(isTransaction);
  const deductions = actual.filter(isDeduction);
  const sum = (ls: readonly { amount: string }[]) => ls.reduce((s, l) => s.plus(l.amount), new Decimal(0));

  const atAward = comparatorTo(input.endsOnAtAward);
  const claimed = atAward.minus(input.awardedValue);

  // The steps, each the difference it makes to the saving.
  let endsOn = input.endsOnAtAward;
  const byKind = { variation: new Decimal(0), extension: new Decimal(0) };
  for (const ch of changes) {
    byKind[ch.kind] = byKind[ch.kind].plus(comparatorTo(ch.endsOnAfter).minus(comparatorTo(endsOn))).minus(ch.valueChange);
    endsOn = ch.endsOnAfter;
  }
  const phaseCost = (phases: CostPhase[]) => sum(transaction.filter((l) => phases.includes(l.phase))).negated();
  const steps = [
    { step: 'variations', name: 'Variations', amount: byKind.variation },
    { step: 'extensions', name: 'Extensions', amount: byKind.extension },
    { step: 'development-procurement', name: 'Development and procurement', amount: phaseCost(['development', 'procurement']) },
    { step: 'management', name: 'Managing the contract', amount: phaseCost(['operational']) },
    { step: 'exit', name: 'Exit and transition', amount: phaseCost(['exit']) },
    { step: 'deductions', name: 'Deductions', amount: sum(deductions).negated() },
  ];
  const now = steps.reduce((s, x) => s.plus(x.amount), claimed);

  // The series: the claim on the day of award, then the saving after each day something moved it (a
  // change's value and end, a cost, a deduction; a cost before the award counts on its day), in one pass.
  const events = [
    ...changes.map((c) => ({ day: c.signedOn, cost: new Decimal(c.valueChange), endsOn: c.endsOnAfter as string | null })),
    ...[...transaction, ...deductions].map((l) => ({
      day: l.occurredOn < input.awardedOn ? input.awardedOn : l.occurredOn,
      cost: new Decimal(l.amount),
      endsOn: null,
    })),
  ].sort((a, b) => a.day.localeCompare(b.day));
  let cost = new Decimal(input.awardedValue);
  let end = input.endsOnAtAward;
  const series = [{ on: input.awardedOn, comparator: money(atAward), cost: money(cost), saving: money(claimed) }];
  events.forEach((e, i) => {
    cost = cost.plus(e.cost);
    if (e.endsOn) end = e.endsOn;
    if (events[i + 1]?.day === e.day) return;
    const comparator = comparatorTo(end);
    series.push({ on: e.day, comparator: money(comparator), cost: money(cost), saving: money(comparator.minus(cost)) });
  });

  return {
    comparatorAtAward: money(atAward),
    comparatorNow: money(comparatorTo(endsOn)),
    claimed: money(claimed),
    now: money(now),
    /** How much of the claim is gone, as a share of it; null when nothing was claimed. */
    erodedShare: claimed.isPositive() ? claimed.minus(now).div(claimed).toFixed(4) : null,
    steps: steps.map((s) => ({ ...s, amount: money(s.amount) })),
    series,
  };
}
