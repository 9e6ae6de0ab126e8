import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { bundleProblems, EVALUATION_BUNDLE_SCHEMA } from './bundle-schema.js';

const bundle = () => ({
  format: 'commonweal-evaluation-bundle/1',
  tender: { id: 't', reference: 'NCC-1', modelHash: null, policyPackVersion: 0 },
  engine: {
    model: {
      lots: [{ key: 'lot-1', priceMethod: 'relative_to_lowest' }],
      criteria: [
        { key: 'price', weight: '40', category: 'price' },
        { key: 'q', weight: '60', category: 'quality', scale: '0-5' },
      ],
      tieBreak: ['lower_price'],
    },
    bids: [{ bidId: 'a', lotKey: 'lot-1', price: '100.00' }],
    marks: { a: { q: 3 } },
    policy: { abnormallyLow: { belowMeanOfOthersPercent: '40', belowNextLowestPercent: '30' } },
  },
  sensitivity: { samples: 100, percent: '10', seed: 1 },
});

describe('the evaluation bundle schema', () => {
  it('is the schema published in docs/ (a change to one must be made to the other)', () => {
    const published = JSON.parse(readFileSync(join(process.cwd(), 'docs', 'evaluation-bundle.schema.json'), 'utf8'));
    expect(published).toEqual(JSON.parse(JSON.stringify(EVALUATION_BUNDLE_SCHEMA)));
  });

  it('accepts a bundle, and names where a broken one is wrong', () => {
    expect(bundleProblems(bundle())).toEqual([]);
    const broken = structuredClone(bundle()) as unknown as { format?: string; engine: { bids: { price: string }[] }; sensitivity: { samples: number } };
    broken.engine.bids[0].price = 'a hundred';
    broken.sensitivity.samples = 0;
    delete broken.format;
    expect(
      bundleProblems(broken)
        .map((p) => p.at)
        .sort(),
    ).toEqual(['/', '/engine/bids/0/price', '/sensitivity/samples']);
  });
});
