import { Decimal } from 'decimal.js';
import { contentHash, GREEN_BOOK, presentValue, type RateBand } from '#kernel';

/**
 * The scoring engine (docs/domain.md section 4). Pure: no framework, no database.
 * Given the frozen model, the bids and the consensus marks, it works out every
 * bid's scores, exclusions, flags and rank, and a digest of what went in and
 * came out, so anyone holding the same inputs gets the same result.
 *
 * Arithmetic is decimal (decimal.js, 40 significant digits). Ranks are decided
 * on unrounded values; numbers in the result are written to 6 decimal places,
 * rounding half up (the rounding rule is part of the result: `rounding`).
 */
export const D = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP });
export type Dec = InstanceType<typeof D>;
const PLACES = 6;
const ZERO = new D(0);
const ONE = new D(1);
const out = (d: Dec) => d.toFixed(PLACES);

import type { Category, PriceMethod, TieBreak } from './vocabulary.js';

export type { Category, PriceMethod, TieBreak };

export interface CriterionInput {
  key: string;
  weight: string;
  category?: Category;
  scale?: '0-5' | '0-10' | '0-100';
  minimumScore?: number | null;
  children?: CriterionInput[];
}
export interface LotInput {
  key: string;
  priceMethod: PriceMethod;
  benchmark?: { floor: string; ceiling: string } | null;
  estimatedValue?: string | null;
}
/**
 * At most `maxLotsPerSupplier` lots to one supplier. Lots are awarded one by one in the declared `order`
 * (the model's order, or highest estimated value first); each goes to its best-ranked bid whose supplier
 * is still under the cap.
 */
export interface LotCap {
  maxLotsPerSupplier: number;
  order: 'model_order' | 'highest_value_first';
}
export interface ModelInput {
  lots: LotInput[];
  criteria: CriterionInput[];
  tieBreak: TieBreak[];
  lotCap?: LotCap | null;
}
export interface BidInput {
  bidId: string;
  lotKey: string;
  price: string;
  costProfile?: { year: number; amount: string }[] | null;
  supplierId?: string;
  /** Rejected after its abnormally low price was looked into: not scored against, not ranked (the reason is kept). */
  rejected?: string | null;
}

export interface EngineInput {
  model: ModelInput;
  bids: BidInput[];
  /** Consensus mark per bid and marked criterion. */
  marks: Record<string, Record<string, number>>;
  policy: {
    abnormallyLow: { belowMeanOfOthersPercent: string; belowNextLowestPercent: string };
    /** Flag a criterion where independent marks spread this many points or more on `scale` (scaled to each criterion's own scale). */
    evaluatorVariance?: { points: string; scale: '0-5' | '0-10' | '0-100' };
    discountSchedule?: RateBand[];
  };
  /** Each evaluator's independent mark per bid and criterion, before moderation; only their spread is used. */
  independentMarks?: Record<string, Record<string, number[]>>;
  /**
   * Bids excluded before scoring, with the rule and why: a public character gate, a restricted service
   * category. Decided outside the engine (from verification and the commissioning decision) and declared
   * here, so the bundle carries them and a recomputation excludes the same bids.
   */
  exclusions?: Record<string, Exclusion[]>;
}
export interface Exclusion {
  rule: string;
  detail: string;
}

/**
 * One bid's result on one marked criterion: the mark, the weighted score (points out of 100 within its
 * top-level criterion, e.g. quality) and the contribution (points in the bid's total).
 */
