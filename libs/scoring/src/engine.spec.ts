import fc from 'fast-check';
import { discountFactor, presentValue } from '#kernel';
import { type EngineInput, evaluate, type ModelInput, type PriceMethod } from './engine.js';

/** Price 40; quality 30 (two halves, the second with a minimum of 2); social value 20; public character 10. */
const model = (priceMethod: PriceMethod = 'relative_to_lowest', benchmark: { floor: string; ceiling: string } | null = null): ModelInput => ({
  lots: [{ key: 'lot-1', priceMethod, benchmark }],
  criteria: [
    { key: 'price', weight: '40', category: 'price' },
    {
      key: 'quality',
      weight: '30',
      category: 'quality',
      children: [
        { key: 'q1', weight: '50', scale: '0-5' },
        { key: 'q2', weight: '50', scale: '0-5', minimumScore: 2 },
      ],
    },
    { key: 'social-value', weight: '20', category: 'social_value', children: [{ key: 'sv1', weight: '100', scale: '0-5' }] },
    { key: 'public-character', weight: '10', category: 'public_character', children: [{ key: 'pc1', weight: '100', scale: '0-5' }] },
  ],
  tieBreak: ['higher_quality', 'lower_price'],
});
const policy = { abnormallyLow: { belowMeanOfOthersPercent: '40', belowNextLowestPercent: '30' } };
const input = (over: Partial<EngineInput> = {}): EngineInput => ({
  model: model(),
  bids: [
    { bidId: 'a', lotKey: 'lot-1', price: '100000' },
    { bidId: 'b', lotKey: 'lot-1', price: '80000' },
    { bidId: 'c', lotKey: 'lot-1', price: '60000' },
  ],
  marks: {
    a: { q1: 4, q2: 3, sv1: 5, pc1: 2 },
    b: { q1: 3, q2: 3, sv1: 3, pc1: 4 },
    c: { q1: 5, q2: 1, sv1: 5, pc1: 5 },
  },
  policy,
  ...over,
});
const bid = (r: ReturnType<typeof evaluate>, id: string) => r.bids.find((b) => b.bidId === id)!;

