import { Decimal } from 'decimal.js';
import { type AreaPopulation, MIX_DIMENSIONS, type MixDimension } from '#policy';

/**
 * Who took part in an engagement activity, compared with who lives in the
 * area, so capture by the usual voices shows (docs/domain.md section 3). Pure.
 */
export type ParticipantCounts = Partial<Record<MixDimension, Record<string, number>>>;

const DIMENSION_TEXT: Record<MixDimension, string> = { ageBand: 'age band', sex: 'sex', ethnicity: 'ethnicity', socioEconomicGroup: 'socio-economic group' };

export interface MixWarning {
  dimension: MixDimension;
  group: string;
  /** Percent of the participants recorded on this dimension, to one place. */
  participantsPercent: string;
  populationPercent: string;
  /** Participants' share minus the area's, in percentage points, to one place. */
  gapPoints: string;
  message: string;
}

export interface MixProblem {
  field: string;
  rule: string;
  message: string;
}

/** Counts that name a group the area's mix does not have cannot be compared: refuse them. */
export function participantProblems(counts: ParticipantCounts, population: AreaPopulation | null): MixProblem[] {
  const problems: MixProblem[] = [];
  for (const dimension of Object.keys(counts)) {
    if (!(MIX_DIMENSIONS as readonly string[]).includes(dimension)) {
      problems.push({
        field: `participants.${dimension}`,
        rule: 'one-of',
        message: `participants may be counted by ${MIX_DIMENSIONS.join(', ')}, not ${dimension}`,
      });
      continue;
    }
    const groups = counts[dimension as MixDimension] ?? {};
    const known = population?.shares[dimension as MixDimension];
    for (const [group, n] of Object.entries(groups)) {
      if (!Number.isInteger(n) || n < 0)
        problems.push({
          field: `participants.${dimension}.${group}`,
          rule: 'count',
          message: `participants.${dimension}.${group} must be a whole number of people, 0 or more`,
        });
      else if (known && !(group in known)) {
        problems.push({
          field: `participants.${dimension}.${group}`,
          rule: 'known-group',
          message: `${group} is not a ${dimension} group in your authority's population mix (${Object.keys(known).join(', ')})`,
        });
      }
    }
  }
  return problems;
}

/**
 * A warning for every group whose share of the participants is at least the
 * tolerance (percentage points) away from its share of the area, either way.
 * Only dimensions both sides record are compared; a group the area has but
 * nobody from it came counts as 0 participants (the likeliest gap of all).
 * Widest gap first.
 */
export function mixWarnings(counts: ParticipantCounts, population: AreaPopulation | null): MixWarning[] {
  if (!population) return [];
  const tolerance = new Decimal(population.tolerancePoints);
  const warnings: MixWarning[] = [];
  for (const dimension of MIX_DIMENSIONS) {
    const area = population.shares[dimension];
    const recorded = counts[dimension];
    if (!area || !recorded) continue;
    const total = Object.values(recorded).reduce((s, n) => s + n, 0);
    if (total === 0) continue;
    for (const [group, share] of Object.entries(area)) {
      const participants = new Decimal(recorded[group] ?? 0).div(total).times(100);
      const gap = participants.minus(share);
      if (gap.abs().lt(tolerance)) continue;
      const side = gap.isNegative() ? 'under-represented' : 'over-represented';
      warnings.push({
        dimension,
        group,
        participantsPercent: participants.toFixed(1),
        populationPercent: new Decimal(share).toFixed(1),
        gapPoints: gap.toFixed(1),
        message: `${group} (${DIMENSION_TEXT[dimension]}) is ${side}: ${participants.toFixed(1)}% of participants against ${new Decimal(share).toFixed(1)}% of the area`,
      });
    }
  }
  // The widest gaps first: they are the ones a panel should hear about.
  return warnings.sort((a, b) => new Decimal(b.gapPoints).abs().cmp(new Decimal(a.gapPoints).abs()));
}