export interface CriterionResult {
  key: string;
  category: Category;
  raw: number | null;
  weighted: string;
  contribution: string;
}
export interface BidResult {
  bidId: string;
  lotKey: string;
  /** The price scored: the price, or for whole-life cost the discounted cost profile. */
  priceBasis: string;
  /** Null for a bid excluded or rejected: it was never scored against the others on price, so it has no total either. */
  priceScore: string | null;
  criteria: CriterionResult[];
  categories: Omit<Record<Category, string>, 'price'> & { price: string | null };
  total: string | null;
  /** Price per quality point lots only: price ÷ quality points (lower is better). */
  pricePerQualityPoint: string | null;
  excludedBy: { criterion: string; mark: number; minimum: number }[];
  /** Exclusions declared in the input (gates and rules outside the marks). */
  excludedFor: Exclusion[];
  /** Why the bid was rejected after clarification of an abnormally low price, if it was. */
  rejected: string | null;
  flags: string[];
  rank: number | null;
}
export interface LotResult {
  lotKey: string;
  ranking: { bidId: string; rank: number; total: string }[];
  winner: string | null;
  /** Better-ranked bids not awarded this lot because their supplier had reached the lot cap. */
  passedOver: { bidId: string; rule: 'lot-cap' }[];
}
export interface EngineResult {
  rounding: string;
  lots: LotResult[];
  bids: BidResult[];
  digest: string;
}

interface Leaf {
  key: string;
  category: Category;
  effective: Dec;
  scaleMax: number | null;
  minimum: number | null;
  /** What one point of the mark is worth within its top-level criterion, and in the total. */
  perPointWithin: Dec;
  perPoint: Dec;
  /**
   * The result cell for each mark met so far: marks repeat (a 0-5 scale has six), so each cell is worked out
   * once per criterion, not once per bid, and bids with the same mark share it (results are read, never changed).
   */
  byMark: Map<number | null, CriterionResult>;
  /** The flag this criterion raises when evaluators' marks spread too far. */
  varianceFlag: string;
}

function cellFor(leaf: Leaf, raw: number | null): CriterionResult {
  let cell = leaf.byMark.get(raw);
  if (!cell) {
    const points = raw ?? 0;
    cell = { key: leaf.key, category: leaf.category, raw, weighted: out(leaf.perPointWithin.times(points)), contribution: out(leaf.perPoint.times(points)) };
    leaf.byMark.set(raw, cell);
  }
  return cell;
}

export const SCALE_MAX: Record<string, number> = { '0-5': 5, '0-10': 10, '0-100': 100 };

/**
 * Every leaf with its weight as a share of the whole. Weights are read as
 * shares of their siblings' sum (100 in a valid model), so scaling a level's
 * weights by any constant changes nothing.
 */
function leaves(criteria: CriterionInput[]): Leaf[] {
  const found: Leaf[] = [];
  const walk = (list: CriterionInput[], share: Dec, category: Category | undefined, top: Dec | null) =>
    list.forEach((c) => {
      const siblings = list.reduce((sum, x) => sum.plus(new D(x.weight)), new D(0));
      const s = siblings.isZero() ? new D(0) : share.times(new D(c.weight)).div(siblings);
      const cat = (c.category ?? category)!;
      const topShare = top ?? s;
      if (c.children?.length) walk(c.children, s, cat, topShare);
      else {
        const scaleMax = cat === 'price' ? null : SCALE_MAX[c.scale ?? '0-5'];
        const within = topShare.isZero() ? new D(0) : s.div(topShare).times(100);
        found.push({
          key: c.key,
          category: cat,
          effective: s.times(100),
          scaleMax,
          minimum: c.minimumScore ?? null,
          perPointWithin: scaleMax ? within.div(scaleMax) : new D(0),
          perPoint: scaleMax ? s.times(100).div(scaleMax) : new D(0),
          byMark: new Map(),
          varianceFlag: `evaluator-variance:${c.key}`,
        });
      }
    });
  walk(criteria, new D(1), undefined, null);
  return found;
}

function priceFraction(method: PriceMethod, basis: Dec, lowest: Dec, lot: LotInput): Dec {
  switch (method) {
    case 'relative_to_lowest':
    case 'whole_life_cost':
      return basis.isZero() ? new D(1) : lowest.div(basis);
    case 'linear_deviation':
      return lowest.isZero() ? (basis.isZero() ? new D(1) : new D(0)) : D.max(0, new D(1).minus(basis.minus(lowest).div(lowest)));
    case 'benchmark': {
      const floor = new D(lot.benchmark!.floor);
      const ceiling = new D(lot.benchmark!.ceiling);
      if (basis.lte(floor)) return new D(1);
      if (basis.gte(ceiling)) return new D(0);
      return ceiling.minus(basis).div(ceiling.minus(floor));
    }
    case 'price_per_quality_point':
      return new D(0);
  }
}

