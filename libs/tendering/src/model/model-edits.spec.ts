import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { SCALES } from '#policy';
import { modelProblems } from './evaluation-model.js';
import { exampleModel } from './example-model.js';
import {
  addCriterion,
  addLot,
  findCriterion,
  inSocialValue,
  moveCriterion,
  newKey,
  removeCriterion,
  removeLot,
  setLotCap,
  startingBands,
} from './model-edits.js';

const fields = (title: string, weight: string) => ({ title, weight, guidance: '', wordLimit: null });

describe('changes to a draft model, one at a time', () => {
  it('gives every scale starting bands that cover it exactly, so a new question is complete once weighed', () => {
    for (const scale of SCALES) {
      const model = exampleModel();
      const leaf = findCriterion(model, 'local-jobs')!.criterion;
      leaf.scale = scale;
      leaf.bands = startingBands(scale);
      expect(modelProblems(model)).toEqual([]);
    }
  });

  it('makes a marked criterion a parent when a sub-criterion is added under it, its marking moving down', () => {
    const before = exampleModel();
    const { model, key } = addCriterion(before, 'local-jobs', fields('Apprenticeships for care leavers', '100'));
    const parent = findCriterion(model, 'local-jobs')!.criterion;
    expect(key).toBe('apprenticeships-for-care-leavers');
    expect(parent).not.toHaveProperty('scale');
    expect(parent.children).toEqual([expect.objectContaining({ key, scale: '0-5', bands: findCriterion(before, 'local-jobs')!.criterion.bands })]);
    expect(modelProblems(model)).toEqual([]);
    // The model given is left as it was.
    expect(before).toEqual(exampleModel());
    // Removing the only sub-criterion makes the parent a leaf again, needing its own marking.
    const back = removeCriterion(model, key);
    expect(findCriterion(back, 'local-jobs')!.criterion).not.toHaveProperty('children');
    expect(modelProblems(back).map((p) => p.rule)).toEqual(['scale-required']);
  });

  it('never gives two parts of the model the same key, and keeps keys in the schema’s form', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 60 }), { minLength: 1, maxLength: 8 }), (titles) => {
        let model = exampleModel();
        for (const title of titles) model = addCriterion(model, 'quality', fields(title || 'x', '1')).model;
        for (const title of titles)
          model = addLot(model, { title: title || 'x', priceMethod: 'relative_to_lowest', benchmark: null, estimatedValue: null }).model;
        const keys: string[] = model.lots.map((l) => l.key);
        const walk = (list: typeof model.criteria) => list.forEach((c) => (keys.push(c.key), walk(c.children ?? [])));
        walk(model.criteria);
        expect(new Set(keys).size).toBe(keys.length);
        for (const k of keys) expect(k).toMatch(/^[a-z0-9][a-z0-9_-]{0,39}$/);
      }),
    );
    expect(newKey('Price', new Set(['price', 'price-2']), 'criterion')).toBe('price-3');
    expect(newKey('***', new Set(), 'criterion')).toBe('criterion');
  });

  it('moves a criterion one place among its siblings, and no further than the ends', () => {
    const keys = (m: ReturnType<typeof exampleModel>) => m.criteria.map((c) => c.key);
    const model = exampleModel();
    expect(keys(moveCriterion(model, 'price', 'down'))).toEqual(['quality', 'price', 'social-value', 'public-character']);
    expect(keys(moveCriterion(model, 'price', 'up'))).toEqual(keys(model));
    expect(keys(moveCriterion(model, 'public-character', 'down'))).toEqual(keys(model));
    const sub = moveCriterion(model, 'safeguarding', 'up');
    expect(findCriterion(sub, 'quality')!.criterion.children!.map((c) => c.key)).toEqual(['safeguarding', 'delivery']);
  });

  it('drops a lot cap with the second-to-last lot, since a cap needs two lots', () => {
    const two = addLot(exampleModel(), { title: 'South', priceMethod: 'relative_to_lowest', benchmark: null, estimatedValue: null }).model;
    two.lotCap = { maxLotsPerSupplier: 1, order: 'model_order' };
    expect(modelProblems(two)).toEqual([]);
    const one = removeLot(two, 'south');
    expect(one.lotCap).toBeUndefined();
    expect(modelProblems(one)).toEqual([]);
  });

  it('knows social value from everything else at any depth, and a formula moves down with the marking', () => {
    const model = exampleModel();
    expect(['social-value', 'local-jobs'].map((k) => inSocialValue(model, k))).toEqual([true, true]);
    expect(['price', 'quality', 'delivery', 'shared-ownership', 'nowhere'].some((k) => inSocialValue(model, k))).toBe(false);
    findCriterion(model, 'local-jobs')!.criterion.committedValue = 'relative_to_highest';
    const { model: deeper, key } = addCriterion(model, 'local-jobs', fields('Apprenticeships', '100'));
    expect(inSocialValue(deeper, key)).toBe(true);
    expect(findCriterion(deeper, 'local-jobs')!.criterion).not.toHaveProperty('committedValue');
    expect(findCriterion(deeper, key)!.criterion.committedValue).toBe('relative_to_highest');
    expect(modelProblems(deeper)).toEqual([]);
  });

  it('sets and lifts a lot cap without touching the model given', () => {
    const two = addLot(exampleModel(), { title: 'South', priceMethod: 'relative_to_lowest', benchmark: null, estimatedValue: null }).model;
    const capped = setLotCap(two, { maxLotsPerSupplier: 1, order: 'model_order' });
    expect(capped.lotCap).toEqual({ maxLotsPerSupplier: 1, order: 'model_order' });
    expect(two).not.toHaveProperty('lotCap');
    expect(setLotCap(capped, null)).not.toHaveProperty('lotCap');
  });
});
