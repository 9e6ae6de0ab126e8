import type { EngineInput } from '#scoring';
import { exampleModel, modelProblems, valueCriteria } from '#tendering';
import { applyCommittedValue } from './social-value-marks.js';

const engine = (over: Partial<EngineInput> = {}): EngineInput => ({
  model: { lots: [{ key: 'lot-1', priceMethod: 'relative_to_lowest' }], criteria: [], tieBreak: ['lower_price'] },
  bids: [
    { bidId: 'a', lotKey: 'lot-1', price: '100' },
    { bidId: 'b', lotKey: 'lot-1', price: '100' },
    { bidId: 'c', lotKey: 'lot-1', price: '100', rejected: 'Below cost' },
    { bidId: 'd', lotKey: 'lot-1', price: '100' },
  ],
  marks: { a: { 'local-jobs': 1 }, b: {}, c: {}, d: {} },
  independentMarks: { a: { 'local-jobs': [1, 2] } },
  policy: { abnormallyLow: { belowMeanOfOthersPercent: '40', belowNextLowestPercent: '30' } },
  ...over,
});
const criteria = [{ key: 'local-jobs', scaleMax: 5, formula: 'relative_to_highest' as const }];

describe('social value marked from the committed value', () => {
  it('marks relative to the highest committed in the lot, among bids that count (worked by hand)', () => {
    const out = applyCommittedValue(engine(), criteria, [
      { bidId: 'a', totalValue: '166480.00' },
      { bidId: 'b', totalValue: '83240.00' },
      { bidId: 'c', totalValue: '999999.00' },
      { bidId: 'd', totalValue: null },
    ]);
    // c was rejected: its £999,999 does not set the highest. a: 5; b: half of a's, 2.5; d committed nothing: 0.
    expect(out.marks).toEqual({ a: { 'local-jobs': 5 }, b: { 'local-jobs': 2.5 }, c: { 'local-jobs': 5 }, d: { 'local-jobs': 0 } });
    // Evaluators' marks on a formula criterion are set aside.
    expect(out.independentMarks).toEqual({ a: {} });
  });

  it('rounds the mark to 4 places, and gives 0 to all when nobody commits anything', () => {
    const out = applyCommittedValue(engine(), criteria, [
      { bidId: 'a', totalValue: '3.00' },
      { bidId: 'b', totalValue: '1.00' },
    ]);
    expect(out.marks.b['local-jobs']).toBe(1.6667);
    expect(applyCommittedValue(engine(), criteria, []).marks.a['local-jobs']).toBe(0);
  });

  it('is declared on social value leaves only, and read from the model', () => {
    const model = exampleModel();
    const sv = model.criteria.find((c) => c.category === 'social_value')!;
    sv.children![0].committedValue = 'relative_to_highest';
    expect(modelProblems(model)).toEqual([]);
    expect(valueCriteria(model)).toEqual([{ key: sv.children![0].key, scaleMax: 5, formula: 'relative_to_highest' }]);
    const q = model.criteria.find((c) => c.category === 'quality')!;
    q.children![0].committedValue = 'relative_to_highest';
    expect(modelProblems(model)).toEqual([expect.objectContaining({ rule: 'social-value-only' })]);
  });
});
