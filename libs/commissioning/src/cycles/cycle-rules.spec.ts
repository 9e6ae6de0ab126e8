import fc from 'fast-check';
import { DEFAULT_POLICY_PACK, type AreaPopulation, type PolicyPack } from '#policy';
import { decisionFlags, decisionProblems, type DeliveryDecisionInput, WARNING_SIGNALS } from './delivery-decision.js';
import { mixWarnings, participantProblems } from './participation-mix.js';
import { notReadyForTender } from './readiness.js';

const area: AreaPopulation = {
  source: 'Census 2021',
  tolerancePoints: '10',
  shares: { ageBand: { '16-24': '20', '25-64': '55', '65+': '25' }, sex: { female: '51', male: '49' } },
};

describe('engagement participants against the area mix', () => {
  it('warns, with the figures, about a group far from its share of the area, either way', () => {
    // 60 people, 40 of them 65+: 66.7% against 25% (over), 16-24 nobody (under by 20 points).
    const warnings = mixWarnings({ ageBand: { '25-64': 20, '65+': 40 }, sex: { female: 31, male: 29 } }, area);
    expect(warnings.map((w) => [w.group, w.participantsPercent, w.populationPercent, w.gapPoints])).toEqual([
      ['65+', '66.7', '25.0', '41.7'],
      ['25-64', '33.3', '55.0', '-21.7'],
      ['16-24', '0.0', '20.0', '-20.0'],
    ]);
    expect(warnings[0].message).toBe('65+ (age band) is over-represented: 66.7% of participants against 25.0% of the area');
  });

  it('says nothing when the mix is close, or when the authority has not supplied one', () => {
    expect(mixWarnings({ ageBand: { '16-24': 22, '25-64': 52, '65+': 26 } }, area)).toEqual([]);
    expect(mixWarnings({ ageBand: { '65+': 40 } }, null)).toEqual([]);
  });

  it('never warns when participants mirror the area exactly (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 50 }), (k) => {
        expect(mixWarnings({ ageBand: { '16-24': 20 * k, '25-64': 55 * k, '65+': 25 * k } }, area)).toEqual([]);
      }),
    );
  });

  it('refuses a group the area mix does not have, an unknown dimension and a count that is not a whole number', () => {
    const problems = participantProblems({ ageBand: { '0-15': 3, '65+': 2.5 }, religion: { none: 1 } } as never, area);
    expect(problems.map((p) => [p.field, p.rule])).toEqual([
      ['participants.ageBand.0-15', 'known-group'],
      ['participants.ageBand.65+', 'count'],
      ['participants.religion', 'one-of'],
    ]);
  });
});

const decision = (over: Partial<DeliveryDecisionInput> = {}): DeliveryDecisionInput => ({
  optionsConsidered: [
    { option: 'in_house', assessment: 'No youth work team left' },
    { option: 'competitive_tender', assessment: 'Local groups can bid' },
  ],
  chosen: 'competitive_tender',
  rationale: 'Franchise to local groups',
  warningSignals: WARNING_SIGNALS.map((signal) => ({ signal, present: false, note: '' })),
  inHouseComparatorCost: '2100000.00',
  contract: { annualValue: '400000.00', lengthMonths: 36, capitalRequirement: '0' },
  forProfitEligible: false,
  forProfitJustification: null,
  ...over,
});
const restricted: PolicyPack = { ...DEFAULT_POLICY_PACK, restrictedCategories: [{ code: 'youth-services', name: 'Youth services' }] };

describe('the delivery model decision', () => {
  it('accepts a complete decision', () => {
    expect(decisionProblems(decision(), 'youth-services', restricted)).toEqual([]);
  });

  it('needs in-house considered, the chosen route among those considered, and each warning signal answered once', () => {
    const problems = decisionProblems(
      decision({
        optionsConsidered: [{ option: 'grant', assessment: '' }],
        chosen: 'competitive_tender',
        warningSignals: [],
      }),
      null,
      DEFAULT_POLICY_PACK,
    );
    expect(problems.map((p) => p.rule)).toEqual(['in-house-considered', 'considered', 'each-once', 'each-once', 'each-once']);
  });

  it('refuses to let for-profit providers into a restricted category without a written justification', () => {
    const [problem] = decisionProblems(decision({ forProfitEligible: true }), 'YOUTH-SERVICES', restricted);
    expect(problem).toMatchObject({ field: 'forProfitJustification', rule: 'restricted-category' });
    expect(problem.message).toContain('Youth services is a restricted service category');
    expect(
      decisionProblems(decision({ forProfitEligible: true, forProfitJustification: 'No non-profit bid in two rounds' }), 'youth-services', restricted),
    ).toEqual([]);
    expect(decisionProblems(decision({ forProfitEligible: true }), 'home-care', restricted)).toEqual([]);
  });

  it('flags warning signals under a market route, and contracts likely to shut out small providers', () => {
    const flags = decisionFlags(
      decision({
        warningSignals: WARNING_SIGNALS.map((signal) => ({ signal, present: signal === 'close_personal_relationship', note: '' })),
        contract: { annualValue: '613333.33', lengthMonths: 84, capitalRequirement: '250000' },
      }),
      DEFAULT_POLICY_PACK,
    );
    expect(flags.map((f) => f.kind)).toEqual(['market-warning-signal', 'contract-size', 'contract-length', 'capital-requirement']);
    expect(flags[1].message).toContain('£613,333.33 is above £500,000');
    expect(
      decisionFlags(
        decision({ chosen: 'in_house', warningSignals: WARNING_SIGNALS.map((signal) => ({ signal, present: true, note: '' })) }),
        DEFAULT_POLICY_PACK,
      ),
    ).toEqual([]);
  });
});

describe('readiness for tender', () => {
  const tender = { chosen: 'competitive_tender' as const };
  it('needs outcomes (or a reason for outputs only) and a decision for competitive tender', () => {
    expect(notReadyForTender({ outputsOnlyReason: null, outcomes: [], decision: null }).map((r) => r.rule)).toEqual([
      'outcomes-required',
      'delivery-decision-required',
    ]);
    expect(notReadyForTender({ outputsOnlyReason: null, outcomes: [{ kind: 'output' }], decision: { chosen: 'grant' } }).map((r) => r.rule)).toEqual([
      'outputs-only',
      'route-not-tender',
    ]);
    expect(notReadyForTender({ outputsOnlyReason: 'Statutory meal count', outcomes: [{ kind: 'output' }], decision: tender })).toEqual([]);
    expect(notReadyForTender({ outputsOnlyReason: null, outcomes: [{ kind: 'output' }, { kind: 'outcome' }], decision: tender })).toEqual([]);
  });
});