const CATEGORY_OF_TIE: Record<TieBreak, Category | 'basis'> = {
  higher_quality: 'quality',
  lower_price: 'basis',
  higher_social_value: 'social_value',
  higher_public_character: 'public_character',
};

/** The marked criteria as the engine works them, once per evaluation. */
interface MarkedCriteria {
  marked: Leaf[];
  /** Those with a minimum score. */
  gated: Leaf[];
  /** Groups of criteria of one category worth the same per point, and each marked criterion's group. */
  groups: { category: Category; perPoint: Dec }[];
  groupOf: number[];
}

/**
 * One bid's marks: its exclusions by minimum score, its cells and its points per category (price comes later, against
 * the lot's lowest). A function of its own, as is the variance check below, so that the JIT optimises each of these
 * loops on its own and early, instead of the whole evaluation as one function that it optimises late and drops whole
 * at the first shape it had not seen (issue 19: bench:evaluation's runs 4-18).
 */
function markBid(b: BidInput, lot: LotInput, input: EngineInput, schedule: readonly RateBand[], { marked, gated, groups, groupOf }: MarkedCriteria) {
  const marks = input.marks[b.bidId] ?? {};
  const basis = lot.priceMethod === 'whole_life_cost' ? presentValue(b.costProfile ?? [], schedule) : new D(b.price);
  const excludedBy: BidResult['excludedBy'] = [];
  for (const l of gated) {
    const m = marks[l.key];
    if (m === undefined || m < l.minimum!) excludedBy.push({ criterion: l.key, mark: m ?? 0, minimum: l.minimum! });
  }
  // Whole marks are summed per group of criteria worth the same per point (exact in binary), then multiplied once.
  const sums = new Array<number>(groups.length).fill(0);
  const byCategory: Record<Category, Dec> = { price: ZERO, quality: ZERO, social_value: ZERO, public_character: ZERO };
  const criteria = new Array<CriterionResult>(marked.length);
  let odd: number[] | undefined;
  for (let i = 0; i < marked.length; i++) {
    const l = marked[i];
    const raw = marks[l.key];
    if (raw !== undefined) {
      if (Number.isInteger(raw)) sums[groupOf[i]] += raw;
      else (odd ??= []).push(i);
    }
    criteria[i] = cellFor(l, raw ?? null);
  }
  // Group sums first, then any fractional marks, always in that order: decimal sums at 40 digits round the same way every time.
  for (let i = 0; i < groups.length; i++) if (sums[i]) byCategory[groups[i].category] = byCategory[groups[i].category].plus(groups[i].perPoint.times(sums[i]));
  if (odd) for (const i of odd) byCategory[marked[i].category] = byCategory[marked[i].category].plus(marked[i].perPoint.times(marks[marked[i].key]));
  const excludedFor = input.exclusions?.[b.bidId] ?? [];
  return {
    bid: b,
    basis: new D(basis),
    excludedBy,
    excludedFor,
    excluded: excludedBy.length > 0 || excludedFor.length > 0,
    criteria,
    byCategory,
    flags: [] as string[],
  };
}

