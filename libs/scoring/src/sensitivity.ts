import { type Category, type CriterionInput, D, type Dec, type EngineInput, evaluateWithDetail, SCALE_MAX } from './engine.js';

/**
 * How safe is the winner? (Issue 5, item 4.) Two answers per lot, for the award page:
 *
 * - Pairwise, exact (decimal): for each pair of top-level criteria, the smallest
 *   transfer of weight from one to the other (in points of the 100) at which
 *   another bid draws level with the winner. A transfer of t points from i to j
 *   moves bid b's total by t × (b's share of j's points − b's share of i's points),
 *   so each bid's crossing point is one division.
 * - Monte Carlo, seeded: every weight in the tree (top level and below) is
 *   multiplied by 1 ± up to p%, independently, `samples` times; the share of
 *   samples in which the winner still has the highest total. This is an estimate,
 *   worked in binary floating point for speed (300 million multiply-adds for 500
 *   bids, 61 criteria and 10,000 samples); the scores themselves stay decimal.
 *   A draw counts as the winner staying, since the declared tie-breaks would decide it.
 *
 * Lots scored by price per quality point are ranked on a ratio, not a weighted
 * total; for them the analysis says so rather than guessing.
 */
export interface SensitivitySettings {
  samples: number;
  percent: string;
  seed: number;
}
export interface PairShift {
  /** The top-level criterion that gives weight, and the one that takes it. */
  from: string;
  to: string;
  /** Points of weight (out of 100) moved at which `newWinner` draws level; null when no transfer between these two changes the winner. */
  points: string | null;
  newWinner: string | null;
}
export interface LotSensitivity {
  lotKey: string;
  winner: string | null;
  applicable: boolean;
  reason: string | null;
  pairs: PairShift[];
  monteCarlo: { samples: number; percent: string; seed: number; winnerStays: string; otherWinners: { bidId: string; share: string }[] } | null;
}

interface Node {
  key: string;
  weight: number;
  parent: number;
  category: Category;
  scaleMax: number | null;
  leaf: boolean;
  top: number;
}

/** The criteria tree flattened parent-first, each node knowing its parent and its top-level ancestor. */
function flatten(criteria: CriterionInput[]): Node[] {
  const nodes: Node[] = [];
  const walk = (list: CriterionInput[], parent: number, category: Category | undefined, top: number) =>
    list.forEach((c) => {
      const cat = (c.category ?? category)!;
      const at =
        nodes.push({
          key: c.key,
          weight: Number(c.weight),
          parent,
          category: cat,
          scaleMax: cat === 'price' ? null : SCALE_MAX[c.scale ?? '0-5'],
          leaf: !c.children?.length,
          top: top < 0 ? nodes.length : top,
        }) - 1;
      if (c.children?.length) walk(c.children, at, cat, top < 0 ? at : top);
    });
  walk(criteria, -1, undefined, -1);
  return nodes;
}

