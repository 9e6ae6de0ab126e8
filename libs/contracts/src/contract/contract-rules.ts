import { Decimal } from 'decimal.js';
import { addDays, addYears, isCalendarDate, MONEY } from '#kernel';

/**
 * The contract's own rules (docs/domain.md section 6). Pure: plain values in, problems out, so the API,
 * the pages and the demo refuse the same things for the same reasons.
 */
export const PAYMENT_MECHANISMS = ['fixed_fee', 'fixed_fee_plus_outcomes', 'payment_by_results', 'grant'] as const;
export type PaymentMechanism = (typeof PAYMENT_MECHANISMS)[number];
export const CONTRACT_TAGS = ['operational', 'whole-system'] as const;
export type ContractTag = (typeof CONTRACT_TAGS)[number];
export const CONTRACT_STATUSES = ['pending', 'active', 'expired', 'terminated'] as const;
export type ContractStatus = (typeof CONTRACT_STATUSES)[number];

/** Pending until signed; active; then it runs out, or is ended early with a reason. Nothing comes back. */
export const CONTRACT_TRANSITIONS: Readonly<Record<ContractStatus, readonly ContractStatus[]>> = {
  pending: ['active', 'terminated'],
  active: ['expired', 'terminated'],
  expired: [],
  terminated: [],
};

/** Paying only for results moves the whole risk of delivery to the provider: flagged, and activated only once a second person accepts the risk. */
export const isHighRisk = (mechanism: PaymentMechanism) => mechanism === 'payment_by_results';

/** Procurement Act 2023 s.52 (law): above this value a contract needs at least three KPIs, or a recorded reason why not. */
export const KPI_THRESHOLD = new Decimal(5_000_000);
export const MINIMUM_KPIS = 3;

export interface Problem {
  field: string;
  rule: string;
  message: string;
}

export interface ExtensionOptionTerms {
  months: number;
  value: string;
  decideBy: string;
}

export interface ContractTerms {
  awardedValue: string;
  startsOn: string;
  endsOn: string;
  tag: ContractTag;
  paymentMechanism: PaymentMechanism;
  /** The fixed part of a fee that also pays for outcomes or for additional services at scaled rates; null when the whole fee is fixed. */
  minimumFixedFee: string | null;
  extensionOptions: ExtensionOptionTerms[];
}

/** What is wrong with a contract's terms, each with its field and rule; [] when they hold. */
export function termsProblems(t: ContractTerms): Problem[] {
  const out: Problem[] = [];
  const money = (field: string, v: string | null) => {
    if (v !== null && !MONEY.test(v))
      out.push({ field, rule: 'money', message: `${field} must be an amount in pounds with at most 2 decimal places, e.g. "480000.00"` });
    return v !== null && MONEY.test(v);
  };
  money('awardedValue', t.awardedValue);
  const start = isCalendarDate(t.startsOn);
  const end = isCalendarDate(t.endsOn);
  if (!start) out.push({ field: 'startsOn', rule: 'date', message: 'startsOn must be a calendar date, YYYY-MM-DD' });
  if (!end) out.push({ field: 'endsOn', rule: 'date', message: 'endsOn must be a calendar date, YYYY-MM-DD' });
  if (start && end && t.endsOn <= t.startsOn) out.push({ field: 'endsOn', rule: 'after-start', message: 'endsOn must be after startsOn' });
  if (!CONTRACT_TAGS.includes(t.tag)) out.push({ field: 'tag', rule: 'one-of', message: `tag must be one of ${CONTRACT_TAGS.join(', ')}` });
  if (!PAYMENT_MECHANISMS.includes(t.paymentMechanism))
    out.push({ field: 'paymentMechanism', rule: 'one-of', message: `paymentMechanism must be one of ${PAYMENT_MECHANISMS.join(', ')}` });
  if (money('minimumFixedFee', t.minimumFixedFee) && MONEY.test(t.awardedValue)) {
    if (t.paymentMechanism === 'payment_by_results' || t.paymentMechanism === 'grant')
      out.push({ field: 'minimumFixedFee', rule: 'no-fixed-fee', message: `a contract paid by ${t.paymentMechanism.replace(/_/g, ' ')} has no fixed fee` });
    else if (new Decimal(t.minimumFixedFee!).gt(t.awardedValue))
      out.push({ field: 'minimumFixedFee', rule: 'within-value', message: 'minimumFixedFee cannot be more than the awarded value' });
  }
  t.extensionOptions.forEach((o, i) => {
    const at = `extensionOptions.${i}`;
    if (!Number.isInteger(o.months) || o.months < 1 || o.months > 120)
      out.push({ field: `${at}.months`, rule: 'range', message: `${at}.months must be a whole number of months from 1 to 120` });
    money(`${at}.value`, o.value);
    if (!isCalendarDate(o.decideBy)) out.push({ field: `${at}.decideBy`, rule: 'date', message: `${at}.decideBy must be a calendar date, YYYY-MM-DD` });
    else if (end && o.decideBy > t.endsOn)
      out.push({ field: `${at}.decideBy`, rule: 'before-end', message: `${at}.decideBy must be no later than the contract's end, ${t.endsOn}` });
  });
  return out;
}

