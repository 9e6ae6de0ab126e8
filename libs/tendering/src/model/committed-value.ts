import type { CommittedValueFormula, Criterion, EvaluationModel } from './evaluation-model.js';

/**
 * Social value criteria marked by formula from the committed value (docs/domain.md section 6; issue 6 item 8),
 * as the model declares on the leaf. Pure. The marking itself is evaluation's (libs/evaluation/src/social-value-marks.ts).
 *
 * `relative_to_highest`: mark = top of the scale × (the bid's committed proxy £ ÷ the highest committed
 * by a bid in the same lot), rounded to 4 decimal places half up (the mark goes into the bundle as written).
 * Bids rejected after clarification or excluded before scoring neither set the highest nor are marked up
 * by it; a bid committing nothing is marked 0, and if no bid commits anything every bid is.
 */
export interface ValueCriterion {
  key: string;
  scaleMax: number;
  formula: CommittedValueFormula;
}

export function valueCriteria(model: EvaluationModel): ValueCriterion[] {
  const out: ValueCriterion[] = [];
  const walk = (c: Criterion) => {
    if (c.children?.length) c.children.forEach(walk);
    else if (c.committedValue && c.scale) out.push({ key: c.key, scaleMax: Number(c.scale.split('-')[1]), formula: c.committedValue });
  };
  model.criteria.filter((c) => c.category === 'social_value').forEach(walk);
  return out;
}
