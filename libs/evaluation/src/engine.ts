import { Decimal } from 'decimal.js';
import { contentHash } from './canonical-json.js';
import { GREEN_BOOK, presentValue, type RateBand } from './discounting.js';

/**
 * The scoring engine (DOMAIN.md section 4). Pure: no framework, no database.
 * Given the frozen model, the bids and the consensus marks, it works out every
 * bid's scores, exclusions, flags and rank, and a digest of what went in and
 * came out, so anyone holding the same inputs gets the same result.
 *
 * Arithmetic is decimal (decimal.js, 40 significant digits). Ranks are decided
 * on unrounded values; numbers in the result are written to 6 decimal places,
 * rounding half up (the rounding rule is part of the result: `rounding`).
 */
const D = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP });
type Dec = InstanceType<typeof D>;
const PLACES = 6;
const out = (d: Dec) => d.toFixed(PLACES);

export type Category = 'price' | 'quality' | 'social_value' | 'public_character';
export type PriceMethod = 'relative_to_lowest' | 'linear_deviation' | 'benchmark' | 'price_per_quality_point' | 'whole_life_cost';
export type TieBreak = 'higher_quality' | 'lower_price' | 'higher_social_value' | 'higher_public_character';

export interface CriterionInput {
  key: string;
  weight: string;
  category?: Category;
  scale?: '0-5' | '0-10' | '0-100';
  minimumScore?: number | null;
  children?: CriterionInput[];
}
export interface LotInput { key: string; priceMethod: PriceMethod; benchmark?: { floor: string; ceiling: string } | null }
export interface ModelInput { lots: LotInput[]; criteria: CriterionInput[]; tieBreak: TieBreak[] }
export interface BidInput { bidId: string; lotKey: string; price: string; costProfile?: { year: number; amount: string }[] | null }

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
}

export interface CriterionResult { key: string; category: Category; raw: number | null; weighted: string; contribution: string }
export interface BidResult {
  bidId: string;
  lotKey: string;
  /** The price scored: the price, or for whole-life cost the discounted cost profile. */
  priceBasis: string;
  priceScore: string;
  criteria: CriterionResult[];
  categories: Record<Category, string>;
  total: string;
  /** Price per quality point lots only: price ÷ quality points (lower is better). */
  pricePerQualityPoint: string | null;
  excludedBy: { criterion: string; mark: number; minimum: number }[];
  flags: string[];
  rank: number | null;
}
export interface LotResult { lotKey: string; ranking: { bidId: string; rank: number; total: string }[]; winner: string | null }
export interface EngineResult { rounding: string; lots: LotResult[]; bids: BidResult[]; digest: string }

interface Leaf { key: string; category: Category; effective: Dec; scaleMax: number | null; minimum: number | null; perPoint: Dec }

const SCALE_MAX: Record<string, number> = { '0-5': 5, '0-10': 10, '0-100': 100 };

/**
 * Every leaf with its weight as a share of the whole. Weights are read as
 * shares of their siblings' sum (100 in a valid model), so scaling a level's
 * weights by any constant changes nothing.
 */
function leaves(criteria: CriterionInput[]): Leaf[] {
  const found: Leaf[] = [];
  const walk = (list: CriterionInput[], share: Dec, category: Category | undefined) => list.forEach((c) => {
    const siblings = list.reduce((sum, x) => sum.plus(new D(x.weight)), new D(0));
    const s = siblings.isZero() ? new D(0) : share.times(new D(c.weight)).div(siblings);
    const cat = (c.category ?? category)!;
    if (c.children?.length) walk(c.children, s, cat);
    else {
      const scaleMax = cat === 'price' ? null : SCALE_MAX[c.scale ?? '0-5'];
      // What one point of the mark is worth in the total: worked out once per criterion, not once per bid.
      found.push({ key: c.key, category: cat, effective: s.times(100), scaleMax, minimum: c.minimumScore ?? null, perPoint: scaleMax ? s.times(100).div(scaleMax) : new D(0) });
    }
  });
  walk(criteria, new D(1), undefined);
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
  higher_quality: 'quality', lower_price: 'basis', higher_social_value: 'social_value', higher_public_character: 'public_character',
};

