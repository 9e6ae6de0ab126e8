import { Decimal } from 'decimal.js';
import type { RateBand } from '#kernel';
import { classification, COST_PHASES, PHASE_NAMES, type CostPhase } from './classifications.js';
import type { EntryBasis } from './event-entries.js';
import { cumulativeSeries, type CostLine, type DeflatorPoint, nominalCost, presentCost, realCost, transactionCostRatio } from './whole-life.js';

/** A ledger line as the figures read it (a bundle's entry, or a stored one). */
export interface FigureLine extends CostLine {
  basis: EntryBasis;
  phase: CostPhase;
}

/**
 * Everything one contract's figures are computed from: its ledger (and its share of its commissioning
 * cycle's, apportioned already), the authority's deflator series and discount schedule, and the base date
 * (the day of award: costs are discounted to the decision). What the API computes from this, the offline
 * recomputation computes from the same object exported as a bundle.
 */
export interface FigureInputs {
  baseDate: string;
  deflators: readonly DeflatorPoint[];
  discountSchedule: readonly RateBand[];
  awardedValue: string;
  lines: readonly FigureLine[];
}

const money = (d: Decimal) => d.toFixed(2);

/** The figures, as decimal strings to the penny (the ratio to four places), the same wherever they are computed. */
export function contractFigures(input: FigureInputs) {
  const actual = input.lines.filter((l) => l.basis === 'actual');
  const committed = input.lines.filter((l) => l.basis === 'committed');
  const ratio = transactionCostRatio(actual);
  const service = actual.filter((l) => classification(l.classification)?.service);
  return {
    baseDate: input.baseDate,
    baseYear: Number(input.baseDate.slice(0, 4)),
    actual: {
      nominal: money(nominalCost(actual)),
      real: money(realCost(actual, input.deflators, Number(input.baseDate.slice(0, 4)))),
      present: money(presentCost(actual, input.baseDate, input.discountSchedule)),
      servicePayments: money(nominalCost(service)),
      transactionCosts: money(nominalCost(actual).minus(nominalCost(service))),
      transactionCostRatio: ratio === null ? null : ratio.toFixed(4),
      byPhase: COST_PHASES.map((phase) => ({ phase, name: PHASE_NAMES[phase], nominal: money(nominalCost(actual.filter((l) => l.phase === phase))) })),
    },
    committed: { total: money(nominalCost(committed)), awardedValue: new Decimal(input.awardedValue).toFixed(2) },
    cumulative: cumulativeSeries(actual).map((p) => ({ on: p.on, total: money(p.total) })),
  };
}

/**
 * A contract's share of its cycle's costs (development and procurement, recorded before any contract):
 * each line × the contract's award value over the award values of every contract the cycle led to, to the
 * penny (half up). One contract takes them whole.
 */
export function apportioned<T extends CostLine>(lines: readonly T[], share: { value: string; of: string }): T[] {
  if (new Decimal(share.of).isZero() || new Decimal(share.value).eq(share.of)) return [...lines];
  const f = new Decimal(share.value).div(share.of);
  return lines.map((l) => ({ ...l, amount: new Decimal(l.amount).times(f).toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toFixed(2) }));
}
