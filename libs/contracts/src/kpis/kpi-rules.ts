import { Decimal } from 'decimal.js';
import type { Problem } from '../contract/contract-rules.js';

/**
 * Key performance indicators (Procurement Act 2023 s.52, law; docs/domain.md section 6). Each KPI has
 * three thresholds that map a measured value to a rating: at or beyond `good` is good; at or beyond
 * `approaching` is approaching target; at or beyond `requiresImprovement` is requires improvement;
 * anything worse is inadequate. "Beyond" is upwards when more is better, downwards when less is (days to
 * first appointment, say). Each rating keeps its OCDS 1.1.5 mapping so publication can follow. Pure.
 */
export const KPI_RATINGS = ['good', 'approaching_target', 'requires_improvement', 'inadequate'] as const;
export type KpiRating = (typeof KPI_RATINGS)[number];
export const KPI_DIRECTIONS = ['higher', 'lower'] as const;
export type KpiDirection = (typeof KPI_DIRECTIONS)[number];

/** OCDS 1.1.5 has no codelist for a KPI's rating; these are the extension codes the publication will use, kept beside each rating. */
export const OCDS_RATING: Readonly<Record<KpiRating, string>> = {
  good: 'met',
  approaching_target: 'slightlyBelow',
  requires_improvement: 'below',
  inadequate: 'significantlyBelow',
};
export const RATING_NAMES: Readonly<Record<KpiRating, string>> = {
  good: 'Good',
  approaching_target: 'Approaching target',
  requires_improvement: 'Requires improvement',
  inadequate: 'Inadequate',
};

export const MEASURE = /^-?\d{1,10}(\.\d{1,4})?$/;

export interface KpiThresholds {
  direction: KpiDirection;
  good: string;
  approaching: string;
  requiresImprovement: string;
}

/** The rating a measured value earns against a KPI's thresholds. */
export function kpiRating(t: KpiThresholds, value: string): KpiRating {
  const v = new Decimal(value);
  const reaches = (threshold: string) => (t.direction === 'higher' ? v.gte(threshold) : v.lte(threshold));
  if (reaches(t.good)) return 'good';
  if (reaches(t.approaching)) return 'approaching_target';
  if (reaches(t.requiresImprovement)) return 'requires_improvement';
  return 'inadequate';
}

/** What is wrong with a KPI's thresholds: decimals, and in order for its direction (good beyond approaching beyond requires improvement). */
export function thresholdProblems(t: KpiThresholds): Problem[] {
  const out: Problem[] = [];
  const fields = ['good', 'approaching', 'requiresImprovement'] as const;
  if (!KPI_DIRECTIONS.includes(t.direction)) out.push({ field: 'direction', rule: 'one-of', message: `direction must be one of ${KPI_DIRECTIONS.join(', ')}` });
  for (const f of fields)
    if (typeof t[f] !== 'string' || !MEASURE.test(t[f]))
      out.push({ field: f, rule: 'decimal', message: `${f} must be a number with at most 4 decimal places, e.g. "95"` });
  if (out.length) return out;
  const [g, a, r] = fields.map((f) => new Decimal(t[f]));
  const inOrder = t.direction === 'higher' ? g.gt(a) && a.gt(r) : g.lt(a) && a.lt(r);
  if (!inOrder)
    out.push({
      field: 'good',
      rule: 'thresholds-in-order',
      message:
        t.direction === 'higher'
          ? 'When more is better, good must be above approaching, and approaching above requiresImprovement'
          : 'When less is better, good must be below approaching, and approaching below requiresImprovement',
    });
  return out;
}

/** A KPI's ratings over its measurements, for the assessment to come: how many of each. */
export function ratingCounts(ratings: readonly KpiRating[]): Record<KpiRating, number> {
  return Object.fromEntries(KPI_RATINGS.map((r) => [r, ratings.filter((x) => x === r).length])) as Record<KpiRating, number>;
}