export function evaluate(input: EngineInput): EngineResult {
  const schedule = input.policy.discountSchedule ?? GREEN_BOOK;
  const all = leaves(input.model.criteria);
  const priceWeight = all.filter((l) => l.category === 'price').reduce((s, l) => s.plus(l.effective), new D(0));
  const marked = all.filter((l) => l.category !== 'price');
  const results: BidResult[] = [];
  const lots: LotResult[] = [];

  // Lots in the model's order, bids by id: the order the bids were given in never matters.
  for (const lot of input.model.lots) {
    const bids = input.bids.filter((b) => b.lotKey === lot.key).slice().sort((a, b) => (a.bidId < b.bidId ? -1 : a.bidId > b.bidId ? 1 : 0));
    const work = bids.map((b) => {
      const marks = input.marks[b.bidId] ?? {};
      const basis = lot.priceMethod === 'whole_life_cost' ? presentValue(b.costProfile ?? [], schedule) : new D(b.price);
      const excludedBy = marked.flatMap((l) => {
        const m = marks[l.key];
        return l.minimum !== null && (m === undefined || m < l.minimum) ? [{ criterion: l.key, mark: m ?? 0, minimum: l.minimum }] : [];
      });
      const criteria = marked.map((l) => {
        const raw = marks[l.key] ?? 0;
        const weighted = l.perPoint.times(raw);
        return { leaf: l, raw: marks[l.key] ?? null, weighted };
      });
      return { bid: b, basis: new D(basis), excludedBy, criteria };
    });
    const compliant = work.filter((w) => w.excludedBy.length === 0);
    const lowest = compliant.length ? D.min(...compliant.map((w) => w.basis)) : new D(0);

    const scored = work.map((w) => {
      const byCategory: Record<Category, Dec> = { price: new D(0), quality: new D(0), social_value: new D(0), public_character: new D(0) };
      w.criteria.forEach((c) => { byCategory[c.leaf.category] = byCategory[c.leaf.category].plus(c.weighted); });
      const priceScore = priceFraction(lot.priceMethod, w.basis, lowest, lot).times(priceWeight);
      byCategory.price = priceScore;
      const total = Object.values(byCategory).reduce((s, v) => s.plus(v), new D(0));
      const qualityPoints = total.minus(priceScore);
      const ppqp = lot.priceMethod === 'price_per_quality_point' ? (qualityPoints.isZero() ? null : w.basis.div(qualityPoints)) : null;
      return { ...w, byCategory, priceScore, total, ppqp };
    });

    // Abnormally low (policy thresholds), among the compliant bids of the lot.
    const flags = new Map<string, string[]>(scored.map((s) => [s.bid.bidId, []]));
    const meanPct = new D(input.policy.abnormallyLow.belowMeanOfOthersPercent).div(100);
    const nextPct = new D(input.policy.abnormallyLow.belowNextLowestPercent).div(100);
    const ok = scored.filter((s) => s.excludedBy.length === 0);
    // One pass for the sum (the mean of the others is the sum without this bid) and one sort for "the next lowest".
    const sum = ok.reduce((t, o) => t.plus(o.basis), new D(0));
    const ascending = ok.slice().sort((a, b) => a.basis.cmp(b.basis));
    ascending.forEach((s, i) => {
      if (ok.length < 2) return;
      const mean = sum.minus(s.basis).div(ok.length - 1);
      if (s.basis.lte(mean.times(new D(1).minus(meanPct)))) flags.get(s.bid.bidId)!.push('abnormally-low:mean-of-others');
      // The next bid up (an equal price counts: it is then not "below" it).
      const next = ascending[i + 1] ?? (i > 0 && ascending[i - 1].basis.eq(s.basis) ? ascending[i - 1] : undefined);
      if (next && s.basis.lte(next.basis.times(new D(1).minus(nextPct)))) flags.get(s.bid.bidId)!.push('abnormally-low:next-lowest');
    });

    // Evaluator variance: the spread of the independent marks against the policy's threshold, on each criterion's own scale.
    const variance = input.policy.evaluatorVariance;
    if (variance && input.independentMarks) {
      const policyMax = SCALE_MAX[variance.scale];
      for (const s of scored) {
        const byCriterion = input.independentMarks[s.bid.bidId] ?? {};
        for (const l of marked) {
          const list = byCriterion[l.key] ?? [];
          if (list.length < 2) continue;
          const spread = Math.max(...list) - Math.min(...list);
          if (new D(spread).gte(new D(variance.points).times(l.scaleMax!).div(policyMax))) flags.get(s.bid.bidId)!.push(`evaluator-variance:${l.key}`);
        }
      }
    }

    // Rank the compliant bids: the total (or price per quality point), then the declared tie-break rules.
    const keyOf = (s: (typeof scored)[number], rule: TieBreak) => (CATEGORY_OF_TIE[rule] === 'basis' ? s.basis.neg() : s.byCategory[CATEGORY_OF_TIE[rule] as Category]);
    const primary = (s: (typeof scored)[number]) => (lot.priceMethod === 'price_per_quality_point' ? (s.ppqp ? s.ppqp.neg() : new D(-Infinity)) : s.total);
    const order = ok.slice().sort((a, b) => {
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
        flags.get(s.bid.bidId)!.push('tie-unbroken');
        flags.get(prev.bid.bidId)!.includes('tie-unbroken') || flags.get(prev.bid.bidId)!.push('tie-unbroken');
      }
    });
    const rankOf = new Map(order.map((s, i) => [s.bid.bidId, i + 1]));

    for (const s of scored) {
      results.push({
        bidId: s.bid.bidId, lotKey: lot.key, priceBasis: out(s.basis), priceScore: out(s.priceScore),
        criteria: s.criteria.map((c) => ({ key: c.leaf.key, category: c.leaf.category, raw: c.raw, weighted: out(c.weighted), contribution: out(c.weighted) })),
        categories: { price: out(s.byCategory.price), quality: out(s.byCategory.quality), social_value: out(s.byCategory.social_value), public_character: out(s.byCategory.public_character) },
        total: out(s.total), pricePerQualityPoint: s.ppqp ? out(s.ppqp) : null,
        excludedBy: s.excludedBy, flags: flags.get(s.bid.bidId)!, rank: rankOf.get(s.bid.bidId) ?? null,
      });
    }
    lots.push({
      lotKey: lot.key,
      ranking: order.map((s, i) => ({ bidId: s.bid.bidId, rank: i + 1, total: out(s.total) })),
      winner: order[0]?.bid.bidId ?? null,
    });
  }
  const body = { rounding: `decimal, ranks on unrounded values; shown to ${PLACES} places, half up`, lots, bids: results };
  return { ...body, digest: contentHash({ input, result: body }) };
}
