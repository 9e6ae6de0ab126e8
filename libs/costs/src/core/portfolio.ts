import { Decimal } from 'decimal.js';
import { termMonths } from './erosion.js';

/**
 * The auditor's portfolio (issue 15, item 6): each contract's whole-life cost so far against its value at
 * award and the in-house comparator, from sums the database adds up (one row a contract). Pure: the same
 * arithmetic as the contract's own erosion, so a row agrees with the contract's page to the penny.
 *
 * The variance is how far the contract has moved from what was claimed at award: what its changes added,
 * what buying and managing it has cost, less deductions, less what in-house delivery would have cost over
 * any months the changes added. With a comparator it is the saving claimed less the saving now.
 */
export interface PortfolioSums {
  awardedValue: string;
  value: string;
  startsOn: string;
  endsOn: string;
  endsOnAtAward: string;
  /** Every actual cost, the contract's share of its cycle's included. */
  actual: string;
  /** Of which payment for the service (net of deductions). */
  service: string;
  /** Deductions paid (negative). */
  deductions: string;
  comparator: { cost: string; lengthMonths: number } | null;
}

const money = (d: Decimal) => d.toFixed(2);

export function portfolioRow(s: PortfolioSums) {
  const transaction = new Decimal(s.actual).minus(s.service);
  const perMonth = s.comparator ? new Decimal(s.comparator.cost).div(s.comparator.lengthMonths) : null;
  const atAward = perMonth?.times(termMonths(s.startsOn, s.endsOnAtAward)) ?? null;
  const now = perMonth?.times(termMonths(s.startsOn, s.endsOn)) ?? null;
  const cost = new Decimal(s.value).plus(s.deductions).plus(transaction);
  const claimed = atAward?.minus(s.awardedValue) ?? null;
  const savingNow = now?.minus(cost) ?? null;
  const variance = cost.minus(s.awardedValue).minus(now && atAward ? now.minus(atAward) : 0);
  return {
    actual: money(new Decimal(s.actual)),
    transactionCosts: money(transaction),
    transactionCostRatio: new Decimal(s.service).isZero() ? null : transaction.div(s.service).toFixed(4),
    comparator: now && money(now),
    savingClaimed: claimed && money(claimed),
    savingNow: savingNow && money(savingNow),
    variance: money(variance),
  };
}