describe('the scoring engine: worked examples, computed by hand', () => {
  it('relative to lowest: scores, the exclusion gate, ranks and the winner', () => {
    const r = evaluate(input());
    // c's q2 of 1 is under the declared minimum 2: excluded, so the lowest compliant price is b's 80,000. c was never
    // compared on price (80,000 / 60,000 x 40 would be 53.33, above the price criterion's 40): no price score, no total.
    expect(bid(r, 'c')).toMatchObject({ excludedBy: [{ criterion: 'q2', mark: 1, minimum: 2 }], rank: null, priceScore: null, total: null });
    expect(bid(r, 'c').categories).toMatchObject({ price: null, quality: '18.000000' }); // 5/5 x 15 + 1/5 x 15
    // a: price 80000/100000 x 40 = 32; quality 4/5 x 15 + 3/5 x 15 = 21; social value 20; public character 2/5 x 10 = 4.
    expect(bid(r, 'a')).toMatchObject({
      priceScore: '32.000000',
      categories: { price: '32.000000', quality: '21.000000', social_value: '20.000000', public_character: '4.000000' },
      total: '77.000000',
    });
    // b: 40 + 18 + 12 + 8.
    expect(bid(r, 'b').total).toBe('78.000000');
    expect(r.lots).toEqual([
      {
        lotKey: 'lot-1',
        winner: 'b',
        ranking: [
          { bidId: 'b', rank: 1, total: '78.000000' },
          { bidId: 'a', rank: 2, total: '77.000000' },
        ],
        passedOver: [],
      },
    ]);
    expect(bid(r, 'a').criteria.find((c) => c.key === 'q1')).toEqual({
      key: 'q1',
      category: 'quality',
      raw: 4,
      weighted: '40.000000',
      contribution: '12.000000',
    }); // 4/5 of q1's 50 within quality; 4/5 of its 15 in the total
  });

  it('a half mark counts exactly, beside whole marks in the same category', () => {
    const r = evaluate(input({ marks: { a: { q1: 3.5, q2: 3, sv1: 5, pc1: 2 }, b: { q1: 3, q2: 3, sv1: 3, pc1: 4 }, c: { q1: 5, q2: 1, sv1: 5, pc1: 5 } } }));
    // a's quality: 3.5/5 x 15 + 3/5 x 15 = 10.5 + 9 = 19.5.
    expect(bid(r, 'a').categories.quality).toBe('19.500000');
    expect(bid(r, 'a').criteria.find((c) => c.key === 'q1')).toMatchObject({ raw: 3.5, weighted: '35.000000', contribution: '10.500000' });
  });

  it('a bid rejected after clarifying its abnormally low price keeps its flag, sets no baseline and is not ranked', () => {
    // c passes the gates here (q2 of 2) at 30,000: under 70% of b's 80,000 and 60% of the mean of the others (90,000).
    const base = input({
      bids: [
        { bidId: 'a', lotKey: 'lot-1', price: '100000' },
        { bidId: 'b', lotKey: 'lot-1', price: '80000' },
        { bidId: 'c', lotKey: 'lot-1', price: '30000', rejected: 'Staffing costs below the National Living Wage' },
      ],
    });
    base.marks.c = { q1: 5, q2: 2, sv1: 5, pc1: 5 };
    const r = evaluate(base);
    expect(bid(r, 'c')).toMatchObject({
      rank: null,
      rejected: 'Staffing costs below the National Living Wage',
      flags: ['abnormally-low:mean-of-others', 'abnormally-low:next-lowest'],
    });
    // The lowest price that counts is b's 80,000, as if c had not bid.
    expect(bid(r, 'b').priceScore).toBe('40.000000');
    expect(r.lots[0].ranking.map((x) => x.bidId)).toEqual(['b', 'a']);
  });

  it('a bid excluded before scoring (a public character gate) is not ranked, sets no baseline and says why', () => {
    const base = input({ exclusions: { b: [{ rule: 'public-character-gate', detail: 'Values: verified level 1, below the minimum of 2' }] } });
    base.marks.c = { q1: 5, q2: 2, sv1: 5, pc1: 5 };
    const r = evaluate(base);
    expect(bid(r, 'b')).toMatchObject({
      rank: null,
      excludedBy: [],
      excludedFor: [{ rule: 'public-character-gate', detail: 'Values: verified level 1, below the minimum of 2' }],
    });
    // The lowest price that counts is c's 60,000 (b's 80,000 would not have set it anyway); a's price score is 60/100 x 40 = 24.
    expect(bid(r, 'a').priceScore).toBe('24.000000');
    expect(r.lots[0].ranking.map((x) => x.bidId)).toEqual(['c', 'a']);
    expect(bid(r, 'a').excludedFor).toEqual([]);
    // Declared exclusions are inputs: the digest covers them.
    expect(r.digest).not.toBe(evaluate({ ...base, exclusions: {} }).digest);
  });

  it('a lot cap: lots awarded in the declared order, each to the best-ranked bid whose supplier is under the cap', () => {
    // Supplier s ranks first on all three lots (better marks, same price); t second; cap of one lot each.
    const lots = ['north', 'centre', 'south'];
    const base = input();
    const m = {
      ...base.model,
      lots: lots.map((key, i) => ({ key, priceMethod: 'relative_to_lowest' as const, estimatedValue: ['100000', '250000', '400000'][i] })),
    };
    const bids = lots.flatMap((lot) => [
      { bidId: `s-${lot}`, lotKey: lot, price: '90000', supplierId: 's' },
      { bidId: `t-${lot}`, lotKey: lot, price: '90000', supplierId: 't' },
      { bidId: `u-${lot}`, lotKey: lot, price: '90000', supplierId: 'u' },
    ]);
    const marks = Object.fromEntries(bids.map((b) => [b.bidId, { q1: 5, q2: b.supplierId === 's' ? 5 : b.supplierId === 't' ? 4 : 3, sv1: 3, pc1: 3 }]));
    const inOrder = evaluate({ ...base, model: { ...m, lotCap: { maxLotsPerSupplier: 1, order: 'model_order' } }, bids, marks });
    expect(inOrder.lots.map((l) => l.winner)).toEqual(['s-north', 't-centre', 'u-south']);
    expect(inOrder.lots[2].passedOver).toEqual([
      { bidId: 's-south', rule: 'lot-cap' },
      { bidId: 't-south', rule: 'lot-cap' },
    ]);
    expect(bid(inOrder, 's-south')).toMatchObject({ rank: 1, flags: ['passed-over:lot-cap'] });
    const byValue = evaluate({ ...base, model: { ...m, lotCap: { maxLotsPerSupplier: 1, order: 'highest_value_first' } }, bids, marks });
    expect(byValue.lots.map((l) => l.winner)).toEqual(['u-north', 't-centre', 's-south']);
    const two = evaluate({ ...base, model: { ...m, lotCap: { maxLotsPerSupplier: 2, order: 'model_order' } }, bids, marks });
    expect(two.lots.map((l) => l.winner)).toEqual(['s-north', 's-centre', 't-south']);
  });

  it('linear deviation, floored at 0', () => {
    const r = evaluate(
      input({
        model: model('linear_deviation'),
        bids: [
          { bidId: 'a', lotKey: 'lot-1', price: '100000' },
          { bidId: 'b', lotKey: 'lot-1', price: '80000' },
          { bidId: 'd', lotKey: 'lot-1', price: '200000' },
        ],
        marks: { a: { q2: 3 }, b: { q2: 3 }, d: { q2: 3 } },
      }),
    );
    expect([bid(r, 'b').priceScore, bid(r, 'a').priceScore, bid(r, 'd').priceScore]).toEqual(['40.000000', '30.000000', '0.000000']); // 1 - 20000/80000 = 0.75
  });

  it('against a benchmark: full marks at the floor, none at the ceiling, linear between', () => {
    const m = model('benchmark', { floor: '70000', ceiling: '120000' });
    const r = evaluate(
      input({
        model: m,
        bids: [
          { bidId: 'a', lotKey: 'lot-1', price: '100000' },
          { bidId: 'b', lotKey: 'lot-1', price: '60000' },
          { bidId: 'd', lotKey: 'lot-1', price: '130000' },
        ],
        marks: { a: { q2: 3 }, b: { q2: 3 }, d: { q2: 3 } },
      }),
    );
    expect([bid(r, 'a').priceScore, bid(r, 'b').priceScore, bid(r, 'd').priceScore]).toEqual(['16.000000', '40.000000', '0.000000']); // (120000 - 100000) / 50000 x 40
  });

  it('price per quality point: price over quality points, the lowest wins, price carries no weight', () => {
    const r = evaluate(input({ model: model('price_per_quality_point'), bids: input().bids.slice(0, 2) }));
    // a: 100000 / (21 + 20 + 4) = 2222.222222; b: 80000 / (18 + 12 + 8) = 2105.263158.
    expect([bid(r, 'a').pricePerQualityPoint, bid(r, 'b').pricePerQualityPoint]).toEqual(['2222.222222', '2105.263158']);
    expect(bid(r, 'a').priceScore).toBe('0.000000');
    expect(r.lots[0].winner).toBe('b');
  });

  it('whole-life cost: the discounted cost profile is the price (Green Book 3.5%, year 1 undiscounted)', () => {
    const r = evaluate(
      input({
        model: model('whole_life_cost'),
        bids: [
          {
            bidId: 'a',
            lotKey: 'lot-1',
            price: '1',
            costProfile: [
              { year: 1, amount: '100' },
              { year: 2, amount: '100' },
            ],
          },
          {
            bidId: 'b',
            lotKey: 'lot-1',
            price: '1',
            costProfile: [
              { year: 1, amount: '50' },
              { year: 2, amount: '155' },
            ],
          },
        ],
        marks: { a: { q2: 3 }, b: { q2: 3 } },
      }),
    );
    // a: 100 + 100/1.035 = 196.618357; b: 50 + 155/1.035 = 199.758454; b's score 203.5/206.75 x 40 = 39.371221.
    expect([bid(r, 'a').priceBasis, bid(r, 'b').priceBasis]).toEqual(['196.618357', '199.758454']);
    expect([bid(r, 'a').priceScore, bid(r, 'b').priceScore]).toEqual(['40.000000', '39.371221']);
  });

  it('flags an abnormally low price by both rules, and breaks a tie by the declared rules', () => {
    const low = evaluate(
      input({
        bids: [
          { bidId: 'a', lotKey: 'lot-1', price: '100' },
          { bidId: 'b', lotKey: 'lot-1', price: '100' },
          { bidId: 'c', lotKey: 'lot-1', price: '50' },
        ],
        marks: { a: { q2: 3 }, b: { q2: 3 }, c: { q2: 3 } },
      }),
    );
    expect(bid(low, 'c').flags).toEqual(['abnormally-low:mean-of-others', 'abnormally-low:next-lowest']); // 50 <= 60 and 50 <= 70
    expect(bid(low, 'a').flags).toEqual(['tie-unbroken']);

    // Equal totals of 70: a is 40 + 30 quality; b is 40 + 24 quality + 6 public character. Higher quality breaks the tie.
    const even = evaluate(
      input({
        bids: [
          { bidId: 'a', lotKey: 'lot-1', price: '100' },
          { bidId: 'b', lotKey: 'lot-1', price: '100' },
        ],
        marks: { a: { q1: 5, q2: 5, sv1: 0 }, b: { q1: 5, q2: 3, sv1: 0, pc1: 3 } },
      }),
    );
    expect([bid(even, 'a').total, bid(even, 'b').total]).toEqual(['70.000000', '70.000000']);
    expect(bid(even, 'a').flags).toEqual([]);
    expect(even.lots[0].ranking.map((x) => x.bidId)).toEqual(['a', 'b']);
  });
});

