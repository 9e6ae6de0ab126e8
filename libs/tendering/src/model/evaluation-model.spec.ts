import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { DEFAULT_POLICY_PACK } from '#policy';
import { canonicalJson, contentHash } from '#kernel';
import { modelProblems, policyProblems } from './evaluation-model.js';
import { exampleModel } from './example-model.js';
import { canTransition, TRANSITIONS } from './tender-status.js';

const rules = (p: { field: string; rule: string }[]) => p.map((x) => `${x.field} ${x.rule}`);

/** n decimal weights (up to 2 places) that sum to exactly 100. */
const weightsSumming100 = (n: number) =>
  fc.array(fc.integer({ min: 1, max: 1000 }), { minLength: n, maxLength: n }).map((raw) => {
    const total = raw.reduce((a, b) => a + b, 0);
    const cents = raw.map((r) => Math.floor((r / total) * 10000));
    cents[0] += 10000 - cents.reduce((a, b) => a + b, 0);
    return cents.map((c) => (c / 100).toFixed(2));
  });

describe('the evaluation model', () => {
  it('accepts the example model', () => {
    expect(modelProblems(exampleModel())).toEqual([]);
    expect(policyProblems(exampleModel(), DEFAULT_POLICY_PACK)).toEqual([]);
  });

  it('accepts any split of 100 among the top categories, and refuses it once any weight moves by 0.01', () => {
    fc.assert(
      fc.property(weightsSumming100(4), fc.integer({ min: 0, max: 3 }), fc.boolean(), (weights, which, up) => {
        const model = exampleModel();
        model.criteria.forEach((c, i) => (c.weight = weights[i]));
        expect(modelProblems(model)).toEqual([]);
        const moved = (Number(weights[which]) + (up ? 0.01 : -0.01)).toFixed(2);
        if (Number(moved) < 0) return;
        model.criteria[which].weight = moved;
        expect(rules(modelProblems(model))).toEqual(['criteria weights-sum-100']);
      }),
    );
  });

  it('does the sums in decimals: three thirds written as 33.33 are not 100', () => {
    const model = exampleModel();
    model.criteria[1].children = [
      { ...model.criteria[1].children![0], weight: '33.33' },
      { ...model.criteria[1].children![1], weight: '33.33' },
      { ...model.criteria[1].children![1], key: 'third', weight: '33.33' },
    ];
    expect(modelProblems(model)).toEqual([
      { field: 'criteria.1.children', rule: 'weights-sum-100', message: 'The weights of the sub-criteria of “Quality” add up to 99.99%, not 100%' },
    ]);
  });

  it('names the field and rule for each structural mistake', () => {
    const model = exampleModel();
    model.criteria[1].children![0].bands = model.criteria[1].children![0].bands!.slice(0, 5); // 0–4 of 0–5
    model.criteria[1].children![1].minimumScore = 6;
    model.criteria[2].children![0].key = 'delivery';
    model.lots.push({ key: 'lot-2', title: 'Benchmarked', priceMethod: 'benchmark', benchmark: { floor: '100.00', ceiling: '100.00' } });
    expect(rules(modelProblems(model)).sort()).toEqual([
      'criteria.1.children.0.bands bands-cover-scale',
      'criteria.1.children.1.minimumScore within-scale',
      'criteria.2.children.0.key unique',
      'lots.1.benchmark floor-below-ceiling',
    ]);
    expect(rules(modelProblems({ ...exampleModel(), colour: 'red', lots: [] }))).toEqual(expect.arrayContaining(['colour unknown-field', 'lots minItems']));
  });

  it('a lot cap needs two lots, and every lot’s estimated value when the highest-value lots go first', () => {
    const model = exampleModel();
    model.lotCap = { maxLotsPerSupplier: 1, order: 'highest_value_first' };
    expect(rules(modelProblems(model)).sort()).toEqual(['lotCap needs-lots', 'lots.0.estimatedValue required']);
    model.lots.push({ key: 'lot-2', title: 'East', priceMethod: 'relative_to_lowest', estimatedValue: '250000.00' });
    model.lots[0].estimatedValue = '400000.00';
    expect(modelProblems(model)).toEqual([]);
    expect(rules(modelProblems({ ...model, lotCap: { maxLotsPerSupplier: 0, order: 'by_colour' } })).sort()).toEqual(
      ['lotCap anyOf', 'lotCap.maxLotsPerSupplier minimum', 'lotCap.order enum', 'lotCap type'].sort(),
    );
  });

  it('checks the model against the policy pack, naming the policy rule', () => {
    const pack = { ...DEFAULT_POLICY_PACK, minSocialValueWeight: '25', allowedPriceMethods: ['linear_deviation' as const] };
    expect(rules(policyProblems(exampleModel(), pack))).toEqual(['criteria.2.weight policy.min-social-value-weight', 'lots.0.priceMethod policy.price-method']);
  });

  it('hashes content, not key order', () => {
    const a = exampleModel();
    const reversed = (v: unknown): unknown =>
      Array.isArray(v)
        ? v.map(reversed)
        : v && typeof v === 'object'
          ? Object.fromEntries(
              Object.entries(v)
                .reverse()
                .map(([k, x]) => [k, reversed(x)]),
            )
          : v;
    const b = reversed(a) as typeof a;
    expect(JSON.stringify(b)).not.toBe(JSON.stringify(a));
    expect(canonicalJson({ b: 1, a: [{ y: 2, x: 1 }] })).toBe('{"a":[{"x":1,"y":2}],"b":1}');
    expect(contentHash(b)).toBe(contentHash(a));
    a.criteria[0].weight = '41';
    expect(contentHash(a)).not.toBe(contentHash(b));
  });

  it('allows only the lifecycle’s transitions, and nothing out of an end state', () => {
    expect(canTransition('draft', 'published')).toBe(true);
    expect(canTransition('draft', 'awarded')).toBe(false);
    expect(canTransition('published', 'draft')).toBe(false);
    for (const end of ['awarded', 'no_award', 'cancelled'] as const) expect(TRANSITIONS[end]).toEqual([]);
  });
});