/** Flags each bid whose evaluators' independent marks on a criterion spread as far as the policy's threshold or further. */
function varianceFlags(
  scored: { bid: BidInput; flags: string[] }[],
  marked: Leaf[],
  independentMarks: Record<string, Record<string, number[]>>,
  reaches: { threshold: Dec; bySpread: Map<number, boolean> }[],
) {
  for (const s of scored) {
    const byCriterion = independentMarks[s.bid.bidId] ?? {};
    for (let i = 0; i < marked.length; i++) {
      const l = marked[i];
      const list = byCriterion[l.key];
      if (!list || list.length < 2) continue;
      let low = list[0],
        high = list[0];
      // Indexed: 2,500 short lists a lot, and an iterator for each was a fifth of the whole evaluation's time.
      for (let j = 1; j < list.length; j++) {
        const m = list[j];
        if (m < low) low = m;
        if (m > high) high = m;
      }
      const spread = high - low;
      const r = reaches[i];
      let flagged = r.bySpread.get(spread);
      if (flagged === undefined) r.bySpread.set(spread, (flagged = new D(spread).gte(r.threshold)));
      if (flagged) s.flags.push(l.varianceFlag);
    }
  }
}

type Marked = ReturnType<typeof markBid>;
type Priced = ReturnType<typeof priceBid>;

/** The bid's price score against the lot's lowest compliant price, and its total. */
function priceBid(w: Marked, lot: LotInput, lowest: Dec, priceWeight: Dec) {
  const byCategory = w.byCategory;
  const fraction = priceFraction(lot.priceMethod, w.basis, lowest, lot);
  const priceScore = fraction.times(priceWeight);
  byCategory.price = priceScore;
  const total = priceScore.plus(byCategory.quality).plus(byCategory.social_value).plus(byCategory.public_character);
  const qualityPoints = total.minus(priceScore);
  const ppqp = lot.priceMethod === 'price_per_quality_point' ? (qualityPoints.isZero() ? null : w.basis.div(qualityPoints)) : null;
  return {
    bid: w.bid,
    basis: w.basis,
    excludedBy: w.excludedBy,
    excludedFor: w.excludedFor,
    excluded: w.excluded,
    criteria: w.criteria,
    flags: w.flags,
    byCategory,
    fraction,
    priceScore,
    total,
    ppqp,
  };
}

/** The bid's result as published: numbers written to six places. */
function resultOf(s: Priced, lotKey: string, rank: number | null): BidResult {
  // A bid kept out of the comparison (excluded, or rejected after clarification) was never scored on price: a
  // price score worked out against the compliant bids' lowest would mean nothing (above the maximum, if cheaper).
  const unscored = s.excluded || !!s.bid.rejected;
  return {
    bidId: s.bid.bidId,
    lotKey,
    priceBasis: out(s.basis),
    priceScore: unscored ? null : out(s.priceScore),
    criteria: s.criteria,
    categories: {
      price: unscored ? null : out(s.byCategory.price),
      quality: out(s.byCategory.quality),
      social_value: out(s.byCategory.social_value),
      public_character: out(s.byCategory.public_character),
    },
    total: unscored ? null : out(s.total),
    pricePerQualityPoint: s.ppqp && !unscored ? out(s.ppqp) : null,
    excludedBy: s.excludedBy,
    excludedFor: s.excludedFor,
    rejected: s.bid.rejected ?? null,
    flags: s.flags,
    rank,
  };
}

export function evaluate(input: EngineInput): EngineResult {
  return evaluateWithDetail(input).result;
}

/** What the sensitivity analysis needs beyond the result: per lot, the ranked bids with their unrounded totals and price fractions. */
export interface LotDetail {
  lotKey: string;
  priceMethod: PriceMethod;
  ranked: { bidId: string; total: Dec; priceFraction: Dec }[];
}

