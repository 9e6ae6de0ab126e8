import type { EngineInput } from '#scoring';
import type { VerifiedCriterion } from '#tendering';
import { type Exclusion, exclusionsFor, type Gate, type Restriction } from './gates.js';

/**
 * How verified public character enters the evaluation (docs/domain.md section 5). Pure. The criteria a
 * tender's model marks by verification are the tender's (verifiedCriteria); here their marks are the
 * verified levels on each criterion's scale, and gates and restricted categories become exclusions the
 * engine is told of.
 */
export const markFromLevel = (level: number, scaleMax: number): number => (level * scaleMax) / 4;

/** A bid as this reads it: its provider's legal form, and the verified level per test (null while undecided or awaiting evidence). */
export interface VerifiedBid {
  bidId: string;
  legalForm: string;
  verified: Record<string, number | null>;
}

export function publicCharacterInputs(args: {
  criteria: VerifiedCriterion[];
  bids: VerifiedBid[];
  gates: Gate[];
  restriction: Restriction | null;
  testNames?: Record<string, string>;
}): { marks: Record<string, Record<string, number>>; exclusions: Record<string, Exclusion[]> } {
  const marks: Record<string, Record<string, number>> = {};
  for (const b of args.bids) {
    for (const c of args.criteria) {
      const level = b.verified[c.test];
      if (level !== null && level !== undefined) (marks[b.bidId] ??= {})[c.key] = markFromLevel(level, c.scaleMax);
    }
  }
  return { marks, exclusions: exclusionsFor(args.bids, args.gates, args.restriction, args.testNames) };
}

/** What stops completion: a test that counts (marked by verification, or gated) still to verify, or awaiting the provider's evidence. */
export function unverified(criteria: VerifiedCriterion[], gates: Gate[], bids: VerifiedBid[]): { bidId: string; test: string }[] {
  const tests = [...new Set([...criteria.map((c) => c.test), ...gates.map((g) => g.test)])];
  return bids.flatMap((b) => tests.filter((t) => b.verified[t] === null || b.verified[t] === undefined).map((test) => ({ bidId: b.bidId, test })));
}

/**
 * The engine's input with public character applied: criteria marked by verification take the verified
 * levels (evaluators' marks on them, if any, are set aside), and exclusions are declared (only when there
 * are some, so inputs without any keep the digest they always had).
 */
export function applyPublicCharacter(
  engine: EngineInput,
  facts: { criteria: VerifiedCriterion[]; bids: VerifiedBid[]; gates: Gate[]; restriction: Restriction | null; testNames?: Record<string, string> },
): EngineInput {
  if (!facts.criteria.length && !facts.gates.length && !facts.restriction) return engine;
  const { marks: verified, exclusions } = publicCharacterInputs(facts);
  const keys = new Set(facts.criteria.map((c) => c.key));
  const strip = <T>(byBid: Record<string, Record<string, T>>) =>
    Object.fromEntries(Object.entries(byBid).map(([bid, m]) => [bid, Object.fromEntries(Object.entries(m).filter(([k]) => !keys.has(k)))]));
  const marks = strip(engine.marks);
  for (const [bid, m] of Object.entries(verified)) marks[bid] = { ...marks[bid], ...m };
  return {
    ...engine,
    marks,
    ...(engine.independentMarks ? { independentMarks: strip(engine.independentMarks) } : {}),
    ...(Object.keys(exclusions).length ? { exclusions } : {}),
  };
}
