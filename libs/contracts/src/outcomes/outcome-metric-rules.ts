import { Decimal } from 'decimal.js';
import { isCalendarDate, MONEY } from '#kernel';
import type { PaymentMechanism, Problem } from '../contract/contract-rules.js';
import type { ContextModel } from './context-adjustment.js';
import { FREQUENCIES, type Frequency } from './reporting-periods.js';

/**
 * An outcome metric's own rules (docs/domain.md section 6). An outcome is counted as the good thing that
 * happened to someone served ("did not re-offend within 12 months"), so a higher rate is always better:
 * each period the provider reports the cohort served and how many of them achieved the outcome. Pure.
 */
export const RATE = /^(0(\.\d{1,4})?|1(\.0{1,4})?)$/;
export const SIGNED_DECIMAL = /^-?\d{1,9}(\.\d{1,6})?$/;
export const FACTOR_KEY = /^[a-z][a-z0-9_]{0,39}$/;
export const METRIC_CODE = /^[A-Z][A-Z0-9-]{0,19}$/;
export const MAX_FACTORS = 10;

export interface Milestone {
  /** By this date (the last day of a period)... */
  by: string;
  /** ...the rate the contract expects (before context adjustment). */
  target: string;
}

export interface MetricTerms {
  code: string;
  title: string;
  definition: string;
  unit: string;
  /** Rates (0 to 1, up to 4 places) of the cohort achieving the outcome. */
  baseline: string;
  target: string;
  measurement: string;
  validationMethod: string;
  dataSource: string;
  frequency: Frequency;
  /** Interim targets for an outcome that takes years to reach: the first milestone not yet passed applies. */
  milestones: Milestone[];
  /** Other agencies sharing the outcome; this contract is paid its attribution share of each unit. */
  sharedWith: string[];
  attributionShare: string;
  /** Price per validated unit; null for an outcome measured but not paid for. */
  pricePerUnit: string | null;
  periodCap: string | null;
  totalCap: string | null;
  contextModel: ContextModel | null;
}

/** The mechanisms that pay for outcomes: only their metrics carry a price. */
export const paysForOutcomes = (m: PaymentMechanism) => m === 'fixed_fee_plus_outcomes' || m === 'payment_by_results';

/** The most a contract's outcome payments may come to: its value less its fixed fee (null when it pays no outcomes). */
export function contractOutcomeCap(c: { paymentMechanism: PaymentMechanism; awardedValue: string; minimumFixedFee: string | null }): string | null {
  if (!paysForOutcomes(c.paymentMechanism)) return null;
  return new Decimal(c.awardedValue).minus(c.minimumFixedFee ?? 0).toFixed(2);
}

/** What is wrong with a metric's terms on a contract, each with its field and rule; [] when they hold. */
export function metricProblems(m: MetricTerms, contract: { startsOn: string; endsOn: string; paymentMechanism: PaymentMechanism }): Problem[] {
  const out: Problem[] = [];
  const add = (field: string, rule: string, message: string) => out.push({ field, rule, message });
  const rate = (field: string, v: string) => {
    const ok = typeof v === 'string' && RATE.test(v);
    if (!ok) add(field, 'rate', `${field} must be a rate from 0 to 1 with at most 4 decimal places, e.g. "0.6200"`);
    return ok;
  };
  const money = (field: string, v: string | null) => {
    const ok = v === null || MONEY.test(v);
    if (!ok) add(field, 'money', `${field} must be an amount in pounds with at most 2 decimal places, e.g. "2500.00"`);
    return ok && v !== null;
  };
  if (!METRIC_CODE.test(m.code)) add('code', 'code', 'code must be 1 to 20 capital letters, digits or hyphens, starting with a letter, e.g. "RO-1"');
  rate('baseline', m.baseline);
  rate('target', m.target);
  if (!FREQUENCIES.includes(m.frequency)) add('frequency', 'one-of', `frequency must be one of ${FREQUENCIES.join(', ')}`);
  let previous: Milestone | null = null;
  m.milestones.forEach((x, i) => {
    const at = `milestones.${i}`;
    if (!isCalendarDate(x.by)) add(`${at}.by`, 'date', `${at}.by must be a calendar date, YYYY-MM-DD`);
    else if (x.by < contract.startsOn || x.by > contract.endsOn)
      add(`${at}.by`, 'within-period', `${at}.by must fall within the contract's period, ${contract.startsOn} to ${contract.endsOn}`);
    else if (previous && isCalendarDate(previous.by) && x.by <= previous.by) add(`${at}.by`, 'ascending', `${at}.by must come after the milestone before it`);
    rate(`${at}.target`, x.target);
    previous = x;
  });
  if (m.sharedWith.length === 0 && RATE.test(m.attributionShare) && !new Decimal(m.attributionShare).eq(1))
    add('attributionShare', 'not-shared', 'attributionShare must be 1 unless the outcome is shared: name the agencies it is shared with in sharedWith');
  if (rate('attributionShare', m.attributionShare) && new Decimal(m.attributionShare).isZero())
    add('attributionShare', 'positive', 'attributionShare must be more than 0: a contract with no share of an outcome is not paid for it');
  const priced = money('pricePerUnit', m.pricePerUnit);
  const period = money('periodCap', m.periodCap);
  const total = money('totalCap', m.totalCap);
  if (priced && !paysForOutcomes(contract.paymentMechanism))
    add(
      'pricePerUnit',
      'not-paid-for-outcomes',
      `a contract paid by ${contract.paymentMechanism.replace(/_/g, ' ')} pays no outcome payments: leave pricePerUnit empty`,
    );
  if (!priced && m.pricePerUnit === null && (m.periodCap !== null || m.totalCap !== null))
    add(m.periodCap !== null ? 'periodCap' : 'totalCap', 'caps-need-price', 'a cap applies only to a metric with a pricePerUnit');
  if (period && total && new Decimal(m.periodCap!).gt(m.totalCap!)) add('periodCap', 'within-total', 'periodCap cannot be more than totalCap');
  if (m.contextModel) {
    if (!m.contextModel.source?.trim()) add('contextModel.source', 'required', 'contextModel.source must say where the coefficients come from');
    if (m.contextModel.factors.length > MAX_FACTORS) add('contextModel.factors', 'at-most', `contextModel.factors may have at most ${MAX_FACTORS} factors`);
    const seen = new Set<string>();
    m.contextModel.factors.forEach((f, i) => {
      const at = `contextModel.factors.${i}`;
      if (!FACTOR_KEY.test(f.key)) add(`${at}.key`, 'key', `${at}.key must be lower case letters, digits or underscores, e.g. "deprivation_decile"`);
      else if (seen.has(f.key)) add(`${at}.key`, 'unique', `${at}.key "${f.key}" is named twice`);
      seen.add(f.key);
      if (!SIGNED_DECIMAL.test(f.reference)) add(`${at}.reference`, 'decimal', `${at}.reference must be a decimal number, e.g. "5.5"`);
      if (!SIGNED_DECIMAL.test(f.coefficient)) add(`${at}.coefficient`, 'decimal', `${at}.coefficient must be a decimal number, e.g. "-0.02"`);
    });
  }
  return out;
}

