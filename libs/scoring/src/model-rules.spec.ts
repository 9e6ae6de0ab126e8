import type { EngineInput } from './engine.js';
import { engineInputProblems } from './model-rules.js';

/** A valid input: price 40; quality 60 in two halves on 0-5 (the second with a minimum of 2); two bids in one lot. */
const valid = (): EngineInput => ({
  model: {
    lots: [{ key: 'lot-1', priceMethod: 'relative_to_lowest', benchmark: null }],
    criteria: [
      { key: 'price', weight: '40', category: 'price' },
      {
        key: 'quality',
        weight: '60',
        category: 'quality',
        children: [
          { key: 'q1', weight: '50', scale: '0-5' },
          { key: 'q2', weight: '50', scale: '0-10', minimumScore: 2 },
        ],
      },
    ],
    tieBreak: ['higher_quality'],
  },
  bids: [
    { bidId: 'a', lotKey: 'lot-1', price: '100000' },
    { bidId: 'b', lotKey: 'lot-1', price: '90000' },
  ],
  marks: { a: { q1: 4, q2: 7 }, b: { q1: 5, q2: 10 } },
  policy: { abnormallyLow: { belowMeanOfOthersPercent: '40', belowNextLowestPercent: '30' }, evaluatorVariance: { points: '2', scale: '0-5' } },
});
const problems = (change: (i: EngineInput) => void, options?: { complete?: boolean }) => {
  const i = valid();
  change(i);
  return engineInputProblems(i, '/engine', options);
};

