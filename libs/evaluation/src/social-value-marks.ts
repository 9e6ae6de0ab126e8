import { Decimal } from 'decimal.js';
import type { EngineInput } from '#scoring';
import type { ValueCriterion } from '#tendering';

/**
 * Social value criteria marked by formula from the committed value (docs/domain.md section 6). Pure.
 *
 * `relative_to_highest`: mark = top of the scale × (the bid's committed proxy £ ÷ the highest committed
 * by a bid in the same lot), rounded to 4 decimal places half up (the mark goes into the bundle as written).
 * Bids rejected after clarification or excluded before scoring neither set the highest nor are marked up
 * by it; a bid committing nothing is marked 0, and if no bid commits anything every bid is.
 */
export interface CommittedBid {
  bidId: string;
  totalValue: string | null;
}

/** The highest committed proxy £ per lot among the bids that count. */
export function highestCommitted(engine: EngineInput, committed: ReadonlyMap<string, string | null>): Map<string, Decimal> {
  const highest = new Map<string, Decimal>();
  for (const b of engine.bids) {
    if (b.rejected || engine.exclusions?.[b.bidId]?.length) continue;
    const v = new Decimal(committed.get(b.bidId) ?? 0);
    if (v.gt(highest.get(b.lotKey) ?? -1)) highest.set(b.lotKey, v);
  }
  return highest;
}

export function applyCommittedValue(engine: EngineInput, criteria: ValueCriterion[], bids: CommittedBid[]): EngineInput {
  if (!criteria.length) return engine;
  const committed = new Map(bids.map((b) => [b.bidId, b.totalValue]));
  const highest = highestCommitted(engine, committed);
  const marks = { ...engine.marks };
  for (const b of engine.bids) {
    const top = highest.get(b.lotKey);
    const own = new Decimal(committed.get(b.bidId) ?? 0);
    const m = { ...marks[b.bidId] };
    for (const c of criteria) {
      const fraction = top && !top.isZero() ? Decimal.min(1, own.div(top)) : new Decimal(0);
      m[c.key] = fraction.times(c.scaleMax).toDecimalPlaces(4, Decimal.ROUND_HALF_UP).toNumber();
    }
    marks[b.bidId] = m;
  }
  // Evaluators' marks on these criteria, if any were given, are set aside like the consensus.
  const keys = new Set(criteria.map((c) => c.key));
  const independentMarks = engine.independentMarks
    ? Object.fromEntries(
        Object.entries(engine.independentMarks).map(([bid, byKey]) => [bid, Object.fromEntries(Object.entries(byKey).filter(([k]) => !keys.has(k)))]),
      )
    : undefined;
  return { ...engine, marks, ...(independentMarks ? { independentMarks } : {}) };
}
