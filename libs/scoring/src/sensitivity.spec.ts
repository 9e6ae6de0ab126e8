import fc from 'fast-check';
import { type EngineInput, evaluate, type ModelInput } from './engine.js';
import { sensitivity } from './sensitivity.js';

/** The engine spec's example: price 40, quality 30 (q1, q2 halves), social value 20, public character 10. */
const model = (): ModelInput => ({
  lots: [{ key: 'lot-1', priceMethod: 'relative_to_lowest' }],
  criteria: [
    { key: 'price', weight: '40', category: 'price' },
    {
      key: 'quality',
      weight: '30',
      category: 'quality',
      children: [
        { key: 'q1', weight: '50', scale: '0-5' },
        { key: 'q2', weight: '50', scale: '0-5' },
      ],
    },
    { key: 'social-value', weight: '20', category: 'social_value', children: [{ key: 'sv1', weight: '100', scale: '0-5' }] },
    { key: 'public-character', weight: '10', category: 'public_character', children: [{ key: 'pc1', weight: '100', scale: '0-5' }] },
  ],
  tieBreak: ['higher_quality', 'lower_price'],
});
const policy = { abnormallyLow: { belowMeanOfOthersPercent: '40', belowNextLowestPercent: '30' } };
const example = (): EngineInput => ({
  model: model(),
  policy,
  bids: [
    { bidId: 'a', lotKey: 'lot-1', price: '100000' },
    { bidId: 'b', lotKey: 'lot-1', price: '80000' },
  ],
  marks: { a: { q1: 4, q2: 3, sv1: 5, pc1: 2 }, b: { q1: 3, q2: 3, sv1: 3, pc1: 4 } },
});
const settings = { samples: 2000, percent: '10', seed: 7 };

describe('sensitivity of the winner', () => {
  it('finds, for each pair of top-level weights, the smallest transfer at which another bid draws level (worked by hand)', () => {
    const [lot] = sensitivity(example(), settings);
    // b wins 78 to 77. Shares of each top-level criterion's points: b 1, 0.6, 0.6, 0.8; a 0.8, 0.7, 1, 0.4.
    // Moving t from i to j changes (a - b) by t x ((a_j - a_i) - (b_j - b_i)); the gap is 1.
    expect(lot.winner).toBe('b');
    expect(lot.pairs).toEqual([
      { from: 'price', to: 'quality', points: '3.333333', newWinner: 'a' }, // slope 0.3
      { from: 'price', to: 'social-value', points: '1.666667', newWinner: 'a' }, // slope 0.6
      { from: 'public-character', to: 'price', points: '5.000000', newWinner: 'a' }, // slope -0.2: the other way
      { from: 'quality', to: 'social-value', points: '3.333333', newWinner: 'a' },
      { from: 'public-character', to: 'quality', points: '2.000000', newWinner: 'a' },
      { from: 'public-character', to: 'social-value', points: '1.250000', newWinner: 'a' },
    ]);
  });

  it('says when no transfer between two criteria could change the winner', () => {
    // b is ahead on every criterion: nothing moves a past it.
    const input = { ...example(), marks: { a: { q1: 1, q2: 1, sv1: 1, pc1: 1 }, b: { q1: 5, q2: 5, sv1: 5, pc1: 5 } } };
    const [lot] = sensitivity(input, settings);
    expect(lot.pairs.every((p) => p.points === null && p.newWinner === null)).toBe(true);
    expect(lot.monteCarlo).toMatchObject({ winnerStays: '1.0000', otherWinners: [] });
  });

  it('perturbs every weight by up to p%, reproducibly from the seed; a close race is less certain than a clear one', () => {
    const close = sensitivity(example(), settings)[0].monteCarlo!;
    expect(sensitivity(example(), settings)[0].monteCarlo).toEqual(close);
    // b leads by 1 point of 100; 10% perturbations move a past it in some samples, not most.
    expect(Number(close.winnerStays)).toBeGreaterThan(0.5);
    expect(Number(close.winnerStays)).toBeLessThan(1);
    expect(close.otherWinners).toEqual([{ bidId: 'a', share: (1 - Number(close.winnerStays)).toFixed(4) }]);
    expect(sensitivity(example(), { ...settings, percent: '0' })[0].monteCarlo!.winnerStays).toBe('1.0000');
    expect(sensitivity(example(), { ...settings, seed: 8 })[0].monteCarlo!.winnerStays).not.toBe(close.winnerStays);
  });

  it('does not pretend for price per quality point lots, or a lot with one compliant bid', () => {
    const ppqp = { ...example(), model: { ...model(), lots: [{ key: 'lot-1', priceMethod: 'price_per_quality_point' as const }] } };
    expect(sensitivity(ppqp, settings)[0]).toMatchObject({ applicable: false, pairs: [], monteCarlo: null });
    const single = { ...example(), bids: example().bids.slice(0, 1) };
    expect(sensitivity(single, settings)[0]).toMatchObject({ applicable: false, winner: 'a' });
  });

  it('applying the reported transfer to the model makes the new winner draw level with the old (property)', () => {
    const bidArb = fc.record({
      price: fc.integer({ min: 1000, max: 100000 }),
      q1: fc.integer({ min: 0, max: 5 }),
      q2: fc.integer({ min: 0, max: 5 }),
      sv1: fc.integer({ min: 0, max: 5 }),
      pc1: fc.integer({ min: 0, max: 5 }),
    });
    fc.assert(
      fc.property(fc.array(bidArb, { minLength: 2, maxLength: 6 }), (list) => {
        const input: EngineInput = {
          model: model(),
          policy,
          bids: list.map((b, i) => ({ bidId: `bid-${i}`, lotKey: 'lot-1', price: String(b.price) })),
          marks: Object.fromEntries(list.map((b, i) => [`bid-${i}`, { q1: b.q1, q2: b.q2, sv1: b.sv1, pc1: b.pc1 }])),
        };
        const [lot] = sensitivity(input, { samples: 10, percent: '5', seed: 1 });
        for (const pair of lot.pairs.filter((p) => p.points !== null)) {
          const shifted = structuredClone(input);
          const top = (key: string) => shifted.model.criteria.find((c) => c.key === key)!;
          top(pair.from).weight = String(Number(top(pair.from).weight) - Number(pair.points));
          top(pair.to).weight = String(Number(top(pair.to).weight) + Number(pair.points));
          const r = evaluate(shifted);
          const total = (id: string) => Number(r.bids.find((b) => b.bidId === id)!.total);
          expect(Math.abs(total(pair.newWinner!) - total(lot.winner!))).toBeLessThan(2e-6);
        }
      }),
    );
  });
});
