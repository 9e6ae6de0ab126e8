import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { PRICE_METHODS } from '#scoring';
import { DEFAULT_POLICY_PACK, PUBLIC_CHARACTER_TESTS, policyPackProblems, SCALES } from './policy-pack.js';

const clone = () => structuredClone(DEFAULT_POLICY_PACK) as unknown as Record<string, unknown> & typeof DEFAULT_POLICY_PACK;
const decimalPercent = fc
  .tuple(fc.integer({ min: 1, max: 99 }), fc.integer({ min: 0, max: 99 }))
  .map(([a, b]) => (b ? `${a}.${String(b).padStart(2, '0')}` : `${a}`));

describe('policy pack rules', () => {
  it('accepts the defaults', () => {
    expect(policyPackProblems(DEFAULT_POLICY_PACK)).toEqual([]);
  });

  it('accepts any pack made of valid settings', () => {
    fc.assert(
      fc.property(
        decimalPercent,
        decimalPercent,
        decimalPercent,
        fc.subarray([...PRICE_METHODS], { minLength: 1 }),
        fc.constantFrom(...SCALES),
        fc.integer({ min: 0, max: 60 }),
        fc.uniqueArray(fc.constantFrom(...PUBLIC_CHARACTER_TESTS)),
        fc.option(fc.integer({ min: 1, max: 1000 }), { nil: null }),
        (sv, mean, next, methods, scale, standstill, gates, cap) => {
          const pack = {
            ...clone(),
            minSocialValueWeight: sv,
            allowedPriceMethods: methods,
            defaultScales: { quality: scale, socialValue: scale },
            abnormallyLow: { belowMeanOfOthersPercent: mean, belowNextLowestPercent: next },
            standstillWorkingDays: standstill,
            publicCharacterGates: gates.map((test, i) => ({ test, minimumLevel: i % 5 })),
            lotsPerSupplierCap: cap,
          };
          expect(policyPackProblems(pack)).toEqual([]);
        },
      ),
    );
  });

  it('names the field and the rule for each thing wrong, all at once', () => {
    const pack = {
      ...clone(),
      minSocialValueWeight: 10,
      allowedPriceMethods: [],
      abnormallyLow: { belowMeanOfOthersPercent: '100', belowNextLowestPercent: '30' },
      evaluatorVariance: { points: '6', scale: '0-5' },
      restrictedCategories: [
        { code: 'care', name: 'Care' },
        { code: 'CARE', name: 'Care again' },
      ],
      publicCharacterGates: [{ test: 'goals', minimumLevel: 5 }],
      colour: 'blue',
    };
    const problems = policyPackProblems(pack).map((p) => `${p.field} ${p.rule}`);
    expect(problems).toEqual(
      expect.arrayContaining([
        'minSocialValueWeight type',
        'allowedPriceMethods minItems',
        'colour unknown-field',
        'publicCharacterGates.0.minimumLevel maximum',
      ]),
    );
  });

  it('checks the rules that span fields once the shape is right', () => {
    const problems = policyPackProblems({
      ...clone(),
      abnormallyLow: { belowMeanOfOthersPercent: '100', belowNextLowestPercent: '0' },
      evaluatorVariance: { points: '6', scale: '0-5' },
      restrictedCategories: [
        { code: 'care', name: 'Care' },
        { code: 'CARE', name: 'Care again' },
      ],
      publicCharacterGates: [
        { test: 'goals', minimumLevel: 2 },
        { test: 'goals', minimumLevel: 3 },
      ],
    }).map((p) => `${p.field} ${p.rule}`);
    expect(problems.sort()).toEqual([
      'abnormallyLow.belowMeanOfOthersPercent range',
      'abnormallyLow.belowNextLowestPercent range',
      'evaluatorVariance.points range',
      'publicCharacterGates.1.test unique',
      'restrictedCategories.1.code unique',
    ]);
  });

  it('refuses floats and anything that is not a decimal string for percentages and money', () => {
    for (const bad of ['10.123', '1e2', ' 10', '-5', '101', 'ten']) {
      expect(policyPackProblems({ ...clone(), minSocialValueWeight: bad }).map((p) => p.field)).toContain('minSocialValueWeight');
    }
    expect(policyPackProblems({ ...clone(), scrutinyThreshold: '1000000.001' }).map((p) => `${p.field} ${p.rule}`)).toEqual(['scrutinyThreshold decimal']);
  });
});

describe('the area population mix', () => {
  const withMix = (shares: Record<string, Record<string, string>>) => ({
    ...clone(),
    areaPopulation: { source: 'Census 2021', tolerancePoints: '10', shares },
  });

  it('is optional (null) and, when given, is accepted with each dimension summing to 100', () => {
    expect(policyPackProblems({ ...clone(), areaPopulation: null })).toEqual([]);
    expect(policyPackProblems(withMix({ sex: { female: '51', male: '49' }, ageBand: { '0-15': '19', '16-24': '11', '25-64': '51', '65+': '19' } }))).toEqual(
      [],
    );
  });

  it('refuses shares that do not add up to 100, and an unknown dimension', () => {
    expect(policyPackProblems(withMix({ sex: { female: '51', male: '48.5' } }))).toEqual([
      { field: 'areaPopulation.shares.sex', rule: 'sum-100', message: 'the sex shares add up to 99.5, not 100' },
    ]);
    expect(policyPackProblems(withMix({ religion: { none: '100' } })).map((p) => [p.field, p.rule])).toEqual([
      ['areaPopulation.shares.religion', 'unknown-field'],
    ]);
    expect(policyPackProblems(withMix({ sex: { Female: '100' } })).map((p) => [p.field, p.rule])).toEqual([['areaPopulation.shares.sex.Female', 'group-name']]);
  });
});
