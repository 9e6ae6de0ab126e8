import type { Criterion, EvaluationModel } from './evaluation-model.js';

/**
 * How verified public character enters the evaluation (issue 6). Pure.
 *
 * A leaf of a public character criterion whose key names a test of the tender's framework (hyphens read as
 * underscores: `shared-ownership` is the test `shared_ownership`) is marked by verification, not by
 * evaluators: the verified level (0 to 4) on the criterion's scale, level × scale ÷ 4 (exact: 3 on a 0-5
 * scale is 3.75; the marking itself is evaluation's, libs/evaluation/src/public-character/public-character-marks.ts).
 */
export interface VerifiedCriterion {
  key: string;
  test: string;
  scaleMax: number;
}

export const testOf = (key: string) => key.replace(/-/g, '_');

export function verifiedCriteria(model: EvaluationModel, testCodes: readonly string[] | null): VerifiedCriterion[] {
  if (!testCodes) return [];
  const codes = new Set(testCodes);
  const out: VerifiedCriterion[] = [];
  const walk = (c: Criterion) => {
    if (c.children?.length) c.children.forEach(walk);
    else if (c.scale && codes.has(testOf(c.key))) out.push({ key: c.key, test: testOf(c.key), scaleMax: Number(c.scale.split('-')[1]) });
  };
  model.criteria.filter((c) => c.category === 'public_character').forEach(walk);
  return out;
}
