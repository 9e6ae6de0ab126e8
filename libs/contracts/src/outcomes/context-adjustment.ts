import { Decimal } from 'decimal.js';

/**
 * Outcomes read in context (docs/domain.md section 6; report 001): a provider serving a harder population
 * is expected to achieve less, so its result is compared with what the declared model expects of that
 * population, never with a flat target. The model is linear and declared in the contract: for each
 * characteristic of the population served (the mean deprivation decile, the share aged 18 to 24...), a
 * reference value (the population the target was set for) and a coefficient (how much the expected rate
 * moves per unit of difference from the reference). Pure: decimal arithmetic, no framework.
 */
export interface ContextFactor {
  /** The characteristic's key, as a report names it: `deprivation_decile`. */
  key: string;
  label: string;
  /** The reference population's value (decimal string). */
  reference: string;
  /** Change in the expected rate per unit of difference from the reference (decimal string, signed). */
  coefficient: string;
}

export interface ContextModel {
  /** Where the coefficients come from (a published study, the authority's own regression): shown beside every adjusted target. */
  source: string;
  factors: ContextFactor[];
}

export interface FactorEffect {
  key: string;
  label: string;
  served: string;
  reference: string;
  coefficient: string;
  /** coefficient × (served − reference): what this characteristic moved the expected rate by. */
  effect: string;
}

export interface ExpectedResult {
  /** The contract's target rate for the period, before adjustment. */
  target: string;
  /** The rate expected of the population served: the target moved by every factor's effect, kept within 0 and 1. */
  expected: string;
  effects: FactorEffect[];
  /** Whether the sum of effects took the rate outside 0..1 and it was held at the bound. */
  bounded: boolean;
}

const RATE_PLACES = 4;

/**
 * The rate expected of the population served: target + Σ coefficient × (served − reference), held within
 * 0 and 1 and rounded to 4 places. With no model, or a population equal to the reference, it is the target.
 * Every factor of the model must have a served value (reports are checked for that before this runs).
 */
export function expectedResult(target: string, model: ContextModel | null, served: Readonly<Record<string, string>>): ExpectedResult {
  const effects: FactorEffect[] = (model?.factors ?? []).map((f) => {
    const value = served[f.key];
    if (value === undefined) throw new Error(`No served value for context factor ${f.key}`);
    return {
      key: f.key,
      label: f.label,
      served: value,
      reference: f.reference,
      coefficient: f.coefficient,
      effect: new Decimal(f.coefficient)
        .times(new Decimal(value).minus(f.reference))
        .toDecimalPlaces(RATE_PLACES, Decimal.ROUND_HALF_EVEN)
        .toFixed(RATE_PLACES),
    };
  });
  const raw = effects.reduce((sum, e) => sum.plus(e.effect), new Decimal(target));
  const held = Decimal.min(1, Decimal.max(0, raw));
  return { target, expected: held.toFixed(RATE_PLACES), effects, bounded: !held.eq(raw) };
}

/** The result rate of a period: outcomes achieved over the cohort served, to 4 places (0 for an empty cohort). */
export const resultRate = (achieved: number, cohort: number): string =>
  cohort > 0 ? new Decimal(achieved).div(cohort).toDecimalPlaces(RATE_PLACES, Decimal.ROUND_HALF_EVEN).toFixed(RATE_PLACES) : (0).toFixed(RATE_PLACES);

/** A result below the rate expected of the population served: what opens a review before any sanction. */
export const belowExpected = (rate: string, expected: string): boolean => new Decimal(rate).lt(expected);