/** The target rate that applies to a period ending on `periodEnd`: the first milestone on or after it, else the final target. */
export function targetFor(m: Pick<MetricTerms, 'target' | 'milestones'>, periodEnd: string): string {
  return [...m.milestones].sort((a, b) => a.by.localeCompare(b.by)).find((x) => x.by >= periodEnd)?.target ?? m.target;
}

export interface ReportFacts {
  cohort: number;
  achieved: number;
  population: Record<string, string>;
}

/** What is wrong with a report's figures for a metric: whole numbers, achieved within the cohort, a value for every context factor and none other. */
export function reportProblems(r: ReportFacts, model: ContextModel | null): Problem[] {
  const out: Problem[] = [];
  if (!Number.isInteger(r.cohort) || r.cohort < 1)
    out.push({ field: 'cohort', rule: 'whole-number', message: 'cohort must be a whole number of people served, at least 1' });
  if (!Number.isInteger(r.achieved) || r.achieved < 0)
    out.push({ field: 'achieved', rule: 'whole-number', message: 'achieved must be a whole number, 0 or more' });
  else if (Number.isInteger(r.cohort) && r.achieved > r.cohort)
    out.push({ field: 'achieved', rule: 'within-cohort', message: 'achieved cannot be more than the cohort' });
  const keys = new Set((model?.factors ?? []).map((f) => f.key));
  for (const f of model?.factors ?? []) {
    const v = r.population[f.key];
    if (v === undefined)
      out.push({ field: `population.${f.key}`, rule: 'required', message: `population.${f.key} (${f.label}) is needed to read the result in context` });
    else if (typeof v !== 'string' || !SIGNED_DECIMAL.test(v))
      out.push({ field: `population.${f.key}`, rule: 'decimal', message: `population.${f.key} must be a decimal number as a string, e.g. "3.2"` });
  }
  for (const k of Object.keys(r.population))
    if (!keys.has(k))
      out.push({ field: `population.${k}`, rule: 'unknown', message: `population.${k} is not a characteristic of this metric's context model` });
  return out;
}

export const VALIDATION_DECISIONS = ['accepted', 'adjusted', 'rejected'] as const;
export type ValidationDecision = (typeof VALIDATION_DECISIONS)[number];

/**
 * The units a validation decides: all that were reported (accepted), a corrected number with a reason
 * (adjusted), or none with a reason (rejected: the provider reports the period again).
 */
export function validatedUnits(
  decision: ValidationDecision,
  reported: { achieved: number; cohort: number },
  units: number | undefined,
  reason: string | undefined,
): { units: number } | { problems: Problem[] } {
  const problems: Problem[] = [];
  if (decision !== 'accepted' && !reason?.trim())
    problems.push({ field: 'reason', rule: 'required', message: `reason is required: say why the result is ${decision}` });
  if (decision === 'adjusted') {
    if (units === undefined || !Number.isInteger(units) || units < 0)
      problems.push({ field: 'units', rule: 'whole-number', message: 'units must be the whole number of outcomes you validate, 0 or more' });
    else if (units > reported.cohort)
      problems.push({ field: 'units', rule: 'within-cohort', message: `units cannot be more than the cohort reported, ${reported.cohort}` });
    else if (units === reported.achieved)
      problems.push({ field: 'units', rule: 'changed', message: 'units equals what was reported: accept the result instead of adjusting it' });
  } else if (units !== undefined && units !== (decision === 'accepted' ? reported.achieved : 0))
    problems.push({ field: 'units', rule: 'not-adjusting', message: `units is set only when the result is adjusted` });
  if (problems.length) return { problems };
  return { units: decision === 'accepted' ? reported.achieved : decision === 'rejected' ? 0 : units! };
}
