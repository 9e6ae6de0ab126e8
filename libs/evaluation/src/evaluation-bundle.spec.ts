import { evaluate } from '#scoring';
import { DEFAULT_POLICY_PACK } from '#policy';
import { exampleModel } from '#tendering';
import { type EvaluationBundle, engineModel, enginePolicy, providerBundle } from './evaluation-bundle.js';

const bundle = (): EvaluationBundle => ({
  format: 'commonweal-evaluation-bundle/1',
  tender: { id: 't', reference: 'T-1', modelHash: null, policyPackVersion: 0 },
  engine: {
    model: engineModel(exampleModel(), DEFAULT_POLICY_PACK),
    policy: enginePolicy(DEFAULT_POLICY_PACK),
    bids: [
      { bidId: 'b-mine', lotKey: 'lot-1', price: '450000', supplierId: 'me' },
      { bidId: 'b-zed', lotKey: 'lot-1', price: '400000', supplierId: 'zed', rejected: null },
      { bidId: 'b-alpha', lotKey: 'lot-1', price: '200000', supplierId: 'alpha', rejected: 'Wages below the legal minimum' },
    ],
    marks: {
      'b-mine': { delivery: 4, safeguarding: 4, 'local-jobs': 4, 'shared-ownership': 4 },
      'b-zed': { delivery: 3, safeguarding: 4, 'local-jobs': 3, 'shared-ownership': 2 },
      'b-alpha': { delivery: 3, safeguarding: 3, 'local-jobs': 3, 'shared-ownership': 3 },
    },
    independentMarks: { 'b-mine': { delivery: [2, 5] } },
  },
  sensitivity: { samples: 100, percent: '10', seed: 1 },
});

describe('a bidder’s own evaluation bundle', () => {
  it('names only the bidder’s own bids, drops evaluators’ marks and another bidder’s rejection reasons, and ranks the same', () => {
    const full = bundle();
    const own = providerBundle(full, new Set(['b-mine']));
    expect(own.engine.bids.map((b) => b.bidId)).toEqual(['b-mine', 'other-2', 'other-1']);
    expect(own.engine.bids[1]).toEqual({ bidId: 'other-2', lotKey: 'lot-1', price: '400000', costProfile: null, rejected: null });
    expect(own.engine.bids[2].rejected).toBe('Rejected after clarification');
    expect(JSON.stringify(own)).not.toMatch(/zed|alpha|Wages/);
    expect(own.engine.independentMarks).toBeUndefined();
    const official = evaluate(full.engine).lots[0].ranking;
    const recomputed = evaluate(own.engine).lots[0].ranking;
    const alias: Record<string, string> = { 'b-mine': 'b-mine', 'b-zed': 'other-2', 'b-alpha': 'other-1' };
    expect(recomputed).toEqual(official.map((r) => ({ ...r, bidId: alias[r.bidId] })));
  });
});
