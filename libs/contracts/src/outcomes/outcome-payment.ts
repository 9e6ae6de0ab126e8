import { Decimal } from 'decimal.js';
import { pounds2 } from '#kernel';

/**
 * What a validated period of outcomes earns (docs/domain.md section 6): validated units × price per unit ×
 * this contract's attribution share of a shared outcome, capped for the period, for the metric over the
 * contract, and for the contract's outcome payments as a whole. The answer names the cap that bit, so a
 * provider and an auditor see why a payment is less than the units earned. Pure, decimal, to the penny.
 */
export type CapName = 'period' | 'metric-total' | 'contract';

export interface PaymentFacts {
  units: number;
  pricePerUnit: string;
  /** The share of a shared outcome attributed to this contract (1 when the outcome is this contract's alone). */
  attributionShare: string;
  periodCap: string | null;
  /** The most the metric may earn over the contract. */
  metricCap: string | null;
  /** What the metric has earned so far (earlier periods' payments). */
  paidOnMetric: string;
  /** The most the contract's outcome payments may come to (its value less its fixed fee). */
  contractCap: string | null;
  paidOnContract: string;
}

export interface OutcomePayment {
  /** units × price × share, to the penny (half up). */
  earned: string;
  /** What is paid: earned, or less where a cap bit. Never negative. */
  amount: string;
  cappedBy: CapName | null;
}

export function outcomePayment(f: PaymentFacts): OutcomePayment {
  const earned = new Decimal(pounds2(new Decimal(f.units).times(f.pricePerUnit).times(f.attributionShare)));
  const room = (cap: string | null, paid: string) => (cap === null ? null : Decimal.max(0, new Decimal(cap).minus(paid)));
  const limits: [CapName, Decimal | null][] = [
    ['period', f.periodCap === null ? null : new Decimal(f.periodCap)],
    ['metric-total', room(f.metricCap, f.paidOnMetric)],
    ['contract', room(f.contractCap, f.paidOnContract)],
  ];
  let amount = earned;
  let cappedBy: CapName | null = null;
  for (const [name, limit] of limits)
    if (limit !== null && limit.lt(amount)) {
      amount = limit;
      cappedBy = name;
    }
  return { earned: earned.toFixed(2), amount: amount.toFixed(2), cappedBy };
}
