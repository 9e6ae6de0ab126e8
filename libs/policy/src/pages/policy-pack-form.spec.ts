import { DEFAULT_POLICY_PACK, type PolicyPack, policyPackProblems } from '../policy-pack.js';
import { formFieldOf, formToPack, packToForm } from './policy-pack-form.js';

const northmere: PolicyPack = {
  ...(structuredClone(DEFAULT_POLICY_PACK) as PolicyPack),
  minSocialValueWeight: '20',
  allowedPriceMethods: ['relative_to_lowest', 'whole_life_cost'],
  restrictedCategories: [{ code: 'youth-services', name: 'Youth services' }],
  publicCharacterGates: [{ test: 'shared_ownership', minimumLevel: 2 }],
  lotsPerSupplierCap: 3,
  areaPopulation: {
    source: 'Census 2021',
    tolerancePoints: '10',
    shares: { sex: { female: '51', male: '49' }, ageBand: { '0-15': '19', '16-64': '62', '65+': '19' } },
  },
};

describe('the policy pack as a form', () => {
  it.each([
    ['the defaults', DEFAULT_POLICY_PACK as PolicyPack],
    ['a pack with every list filled', northmere],
  ])('round-trips %s unchanged', (_, pack) => {
    const back = formToPack(packToForm(pack));
    expect(back).toEqual(pack);
    expect(policyPackProblems(back)).toEqual([]);
  });

  it('turns what an admin typed wrong into the pack problems, each pointing at the form field', () => {
    const shape = policyPackProblems(formToPack({ ...packToForm(northmere), belowNextLowestPercent: '130', maxLengthMonths: 'sixty' }));
    expect(shape.map((p) => [formFieldOf(p.field), p.rule])).toEqual([
      ['belowNextLowestPercent', 'decimal'],
      ['maxLengthMonths', 'type'],
    ]);
    const sums = policyPackProblems(formToPack({ ...packToForm(northmere), populationShares: 'sex: female=51, male=48' }));
    expect(sums.map((p) => [formFieldOf(p.field), p.rule])).toEqual([['populationShares', 'sum-100']]);
  });
});
