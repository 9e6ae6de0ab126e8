import { Decimal } from 'decimal.js';
import type { CriterionInput, EngineInput } from './engine.js';

/** One broken rule, where it is (a JSON pointer into the bundle) and why, in words an auditor can act on. */
export interface RuleProblem {
  at: string;
  message: string;
}

const SCALE_MAX: Record<string, number> = { '0-5': 5, '0-10': 10, '0-100': 100 };
const HUNDRED = new Decimal(100);
const pointer = (...parts: (string | number)[]) => `/${parts.map((p) => String(p).replace(/~/g, '~0').replace(/\//g, '~1')).join('/')}`;

/**
 * The model's rules (docs/domain.md, section 4), checked on an engine input that already has the bundle's
 * shape (the schema): what the schema alone cannot say. The offline recomputation refuses a bundle that
 * breaks any of them, naming each place, rather than print a result nobody could have reached: an auditor
 * must be able to trust that what the tool prints follows the rules the API follows.
 *
 * `complete` (the default) asks for a consensus mark on every marked criterion of every bid that is
 * scored; a provisional result, worked out while moderation goes on, has gaps by design.
 */
export function engineInputProblems(input: EngineInput, base = '/engine', options: { complete?: boolean } = {}): RuleProblem[] {
  const complete = options.complete ?? true;
  const problems: RuleProblem[] = [];
  const at = (...parts: (string | number)[]) => `${base}${pointer(...parts)}`;
  const add = (where: string, message: string) => problems.push({ at: where, message });

  // The criteria: weights positive and summing to 100 among siblings; keys unique; a category at the top;
  // gates within their scale.
  const marked = new Map<string, { scaleMax: number; place: string }>();
  const keys = new Set<string>();
  const walk = (list: CriterionInput[], path: (string | number)[], inherited: string | undefined) => {
    let sum = new Decimal(0);
    list.forEach((c, i) => {
      const place = [...path, i];
      const weight = new Decimal(c.weight);
      if (weight.lte(0)) add(at(...place, 'weight'), `the weight of ${c.key} must be more than 0`);
      sum = sum.plus(weight);
      if (keys.has(c.key)) add(at(...place, 'key'), `the criterion key ${c.key} is used twice`);
      keys.add(c.key);
      const category = c.category ?? inherited;
      if (!category) add(at(...place, 'category'), `the top-level criterion ${c.key} needs a category (price, quality, social_value or public_character)`);
      if (inherited && c.category && c.category !== inherited)
        add(at(...place, 'category'), `${c.key} is under a ${inherited} criterion but says it is ${c.category}`);
      if (c.children?.length) walk(c.children, [...place, 'children'], category);
      else if (category && category !== 'price') {
        const scaleMax = SCALE_MAX[c.scale ?? '0-5'];
        marked.set(c.key, { scaleMax, place: at(...place) });
        if (c.minimumScore != null && c.minimumScore > scaleMax)
          add(at(...place, 'minimumScore'), `the minimum acceptable mark ${c.minimumScore} is above the top of ${c.key}'s scale (${scaleMax})`);
      }
    });
    if (list.length && !sum.eq(HUNDRED)) add(at(...path), `the weights at this level add up to ${sum.toString()}, not 100`);
  };
  walk(input.model.criteria, ['model', 'criteria'], undefined);

  // The lots: keys unique; a benchmark lot has a floor below its ceiling.
  const lots = new Map<string, string>();
  input.model.lots.forEach((lot, i) => {
    if (lots.has(lot.key)) add(at('model', 'lots', i, 'key'), `the lot key ${lot.key} is used twice`);
    lots.set(lot.key, lot.priceMethod);
    if (lot.priceMethod === 'benchmark') {
      if (!lot.benchmark) add(at('model', 'lots', i, 'benchmark'), `lot ${lot.key} is priced against a benchmark but has no floor and ceiling`);
      else {
        if (new Decimal(lot.benchmark.floor).lt(0)) add(at('model', 'lots', i, 'benchmark', 'floor'), 'the floor price must not be negative');
        if (!new Decimal(lot.benchmark.floor).lt(lot.benchmark.ceiling))
          add(at('model', 'lots', i, 'benchmark'), `lot ${lot.key}'s floor (${lot.benchmark.floor}) must be below its ceiling (${lot.benchmark.ceiling})`);
      }
    }
    if (lot.estimatedValue != null && new Decimal(lot.estimatedValue).lt(0))
      add(at('model', 'lots', i, 'estimatedValue'), 'the estimated value must not be negative');
  });

  // The bids: ids unique, each in a lot the model has, priced above zero; a whole-life cost bid has its cost profile.
  const bids = new Set<string>();
  input.bids.forEach((b, i) => {
    if (bids.has(b.bidId)) add(at('bids', i, 'bidId'), `the bid id ${b.bidId} is used twice`);
    bids.add(b.bidId);
    const method = lots.get(b.lotKey);
    if (!method) add(at('bids', i, 'lotKey'), `bid ${b.bidId} is in lot ${b.lotKey}, which the model does not have`);
    if (!new Decimal(b.price).gt(0)) add(at('bids', i, 'price'), `bid ${b.bidId}'s price must be more than 0`);
    if (method === 'whole_life_cost') {
      if (!b.costProfile?.length) add(at('bids', i, 'costProfile'), `bid ${b.bidId} is in a whole-life cost lot but has no cost profile`);
      b.costProfile?.forEach((line, j) => {
        if (new Decimal(line.amount).lt(0)) add(at('bids', i, 'costProfile', j, 'amount'), 'a cost in the profile must not be negative');
      });
    }
  });

  // The marks: only for bids and marked criteria the bundle has, each within its criterion's scale; every
  // scored bid marked on every marked criterion.
  for (const [bidId, marks] of Object.entries(input.marks)) {
    if (!bids.has(bidId)) add(at('marks', bidId), `marks are given for bid ${bidId}, which is not among the bids`);
    for (const [key, mark] of Object.entries(marks)) {
      const criterion = marked.get(key);
      if (!criterion) add(at('marks', bidId, key), `${key} is not a marked criterion of the model`);
      else if (mark < 0 || mark > criterion.scaleMax) add(at('marks', bidId, key), `the mark ${mark} is outside ${key}'s scale of 0 to ${criterion.scaleMax}`);
    }
  }
  for (const [bidId, marks] of Object.entries(input.independentMarks ?? {})) {
    if (!bids.has(bidId)) add(at('independentMarks', bidId), `marks are given for bid ${bidId}, which is not among the bids`);
    for (const [key, list] of Object.entries(marks)) {
      const criterion = marked.get(key);
      if (!criterion) add(at('independentMarks', bidId, key), `${key} is not a marked criterion of the model`);
      else
        list.forEach((mark, j) => {
          if (mark > criterion.scaleMax) add(at('independentMarks', bidId, key, j), `the mark ${mark} is outside ${key}'s scale of 0 to ${criterion.scaleMax}`);
        });
    }
  }
  for (const bidId of Object.keys(input.exclusions ?? {}))
    if (!bids.has(bidId)) add(at('exclusions', bidId), `an exclusion is declared for bid ${bidId}, which is not among the bids`);
  if (complete)
    input.bids.forEach((b) => {
      // A bid excluded before scoring, or rejected after clarifying its price, is not scored: it needs no marks.
      if (input.exclusions?.[b.bidId]?.length || b.rejected) return;
      for (const key of marked.keys())
        if (input.marks[b.bidId]?.[key] === undefined) add(at('marks', b.bidId, key), `bid ${b.bidId} has no consensus mark for ${key}`);
    });

  // The policy's thresholds are not negative.
  const { abnormallyLow, evaluatorVariance, discountSchedule } = input.policy;
  for (const name of ['belowMeanOfOthersPercent', 'belowNextLowestPercent'] as const) {
    const v = new Decimal(abnormallyLow[name]);
    if (v.lt(0) || v.gt(100)) add(at('policy', 'abnormallyLow', name), `${name} must be a percentage from 0 to 100`);
  }
  if (evaluatorVariance && new Decimal(evaluatorVariance.points).lt(0))
    add(at('policy', 'evaluatorVariance', 'points'), 'the variance threshold must not be negative');
  discountSchedule?.forEach((band, i) => {
    if (new Decimal(band.ratePercent).lt(0)) add(at('policy', 'discountSchedule', i, 'ratePercent'), 'a discount rate must not be negative');
  });
  return problems;
}
