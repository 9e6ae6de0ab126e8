import { addDays } from '#kernel';
import { type ContractStatus, type Problem, termEnd } from '../contract/contract-rules.js';
import { KPI_RATINGS, type KpiRating, ratingCounts } from '../kpis/kpi-rules.js';

/**
 * Performance assessments (Procurement Act 2023 s.71, law; docs/domain.md section 6). A contract's
 * performance against its KPIs is assessed at least once in every 12 months it runs, and when it ends
 * (expiry or termination); each assessment is published as a contract performance notice. Pure.
 *
 * The rating is derived, then a person may override it with a reason:
 *  - each KPI's rating for the period is the median of the ratings its measurements earned in the period
 *    (one bad quarter does not condemn a year, nor one good quarter redeem it); an even count takes the
 *    worse of the two middle ratings, so a split year never rounds up;
 *  - the overall rating is the median of the KPIs' ratings, by the same rule; a KPI not measured in the
 *    period takes no part (and shows as not measured). With nothing measured there is no derived rating:
 *    the assessor gives one, with the reason.
 */
export const ASSESSMENT_OCCASIONS = ['yearly', 'final'] as const;
export type AssessmentOccasion = (typeof ASSESSMENT_OCCASIONS)[number];
/** How long before it falls due an assessment is open (and the contract managers reminded), and how long after the contract's end the final one may take. */
export const OPEN_DAYS_BEFORE = 30;
export const FINAL_GRACE_DAYS = 30;

export interface AssessedContract {
  status: ContractStatus;
  startsOn: string;
  endsOn: string;
  terminatedOn: string | null;
}

export interface NextAssessment {
  /** The first day the next assessment covers: the contract's start, or the day after the last one's period. */
  from: string;
  /** The latest last day it may cover: twelve months on, the contract's end, and today, whichever is first. */
  latestTo: string;
  /** The last day of the contract, when the next assessment may reach it (then it is the final one). */
  endsOn: string;
  dueBy: string;
  status: 'not-yet' | 'open' | 'overdue';
  /** Whether it is the last one the contract needs: its period can reach the contract's end. */
  final: boolean;
}

/** The contract's last day: the day it was terminated on, or the end of its term. */
export const lastDay = (c: AssessedContract): string => c.terminatedOn ?? c.endsOn;

/**
 * The assessment a contract needs next, given the last one's period (null before the first) and whether
 * the final one is made: null while it is pending and once the final assessment is recorded.
 */
export function nextAssessment(c: AssessedContract, lastTo: string | null, finalMade: boolean, today: string): NextAssessment | null {
  if (c.status === 'pending' || finalMade) return null;
  const from = lastTo ? addDays(lastTo, 1) : c.startsOn;
  const end = lastDay(c);
  if (from > end) return null;
  const yearEnd = termEnd(from, 1);
  const final = yearEnd >= end;
  const ended = c.status === 'expired' || c.status === 'terminated';
  // The one on termination or expiry takes a month after the last day, for the last period's KPIs to be measured.
  const dueBy = final ? addDays(end, FINAL_GRACE_DAYS) : yearEnd;
  const latestTo = minDate(yearEnd, end, today);
  const status = dueBy < today ? 'overdue' : addDays(dueBy, -OPEN_DAYS_BEFORE) <= today || (final && ended) ? 'open' : 'not-yet';
  return { from, latestTo, endsOn: end, dueBy, status, final };
}

const minDate = (...dates: string[]) => dates.reduce((a, b) => (b < a ? b : a));

/** What is wrong with the last day an assessment is to cover, given the next one the contract needs. */
export function periodProblems(next: NextAssessment, periodTo: string): Problem[] {
  if (periodTo < next.from)
    return [{ field: 'periodTo', rule: 'after-last-assessment', message: `periodTo must be on or after ${next.from}, the first day not yet assessed` }];
  if (periodTo > next.latestTo)
    return [
      {
        field: 'periodTo',
        rule: 'within-twelve-months',
        message: `periodTo must be on or before ${next.latestTo}: an assessment covers at most twelve months, ends by the contract's last day and cannot be of days still to come`,
      },
    ];
  return [];
}

/** The occasion of an assessment to a given day: the final one reaches the contract's last day. */
export const occasionOf = (next: NextAssessment, periodTo: string): AssessmentOccasion => (periodTo === next.endsOn ? 'final' : 'yearly');

const rank = (r: KpiRating) => KPI_RATINGS.indexOf(r);

/** The median of some ratings; with an even count, the worse of the middle two. Null for none. */
export function medianRating(ratings: readonly KpiRating[]): KpiRating | null {
  if (!ratings.length) return null;
  const sorted = [...ratings].sort((a, b) => rank(a) - rank(b));
  return sorted[Math.floor(sorted.length / 2)];
}

export interface KpiSeries {
  code: string;
  title: string;
  unit: string;
  measurements: readonly { periodEndsOn: string; value: string; rating: KpiRating }[];
}

export interface KpiResult {
  code: string;
  title: string;
  unit: string;
  measured: number;
  counts: Record<KpiRating, number>;
  latest: { periodEndsOn: string; value: string; rating: KpiRating } | null;
  rating: KpiRating | null;
}

/** Each KPI's result over an assessment's period (the measurements of periods ending within it). */
export function kpiResults(kpis: readonly KpiSeries[], from: string, to: string): KpiResult[] {
  return kpis.map((k) => {
    const within = k.measurements.filter((m) => m.periodEndsOn >= from && m.periodEndsOn <= to);
    const ratings = within.map((m) => m.rating);
    const latest = within.at(-1);
    return {
      code: k.code,
      title: k.title,
      unit: k.unit,
      measured: within.length,
      counts: ratingCounts(ratings),
      latest: latest ? { periodEndsOn: latest.periodEndsOn, value: latest.value, rating: latest.rating } : null,
      rating: medianRating(ratings),
    };
  });
}

/** The overall rating the KPIs' results give: the median of the measured KPIs' ratings. */
export const derivedRating = (results: readonly KpiResult[]): KpiRating | null =>
  medianRating(results.map((r) => r.rating).filter((r): r is KpiRating => r !== null));

/** What is wrong with an assessor's decision: a rating that differs from the derived one needs the reason, as does any rating when nothing was measured. */
export function decisionProblems(derived: KpiRating | null, decision: { rating?: string; overrideReason?: string }): Problem[] {
  if (decision.rating !== undefined && !(KPI_RATINGS as readonly string[]).includes(decision.rating))
    return [{ field: 'rating', rule: 'one-of', message: `rating must be one of ${KPI_RATINGS.join(', ')}` }];
  if (!derived && !decision.rating)
    return [{ field: 'rating', rule: 'required-when-unmeasured', message: 'No KPI was measured in the period: give the rating, and the reason for it' }];
  const overridden = !!decision.rating && decision.rating !== derived;
  if (overridden && !decision.overrideReason?.trim())
    return [
      {
        field: 'overrideReason',
        rule: 'required-to-override',
        message: derived
          ? `The KPIs give ${derived}: say why the rating is ${decision.rating} instead`
          : 'No KPI was measured in the period: say what the rating rests on',
      },
    ];
  return [];
}

/** The rating an assessment records: the assessor's, or the derived one. */
export const assessedRating = (derived: KpiRating | null, rating?: string): KpiRating => (rating as KpiRating | undefined) ?? derived!;