/** The last day of a term of whole years: the day before the anniversary (a three-year term from 1 April 2024 ends on 31 March 2027). */
export const termEnd = (startsOn: string, years: number): string => addYears(addDays(startsOn, -1), years);

/** The terms a contract starts with at award: the winning bid's price, from the award for as many years as the bid priced (3 if it gave no profile). */
export function termsAtAward(bid: { price: string; costProfile: { year: number; amount?: string }[] | null }, awardedOn: string): ContractTerms {
  const years = bid.costProfile?.length ? Math.max(...bid.costProfile.map((c) => c.year)) : 3;
  return {
    awardedValue: bid.price,
    startsOn: awardedOn,
    endsOn: termEnd(awardedOn, years),
    tag: 'operational',
    paymentMechanism: 'fixed_fee',
    minimumFixedFee: null,
    extensionOptions: [],
  };
}

export interface ActivationFacts {
  awardedValue: string;
  paymentMechanism: PaymentMechanism;
  kpis: number;
  kpiExemptionReason: string | null;
  minimumFixedFee: string | null;
  /** Outcome metrics with a price: what a contract paying for outcomes pays for. */
  pricedMetrics: number;
  /** Who accepted the risk of payment by results, if anyone did. */
  riskAcceptedBy: string | null;
  activatedBy: string;
}

/** Why a pending contract cannot be activated (signed) yet; [] when it can. */
export function activationProblems(f: ActivationFacts): Problem[] {
  const out: Problem[] = [];
  if (new Decimal(f.awardedValue).gt(KPI_THRESHOLD) && f.kpis < MINIMUM_KPIS && !f.kpiExemptionReason?.trim())
    out.push({
      field: 'kpis',
      rule: 'kpis-required',
      message: `A contract above £5,000,000 needs at least ${MINIMUM_KPIS} KPIs (Procurement Act 2023 s.52); it has ${f.kpis}. Add KPIs, or record why they are not appropriate`,
    });
  if (f.paymentMechanism === 'fixed_fee_plus_outcomes' && f.minimumFixedFee === null)
    out.push({ field: 'minimumFixedFee', rule: 'fixed-fee-required', message: 'A fixed fee plus outcome payments needs its fixed fee set' });
  if ((f.paymentMechanism === 'fixed_fee_plus_outcomes' || isHighRisk(f.paymentMechanism)) && f.pricedMetrics === 0)
    out.push({
      field: 'outcomeMetrics',
      rule: 'outcomes-required',
      message: 'A contract that pays for outcomes needs at least one outcome metric with a price per unit',
    });
  if (isHighRisk(f.paymentMechanism)) {
    if (!f.riskAcceptedBy)
      out.push({
        field: 'riskAcceptance',
        rule: 'risk-acceptance-required',
        message: 'Payment by results only is high risk: a second person must accept the risk first',
      });
    else if (f.riskAcceptedBy === f.activatedBy)
      out.push({ field: 'riskAcceptance', rule: 'second-person', message: 'The person who accepted the risk cannot also activate the contract' });
  }
  return out;
}

/** Whether a contract may move from one status to another. */
export const canMove = (from: ContractStatus, to: ContractStatus) => CONTRACT_TRANSITIONS[from].includes(to);
