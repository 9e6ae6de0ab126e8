import { Decimal } from 'decimal.js';
import { belowExpected, type FactorEffect } from './context-adjustment.js';
import { targetFor, type Milestone, type ValidationDecision } from './outcome-metric-rules.js';
import { type Frequency, periods } from './reporting-periods.js';

/**
 * Where each period of each outcome metric stands, read in context: what the contract expected, what
 * the provider reported, what the contract manager validated and what it earned. Pure: rows in, board out.
 */
export type PeriodState = 'upcoming' | 'in-progress' | 'awaiting-report' | 'awaiting-validation' | 'rejected' | 'validated';

export interface BoardReport {
  id: string;
  metricId: string;
  period: number;
  cohort: number;
  achieved: number;
  reportedAt: string;
}
export interface BoardValidation {
  reportId: string;
  decision: ValidationDecision;
  units: number;
  target: string | null;
  expected: string | null;
  resultRate: string | null;
  effects: FactorEffect[];
}
export interface BoardPayment {
  metricId: string | null;
  number: number;
  amount: string;
  earned: string | null;
  cappedBy: string | null;
}

export function metricPeriods(
  contract: { startsOn: string; endsOn: string },
  metric: { id: string; frequency: Frequency; target: string; milestones: Milestone[] },
  reports: readonly BoardReport[],
  validations: ReadonlyMap<string, BoardValidation>,
  payments: readonly BoardPayment[],
  today: string,
) {
  const mine = reports.filter((r) => r.metricId === metric.id);
  return periods(contract.startsOn, contract.endsOn, metric.frequency)
    .filter((p) => p.startsOn <= today)
    .map((p) => {
      const history = mine.filter((r) => r.period === p.number).sort((a, b) => a.reportedAt.localeCompare(b.reportedAt));
      const latest = history.at(-1) ?? null;
      const v = latest ? (validations.get(latest.id) ?? null) : null;
      const state: PeriodState =
        p.endsOn >= today ? 'in-progress' : !latest ? 'awaiting-report' : !v ? 'awaiting-validation' : v.decision === 'rejected' ? 'rejected' : 'validated';
      const payment = payments.find((x) => x.metricId === metric.id && x.number === p.number) ?? null;
      return {
        ...p,
        state,
        target: targetFor(metric, p.endsOn),
        reportId: latest?.id ?? null,
        reports: history.length,
        result:
          v && v.decision !== 'rejected'
            ? {
                decision: v.decision,
                units: v.units,
                cohort: latest!.cohort,
                rate: v.resultRate!,
                target: v.target!,
                expected: v.expected!,
                effects: v.effects,
                belowExpected: belowExpected(v.resultRate!, v.expected!),
              }
            : null,
        payment: payment ? { amount: payment.amount, earned: payment.earned, cappedBy: payment.cappedBy } : null,
      };
    });
}

/** A metric's running totals over its periods: units validated and what they earned and were paid. */
export function metricTotals(rows: ReturnType<typeof metricPeriods>) {
  const sum = (f: (r: (typeof rows)[number]) => string | null | undefined) => rows.reduce((s, r) => s.plus(f(r) ?? 0), new Decimal(0)).toFixed(2);
  return {
    units: rows.reduce((s, r) => s + (r.result?.units ?? 0), 0),
    earned: sum((r) => r.payment?.earned),
    payable: sum((r) => r.payment?.amount),
    belowExpected: rows.filter((r) => r.result?.belowExpected).length,
    awaiting: rows.filter((r) => r.state === 'awaiting-report' || r.state === 'awaiting-validation' || r.state === 'rejected').length,
  };
}