export function evaluateWithDetail(input: EngineInput): { result: EngineResult; detail: LotDetail[] } {
  const schedule = input.policy.discountSchedule ?? GREEN_BOOK;
  const all = leaves(input.model.criteria);
  const priceWeight = all.filter((l) => l.category === 'price').reduce((s, l) => s.plus(l.effective), new D(0));
  const marked = all.filter((l) => l.category !== 'price');
  const gated = marked.filter((l) => l.minimum !== null);
  // Criteria grouped by category and value per point (equal-weight siblings share one group).
  const groups: { category: Category; perPoint: Dec }[] = [];
  const groupOf = marked.map((l) => {
    const at = groups.findIndex((g) => g.category === l.category && g.perPoint.eq(l.perPoint));
    return at >= 0 ? at : groups.push({ category: l.category, perPoint: l.perPoint }) - 1;
  });
  const criteria: MarkedCriteria = { marked, gated, groups, groupOf };
  const results: BidResult[] = [];
  const lots: LotResult[] = [];
  const detail: LotDetail[] = [];

  // Lots in the model's order, bids by id: the order the bids were given in never matters.
  for (const lot of input.model.lots) {
    const bids = input.bids
      .filter((b) => b.lotKey === lot.key)
      .slice()
      .sort((a, b) => (a.bidId < b.bidId ? -1 : a.bidId > b.bidId ? 1 : 0));
    const work = bids.map((b) => markBid(b, lot, input, schedule, criteria));
    // Passing the gates and not rejected: these set the lowest price and are ranked.
    const compliant = work.filter((w) => !w.excluded && !w.bid.rejected);
    const lowest = compliant.length ? D.min(...compliant.map((w) => w.basis)) : new D(0);

    const scored = work.map((w) => priceBid(w, lot, lowest, priceWeight));

    // Abnormally low (policy thresholds), among the bids that pass the gates (a rejected bid keeps the flag that led to it).
    const belowMean = ONE.minus(new D(input.policy.abnormallyLow.belowMeanOfOthersPercent).div(100));
    const belowNext = ONE.minus(new D(input.policy.abnormallyLow.belowNextLowestPercent).div(100));
    const ok = scored.filter((s) => !s.excluded);
    // One pass for the sum (the mean of the others is the sum without this bid) and one sort for "the next lowest".
    const sum = ok.reduce((t, o) => t.plus(o.basis), new D(0));
    const ascending = ok.slice().sort((a, b) => a.basis.cmp(b.basis));
    ascending.forEach((s, i) => {
      if (ok.length < 2) return;
      const mean = sum.minus(s.basis).div(ok.length - 1);
      if (s.basis.lte(mean.times(belowMean))) s.flags.push('abnormally-low:mean-of-others');
      // The next bid up (an equal price counts: it is then not "below" it).
      const next = ascending[i + 1] ?? (i > 0 && ascending[i - 1].basis.eq(s.basis) ? ascending[i - 1] : undefined);
      if (next && s.basis.lte(next.basis.times(belowNext))) s.flags.push('abnormally-low:next-lowest');
    });

    // Evaluator variance: the spread of the independent marks against the policy's threshold, on each criterion's own scale.
    const variance = input.policy.evaluatorVariance;
    if (variance && input.independentMarks) {
      const policyMax = SCALE_MAX[variance.scale];
      // The threshold on each criterion's own scale, and whether a spread reaches it, worked out once per spread.
      const reaches = marked.map((l) => ({ threshold: new D(variance.points).times(l.scaleMax!).div(policyMax), bySpread: new Map<number, boolean>() }));
      varianceFlags(scored, marked, input.independentMarks, reaches);
    }

    // Rank the compliant bids: the total (or price per quality point), then the declared tie-break rules.
    const keyOf = (s: (typeof scored)[number], rule: TieBreak) =>
      CATEGORY_OF_TIE[rule] === 'basis' ? s.basis.neg() : s.byCategory[CATEGORY_OF_TIE[rule] as Category];
    const primary = (s: (typeof scored)[number]) => (lot.priceMethod === 'price_per_quality_point' ? (s.ppqp ? s.ppqp.neg() : new D(-Infinity)) : s.total);
    const order = ok
      .filter((s) => !s.bid.rejected)
      .sort((a, b) => {
        const p = primary(b).cmp(primary(a));
        if (p) return p;
        for (const rule of input.model.tieBreak) {
          const c = keyOf(b, rule).cmp(keyOf(a, rule));
          if (c) return c;
        }
        return 0;
      });
    order.forEach((s, i) => {
      const prev = order[i - 1];
      if (prev && !primary(prev).cmp(primary(s)) && input.model.tieBreak.every((r) => !keyOf(prev, r).cmp(keyOf(s, r)))) {
        s.flags.push('tie-unbroken');
        if (!prev.flags.includes('tie-unbroken')) prev.flags.push('tie-unbroken');
      }
    });
    const rankOf = new Map(order.map((s, i) => [s.bid.bidId, i + 1]));

    for (const s of scored) results.push(resultOf(s, lot.key, rankOf.get(s.bid.bidId) ?? null));
    lots.push({
      lotKey: lot.key,
      ranking: order.map((s, i) => ({ bidId: s.bid.bidId, rank: i + 1, total: out(s.total) })),
      winner: order[0]?.bid.bidId ?? null,
      passedOver: [],
    });
    detail.push({
      lotKey: lot.key,
      priceMethod: lot.priceMethod,
      ranked: order.map((s) => ({ bidId: s.bid.bidId, total: s.total, priceFraction: s.fraction })),
    });
  }
  if (input.model.lotCap) applyLotCap(input.model.lotCap, input.model.lots, input.bids, lots, results);
  const body = { rounding: `decimal, ranks on unrounded values; shown to ${PLACES} places, half up`, lots, bids: results };
  // The digest covers every input and the outcome: each bid's price basis, category scores, total, exclusions,
  // flags and rank, and each lot's ranking. The per-criterion cells are left out of it: each is one of the
  // hashed marks times a weight from the hashed model, and writing 30,000 of them out again would be most of the work.
  // The bids in id order: two exports of one evaluation digest alike whatever order their files list the bids in.
  const outcome = { rounding: body.rounding, lots, bids: results.map(({ criteria: _cells, ...rest }) => rest) };
  const canonical = { ...input, bids: input.bids.slice().sort((a, b) => (a.bidId < b.bidId ? -1 : a.bidId > b.bidId ? 1 : 0)) };
  return { result: { ...body, digest: contentHash({ input: canonical, outcome }) }, detail };
}

