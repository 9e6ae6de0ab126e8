import { Decimal } from 'decimal.js';
import type { PolicyPack } from '#policy';

/**
 * The delivery model decision (docs/domain.md section 3): ask whether a market is
 * right before asking how to run one. Pure: the checks and the flags the
 * commissioner and the auditor see beside the decision.
 */
export const DELIVERY_OPTIONS = ['in_house', 'public_public_partnership', 'non_market_partnership', 'grant', 'competitive_tender', 'co_production'] as const;
export type DeliveryOption = (typeof DELIVERY_OPTIONS)[number];

/** The three warning signals against markets. */
export const WARNING_SIGNALS = ['close_personal_relationship', 'complex_collaboration', 'system_risk_transfer'] as const;
export type WarningSignal = (typeof WARNING_SIGNALS)[number];

export const SIGNAL_TEXT: Record<WarningSignal, string> = {
  close_personal_relationship: 'The service depends on a close personal relationship with the citizen',
  complex_collaboration: 'The service needs complex collaboration across services',
  system_risk_transfer: 'The contract would transfer risk and control of a whole system',
};

/** Routes through which a provider that distributes profit could be paid to deliver the service. */
export const MARKET_ROUTES: readonly DeliveryOption[] = ['competitive_tender', 'grant', 'co_production'];

export interface DeliveryDecisionInput {
  optionsConsidered: { option: DeliveryOption; assessment: string }[];
  chosen: DeliveryOption;
  rationale: string;
  warningSignals: { signal: WarningSignal; present: boolean; note: string }[];
  /** What delivering it in-house would cost over the contract term, GBP. */
  inHouseComparatorCost: string;
  contract: { annualValue: string; lengthMonths: number; capitalRequirement: string };
  /** Whether the chosen route lets for-profit providers in. */
  forProfitEligible: boolean;
  forProfitJustification: string | null;
}

export interface DecisionProblem {
  field: string;
  rule: string;
  message: string;
}

export interface DecisionFlag {
  kind: 'market-warning-signal' | 'contract-size' | 'contract-length' | 'capital-requirement';
  message: string;
}

const pounds = (v: Decimal.Value) => `£${new Decimal(v).toNumber().toLocaleString('en-GB', { maximumFractionDigits: 2 })}`;

/**
 * What makes a decision unfit to record. A restricted service category
 * (tenant policy) needs a written justification for any route that lets
 * for-profit providers in; auditors read it beside the decision.
 */
export function decisionProblems(d: DeliveryDecisionInput, serviceCategory: string | null, pack: PolicyPack): DecisionProblem[] {
  const problems: DecisionProblem[] = [];
  const considered = d.optionsConsidered.map((o) => o.option);
  const seen = new Set<string>();
  considered.forEach((o, i) => {
    if (seen.has(o)) problems.push({ field: `optionsConsidered.${i}.option`, rule: 'unique', message: `${o} is considered twice` });
    seen.add(o);
  });
  if (!seen.has('in_house'))
    problems.push({
      field: 'optionsConsidered',
      rule: 'in-house-considered',
      message: 'Consider delivering the service in-house before choosing another route',
    });
  if (!seen.has(d.chosen))
    problems.push({ field: 'chosen', rule: 'considered', message: `The chosen route (${d.chosen}) must be one of the options considered` });
  for (const signal of WARNING_SIGNALS) {
    const answers = d.warningSignals.filter((w) => w.signal === signal).length;
    if (answers !== 1)
      problems.push({ field: 'warningSignals', rule: 'each-once', message: `Answer the warning signal ${signal} exactly once (found ${answers})` });
  }
  if (d.forProfitEligible && !MARKET_ROUTES.includes(d.chosen)) {
    problems.push({ field: 'forProfitEligible', rule: 'route', message: `${d.chosen} does not pay a for-profit provider to deliver the service` });
  }
  const restricted = serviceCategory ? pack.restrictedCategories.find((c) => c.code.toLowerCase() === serviceCategory.toLowerCase()) : undefined;
  if (restricted && d.forProfitEligible && !d.forProfitJustification?.trim()) {
    problems.push({
      field: 'forProfitJustification',
      rule: 'restricted-category',
      message: `${restricted.name} is a restricted service category in your authority's policy: a route that lets for-profit providers in needs a written justification`,
    });
  }
  return problems;
}

/** Signals present while a market route was chosen, and contract terms likely to shut out small and voluntary providers. */
export function decisionFlags(d: DeliveryDecisionInput, pack: PolicyPack): DecisionFlag[] {
  const flags: DecisionFlag[] = [];
  if (MARKET_ROUTES.includes(d.chosen)) {
    for (const w of d.warningSignals.filter((s) => s.present)) {
      flags.push({
        kind: 'market-warning-signal',
        message: `${SIGNAL_TEXT[w.signal]}, and ${d.chosen.replace(/_/g, ' ')} was chosen: the rationale should say why a market still fits`,
      });
    }
  }
  const limits = pack.smallProviderAccess;
  if (new Decimal(d.contract.annualValue).gt(limits.maxAnnualValue)) {
    flags.push({
      kind: 'contract-size',
      message: `An annual value of ${pounds(d.contract.annualValue)} is above ${pounds(limits.maxAnnualValue)}: consider lots that small and voluntary providers can bid for`,
    });
  }
  if (d.contract.lengthMonths > limits.maxLengthMonths) {
    flags.push({
      kind: 'contract-length',
      message: `${d.contract.lengthMonths} months is longer than ${limits.maxLengthMonths}: a long contract locks out newcomers for its whole term`,
    });
  }
  if (new Decimal(d.contract.capitalRequirement).gt(limits.maxCapitalRequirement)) {
    flags.push({
      kind: 'capital-requirement',
      message: `Capital of ${pounds(d.contract.capitalRequirement)} is above ${pounds(limits.maxCapitalRequirement)}: few small or voluntary providers can raise it`,
    });
  }
  return flags;
}