/** mulberry32: a small, well-known seeded generator; the same seed gives the same samples on every machine. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const share = (count: number, of: number) => new D(count).div(of).toFixed(4);

export function sensitivity(input: EngineInput, settings: SensitivitySettings): LotSensitivity[] {
  const { detail } = evaluateWithDetail(input);
  const nodes = flatten(input.model.criteria);
  const leafIdx = nodes.flatMap((n, i) => (n.leaf ? [i] : []));
  const tops = nodes.flatMap((n, i) => (n.parent < 0 ? [i] : []));

  // Exact effective weights (shares of 100), as the engine reads them.
  const exact = new Array<Dec>(nodes.length);
  const siblingSum = (parent: number) => nodes.reduce((s, n) => (n.parent === parent ? s.plus(new D(n.weight)) : s), new D(0));
  nodes.forEach((n, i) => {
    const sum = siblingSum(n.parent);
    const above = n.parent < 0 ? new D(100) : exact[n.parent];
    exact[i] = sum.isZero() ? new D(0) : above.times(n.weight).div(sum);
  });

  return detail.map((lot) => {
    const winner = lot.ranked[0]?.bidId ?? null;
    const base = { lotKey: lot.lotKey, winner };
    if (lot.priceMethod === 'price_per_quality_point')
      return { ...base, applicable: false, reason: 'Ranked by price per quality point, not by a weighted total.', pairs: [], monteCarlo: null };
    if (lot.ranked.length < 2)
      return { ...base, applicable: false, reason: 'Fewer than two compliant bids: no other bid could win.', pairs: [], monteCarlo: null };

    // Each compliant bid's fraction of full marks on every leaf (price: the engine's price fraction).
    const fractionOf = (bidId: string, priceFraction: Dec) =>
      leafIdx.map((i) => {
        const n = nodes[i];
        if (n.scaleMax === null) return priceFraction;
        return new D(input.marks[bidId]?.[n.key] ?? 0).div(n.scaleMax);
      });
    const fractions = lot.ranked.map((b) => fractionOf(b.bidId, b.priceFraction));

    // Pairwise, exact: points per top-level criterion, as a share of that criterion's weight.
    const topOfLeaf = leafIdx.map((li) => tops.indexOf(nodes[li].top));
    const pointsShare = fractions.map((f) => {
      const points = tops.map(() => new D(0));
      f.forEach((x, k) => {
        points[topOfLeaf[k]] = points[topOfLeaf[k]].plus(exact[leafIdx[k]].times(x));
      });
      return points.map((pt, t) => (exact[tops[t]].isZero() ? new D(0) : pt.div(exact[tops[t]])));
    });
    const totals = lot.ranked.map((b) => b.total);
    const pairs: PairShift[] = [];
    for (let i = 0; i < tops.length; i++) {
      for (let j = i + 1; j < tops.length; j++) {
        let best: { points: Dec; newWinner: string; from: number; to: number } | null = null;
        for (let b = 1; b < lot.ranked.length; b++) {
          // Moving t points from i to j changes (b's total − the winner's) by t × slope.
          const slope = pointsShare[b][j].minus(pointsShare[b][i]).minus(pointsShare[0][j].minus(pointsShare[0][i]));
          if (slope.isZero()) continue;
          const gap = totals[0].minus(totals[b]);
          const t = gap.div(slope);
          // Positive t: weight moves from i to j, at most all of i's; negative: from j to i.
          const fits = t.gte(0) ? t.lte(exact[tops[i]]) : t.neg().lte(exact[tops[j]]);
          if (fits && (!best || t.abs().lt(best.points)))
            best = { points: t.abs(), newWinner: lot.ranked[b].bidId, from: t.gte(0) ? i : j, to: t.gte(0) ? j : i };
        }
        pairs.push(
          best
            ? { from: nodes[tops[best.from]].key, to: nodes[tops[best.to]].key, points: best.points.toFixed(6), newWinner: best.newWinner }
            : { from: nodes[tops[i]].key, to: nodes[tops[j]].key, points: null, newWinner: null },
        );
      }
    }

    // Monte Carlo, in floating point: a bids × leaves matrix of fractions, and a weight vector per sample.
    const B = lot.ranked.length;
    const L = leafIdx.length;
    const matrix = new Float64Array(B * L);
    fractions.forEach((f, b) =>
      f.forEach((x, k) => {
        matrix[b * L + k] = x.toNumber();
      }),
    );
    const next = random(settings.seed);
    const p = Number(settings.percent) / 100;
    const weights = new Float64Array(nodes.length);
    const effective = new Float64Array(nodes.length);
    const sums = new Float64Array(nodes.length + 1);
    const leafWeight = new Float64Array(L);
    const wins = new Map<number, number>();
    let stays = 0;
    for (let s = 0; s < settings.samples; s++) {
      sums.fill(0);
      for (let n = 0; n < nodes.length; n++) {
        weights[n] = nodes[n].weight * (1 + p * (2 * next() - 1));
        sums[nodes[n].parent + 1] += weights[n];
      }
      // Parents come before their children, so one pass gives every effective weight.
      for (let n = 0; n < nodes.length; n++) {
        const above = nodes[n].parent < 0 ? 1 : effective[nodes[n].parent];
        const sum = sums[nodes[n].parent + 1];
        effective[n] = sum > 0 ? (above * weights[n]) / sum : 0;
      }
      for (let k = 0; k < L; k++) leafWeight[k] = effective[leafIdx[k]];
      let best = -Infinity,
        bestBid = 0,
        winnerTotal = 0;
      for (let b = 0; b < B; b++) {
        let total = 0;
        const row = b * L;
        for (let k = 0; k < L; k++) total += matrix[row + k] * leafWeight[k];
        if (b === 0) winnerTotal = total;
        if (total > best) {
          best = total;
          bestBid = b;
        }
      }
      // A draw (within rounding noise) leaves the winner in place: the tie-breaks would decide it.
      if (best - winnerTotal <= 1e-12) stays++;
      else wins.set(bestBid, (wins.get(bestBid) ?? 0) + 1);
    }
    const otherWinners = [...wins.entries()]
      .sort((a, b) => b[1] - a[1] || a[0] - b[0])
      .map(([b, n]) => ({ bidId: lot.ranked[b].bidId, share: share(n, settings.samples) }));
    return {
      ...base,
      applicable: true,
      reason: null,
      pairs,
      monteCarlo: { samples: settings.samples, percent: settings.percent, seed: settings.seed, winnerStays: share(stays, settings.samples), otherWinners },
    };
  });
}