/** The lot cap, lot by lot in the declared order. Changes only winners (and flags the bids passed over); ranks stand. */
function applyLotCap(cap: LotCap, lotInputs: LotInput[], bids: BidInput[], lots: LotResult[], results: BidResult[]) {
  const supplierOf = new Map(bids.map((b) => [b.bidId, b.supplierId ?? b.bidId]));
  const position = new Map(lotInputs.map((l, i) => [l.key, i]));
  const value = (key: string) => new D(lotInputs[position.get(key)!].estimatedValue ?? 0);
  const sequence = lots
    .slice()
    .sort((a, b) => (cap.order === 'highest_value_first' ? value(b.lotKey).cmp(value(a.lotKey)) : 0) || position.get(a.lotKey)! - position.get(b.lotKey)!);
  const won = new Map<string, number>();
  for (const lot of sequence) {
    lot.winner = null;
    for (const r of lot.ranking) {
      const supplier = supplierOf.get(r.bidId)!;
      if ((won.get(supplier) ?? 0) < cap.maxLotsPerSupplier) {
        lot.winner = r.bidId;
        won.set(supplier, (won.get(supplier) ?? 0) + 1);
        break;
      }
      lot.passedOver.push({ bidId: r.bidId, rule: 'lot-cap' });
      results.find((b) => b.bidId === r.bidId)!.flags.push('passed-over:lot-cap');
    }
  }
}

/**
 * The result as the API serves it and the CLI prints it: the ranking of every lot flattened first
 * (what a reader checks), then the rest. Both use this one function, so their `ranking` is the same text.
 */
export function resultDocument(result: EngineResult) {
  return {
    digest: result.digest,
    rounding: result.rounding,
    ranking: result.lots.flatMap((l) =>
      l.ranking.map((r) => ({ lotKey: l.lotKey, bidId: r.bidId, rank: r.rank, total: r.total, winner: l.winner === r.bidId })),
    ),
    lots: result.lots,
    bids: result.bids,
  };
}