describe('evaluator variance', () => {
  it('flags a criterion whose independent marks spread as far as the policy says, scaled to the criterion’s scale', () => {
    const m = model();
    m.criteria[1].children![0].scale = '0-10';
    const r = evaluate(
      input({
        model: m,
        policy: { ...policy, evaluatorVariance: { points: '2', scale: '0-5' } },
        // q1 is marked out of 10, so 2 points on 0-5 is 4 points there: 3 and 7 spread 4 (flag); q2 out of 5: 2 and 3 spread 1 (no flag).
        independentMarks: { a: { q1: [3, 7], q2: [2, 3] }, b: { q1: [5, 7], q2: [1, 3, 3] } },
      }),
    );
    expect(bid(r, 'a').flags).toEqual(['evaluator-variance:q1']);
    expect(bid(r, 'b').flags).toEqual(['evaluator-variance:q2']);
    expect(evaluate(input()).bids.every((b) => !b.flags.some((f) => f.startsWith('evaluator-variance')))).toBe(true);
  });
});

describe('discounting (Green Book)', () => {
  it('chains the declining rates across bands', () => {
    expect(discountFactor(0).toString()).toBe('1');
    expect(discountFactor(1).toFixed(12)).toBe('0.966183574879');
    expect(discountFactor(31).toFixed(12)).toBe('0.345901369517'); // 1.035^-30 x 1.03^-1
    expect(presentValue([{ year: 1, amount: '100' }]).toString()).toBe('100');
  });
});