describe('the evaluation model’s rules, as the offline recomputation checks them', () => {
  it('finds nothing wrong with a valid input', () => {
    expect(engineInputProblems(valid())).toEqual([]);
  });

  it('refuses marks outside their scale, for criteria the model lacks, or for bids it lacks', () => {
    expect(problems((i) => (i.marks.a.q1 = 6))).toEqual([{ at: '/engine/marks/a/q1', message: "the mark 6 is outside q1's scale of 0 to 5" }]);
    expect(problems((i) => (i.marks.a.q2 = 11))).toEqual([{ at: '/engine/marks/a/q2', message: "the mark 11 is outside q2's scale of 0 to 10" }]);
    expect(problems((i) => (i.marks.b.price = 3))).toEqual([{ at: '/engine/marks/b/price', message: 'price is not a marked criterion of the model' }]);
    expect(problems((i) => (i.marks.b.q9 = 3))).toEqual([{ at: '/engine/marks/b/q9', message: 'q9 is not a marked criterion of the model' }]);
    expect(problems((i) => (i.marks.z = { q1: 1 }))).toEqual([{ at: '/engine/marks/z', message: 'marks are given for bid z, which is not among the bids' }]);
    expect(problems((i) => (i.independentMarks = { a: { q1: [3, 9] } }))).toEqual([
      { at: '/engine/independentMarks/a/q1/1', message: "the mark 9 is outside q1's scale of 0 to 5" },
    ]);
  });

  it('refuses a missing consensus mark, except for a bid excluded before scoring or rejected; a provisional check allows gaps', () => {
    expect(problems((i) => delete i.marks.b.q2)).toEqual([{ at: '/engine/marks/b/q2', message: 'bid b has no consensus mark for q2' }]);
    expect(problems((i) => delete i.marks.b)).toHaveLength(2);
    expect(problems((i) => ((i.exclusions = { b: [{ rule: 'gate', detail: 'x' }] }), delete i.marks.b))).toEqual([]);
    expect(problems((i) => ((i.bids[1].rejected = 'too low'), delete i.marks.b))).toEqual([]);
    expect(problems((i) => delete i.marks.b.q2, { complete: false })).toEqual([]);
  });

  it('refuses weights that are not positive or do not add up to 100 at each level, duplicate keys and a top level without a category', () => {
    expect(problems((i) => (i.model.criteria[1].children![1].weight = '49.5'))).toEqual([
      { at: '/engine/model/criteria/1/children', message: 'the weights at this level add up to 99.5, not 100' },
    ]);
    expect(problems((i) => ((i.model.criteria[0].weight = '0'), (i.model.criteria[1].weight = '100')))).toEqual([
      { at: '/engine/model/criteria/0/weight', message: 'the weight of price must be more than 0' },
    ]);
    expect(problems((i) => (i.model.criteria[1].children![1].key = 'q1'))).toContainEqual({
      at: '/engine/model/criteria/1/children/1/key',
      message: 'the criterion key q1 is used twice',
    });
    expect(problems((i) => delete i.model.criteria[1].category)).toContainEqual({
      at: '/engine/model/criteria/1/category',
      message: 'the top-level criterion quality needs a category (price, quality, social_value or public_character)',
    });
    expect(problems((i) => (i.model.criteria[1].children![1].minimumScore = 11))).toEqual([
      { at: '/engine/model/criteria/1/children/1/minimumScore', message: "the minimum acceptable mark 11 is above the top of q2's scale (10)" },
    ]);
  });

  it('refuses prices that are not positive, duplicate bid ids and a bid in a lot the model lacks', () => {
    expect(problems((i) => (i.bids[0].price = '0'))).toEqual([{ at: '/engine/bids/0/price', message: "bid a's price must be more than 0" }]);
    expect(problems((i) => (i.bids[1].price = '-5.00'))).toEqual([{ at: '/engine/bids/1/price', message: "bid b's price must be more than 0" }]);
    expect(problems((i) => (i.bids[1].bidId = 'a'))).toContainEqual({ at: '/engine/bids/1/bidId', message: 'the bid id a is used twice' });
    expect(problems((i) => (i.bids[1].lotKey = 'lot-9'))).toEqual([
      { at: '/engine/bids/1/lotKey', message: 'bid b is in lot lot-9, which the model does not have' },
    ]);
  });

  it('refuses a whole-life cost bid without its cost profile, and a benchmark lot without a floor below its ceiling', () => {
    const wlc = (i: EngineInput) => (i.model.lots[0].priceMethod = 'whole_life_cost');
    expect(problems((i) => (wlc(i), (i.bids[0].costProfile = [{ year: 1, amount: '100' }])))).toEqual([
      { at: '/engine/bids/1/costProfile', message: 'bid b is in a whole-life cost lot but has no cost profile' },
    ]);
    const bench = (i: EngineInput, b: { floor: string; ceiling: string } | null) => {
      i.model.lots[0].priceMethod = 'benchmark';
      i.model.lots[0].benchmark = b;
    };
    expect(problems((i) => bench(i, null))).toEqual([
      { at: '/engine/model/lots/0/benchmark', message: 'lot lot-1 is priced against a benchmark but has no floor and ceiling' },
    ]);
    expect(problems((i) => bench(i, { floor: '100', ceiling: '100' }))).toEqual([
      { at: '/engine/model/lots/0/benchmark', message: "lot lot-1's floor (100) must be below its ceiling (100)" },
    ]);
    expect(problems((i) => bench(i, { floor: '80000', ceiling: '120000' }))).toEqual([]);
  });

  it('refuses negative thresholds', () => {
    expect(problems((i) => (i.policy.abnormallyLow.belowNextLowestPercent = '-1'))).toEqual([
      { at: '/engine/policy/abnormallyLow/belowNextLowestPercent', message: 'belowNextLowestPercent must be a percentage from 0 to 100' },
    ]);
    expect(problems((i) => (i.policy.evaluatorVariance!.points = '-2'))).toEqual([
      { at: '/engine/policy/evaluatorVariance/points', message: 'the variance threshold must not be negative' },
    ]);
    expect(problems((i) => (i.policy.discountSchedule = [{ fromYear: 0, ratePercent: '-3.5' }]))).toEqual([
      { at: '/engine/policy/discountSchedule/0/ratePercent', message: 'a discount rate must not be negative' },
    ]);
  });
});