describe('the scoring engine: properties', () => {
  const bidsArb = fc.array(
    fc.record({
      price: fc.integer({ min: 1000, max: 2_000_000 }),
      q1: fc.integer({ min: 0, max: 5 }),
      q2: fc.integer({ min: 0, max: 5 }),
      sv1: fc.integer({ min: 0, max: 5 }),
      pc1: fc.integer({ min: 0, max: 5 }),
    }),
    { minLength: 1, maxLength: 12 },
  );
  const toInput = (list: { price: number; q1: number; q2: number; sv1: number; pc1: number }[], m = model()): EngineInput => ({
    model: m,
    policy,
    bids: list.map((b, i) => ({ bidId: `bid-${String(i).padStart(2, '0')}`, lotKey: 'lot-1', price: `${b.price}.00` })),
    marks: Object.fromEntries(list.map((b, i) => [`bid-${String(i).padStart(2, '0')}`, { q1: b.q1, q2: b.q2, sv1: b.sv1, pc1: b.pc1 }])),
  });
  const order = (r: ReturnType<typeof evaluate>) => r.lots[0].ranking.map((x) => x.bidId);

  it('scaling every weight by a constant never changes the ranking', () => {
    fc.assert(
      fc.property(bidsArb, fc.integer({ min: 2, max: 9 }), (list, k) => {
        const scaled = structuredClone(model());
        const scale = (cs: typeof scaled.criteria) =>
          cs.forEach((c) => {
            c.weight = String(Number(c.weight) * k);
            if (c.children) scale(c.children);
          });
        scale(scaled.criteria);
        expect(order(evaluate(toInput(list, scaled)))).toEqual(order(evaluate(toInput(list))));
      }),
    );
  });

  it('the order the bids are given in never changes the result', () => {
    fc.assert(
      fc.property(
        bidsArb.chain((list) =>
          fc.tuple(
            fc.constant(list),
            fc.shuffledSubarray(
              list.map((_, i) => i),
              { minLength: list.length },
            ),
          ),
        ),
        ([list, perm]) => {
          const a = toInput(list);
          const b = { ...a, bids: perm.map((i) => a.bids[i]) };
          // The digest too: two exports of one evaluation digest alike whatever order their files list the bids in.
          expect(evaluate(b)).toEqual(evaluate(a));
        },
      ),
    );
  });

  it('lowering a bid’s price never lowers its price score; an excluded bid never ranks', () => {
    fc.assert(
      fc.property(bidsArb, fc.nat(), fc.integer({ min: 1, max: 999 }), (list, pick, cut) => {
        const i = pick % list.length;
        const before = evaluate(toInput(list));
        const cheaper = list.map((b, j) => (j === i ? { ...b, price: Math.max(1, b.price - cut) } : b));
        const after = evaluate(toInput(cheaper));
        const id = `bid-${String(i).padStart(2, '0')}`;
        if (!bid(before, id).excludedBy.length) expect(Number(bid(after, id).priceScore)).toBeGreaterThanOrEqual(Number(bid(before, id).priceScore));
        for (const b of after.bids) if (b.excludedBy.length) expect(b.rank).toBeNull();
        expect(after.lots[0].ranking.every((r) => !bid(after, r.bidId).excludedBy.length)).toBe(true);
      }),
    );
  });

  it('the same inputs always give the same digest, and different inputs a different one', () => {
    fc.assert(
      fc.property(bidsArb, (list) => {
        const a = evaluate(toInput(list));
        expect(evaluate(structuredClone(toInput(list))).digest).toBe(a.digest);
        const changed = toInput(list.map((b, i) => (i === 0 ? { ...b, price: b.price + 1 } : b)));
        expect(evaluate(changed).digest).not.toBe(a.digest);
      }),
    );
  });
});
