import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { evaluateCommand } from '../../apps/api/src/cli/evaluate-command.js';
import { login, startTestApp, type TestApp, tenderIdByReference } from '../support/test-app.js';
import { withFile } from '../support/scratch-file.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- a bundle is broken here by hand, field by field */

/**
 * Offline recomputation an auditor can trust (issue 16, item 7): `commonweal evaluate` on the demo's real
 * awarded evaluation prints the API's result, whatever order the file lists the bids in; broken one rule
 * at a time, the same bundle is refused with the place named, a non-zero exit and nothing printed as a result.
 */
describe('commonweal evaluate on a real bundle', () => {
  let t: TestApp;
  let bundle: any;
  let result: any;

  beforeAll(async () => {
    t = await startTestApp();
    const auditor = { authorization: `Bearer ${await login(t, 'auditor@northmere.test')}` };
    const base = `/api/v1/tenders/${await tenderIdByReference(t, 'NCC-2023-031')}/evaluation`;
    bundle = (await t.http.get(`${base}/bundle`).set(auditor)).body;
    result = (await t.http.get(`${base}/result`).set(auditor)).body;
    expect(result.status).toBe('complete');
  });

  afterAll(async () => {
    await t?.close();
  });

  const run = (b: unknown) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = withFile('bundle.json', JSON.stringify(b), (file) =>
      evaluateCommand(
        [file],
        (s) => out.push(s),
        (s) => err.push(s),
      ),
    );
    return { code, out: out.join('\n'), err: err.join('\n') };
  };
  const broken = (change: (b: any) => void) => {
    const b = structuredClone(bundle);
    change(b);
    return run(b);
  };
  const firstLeaf = (b: any) => {
    let c = b.engine.model.criteria.find((x: any) => x.category !== 'price');
    while (c.children?.length) c = c.children[0];
    return c;
  };

  it('prints the API’s result and digest, and the same digest whatever order the bids are listed in', () => {
    const asIs = run(bundle);
    expect(asIs.code).toBe(0);
    expect(JSON.parse(asIs.out)).toMatchObject({ digest: result.digest, ranking: result.ranking });
    const reversed = run({ ...bundle, engine: { ...bundle.engine, bids: [...bundle.engine.bids].reverse() } });
    expect(reversed.code).toBe(0);
    expect(JSON.parse(reversed.out).digest).toBe(result.digest);
  });

  it('shows no price score and no total for a bid that was never compared on price', () => {
    const b = structuredClone(bundle);
    const [first, second] = b.engine.bids;
    b.engine.exclusions = { ...(b.engine.exclusions ?? {}), [first.bidId]: [{ rule: 'public-character-gate', detail: 'Below the gate' }] };
    first.price = '1.00'; // far below every other: a price score against them would top the criterion's maximum
    const r = run(b);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.out);
    expect(doc.bids.find((x: any) => x.bidId === first.bidId)).toMatchObject({ priceScore: null, total: null, rank: null, categories: { price: null } });
    expect(doc.bids.find((x: any) => x.bidId === second.bidId).priceScore).toMatch(/^\d+\.\d{6}$/);
  });

  it('refuses a bundle that breaks a rule of the model, naming the place, with nothing printed', () => {
    const cases: [string, (b: any) => void, RegExp][] = [
      ['a mark outside its scale', (b) => (b.engine.marks[b.engine.bids[0].bidId][firstLeaf(b).key] = 999), /\/engine\/marks\/[^:]+: the mark 999 is outside/],
      ['a missing consensus mark', (b) => delete b.engine.marks[b.engine.bids[0].bidId][firstLeaf(b).key], /has no consensus mark for/],
      ['a price that is not positive', (b) => (b.engine.bids[0].price = '0'), /\/engine\/bids\/0\/price: bid .+'s price must be more than 0/],
      [
        'weights that do not add up to 100',
        (b) => (b.engine.model.criteria[0].weight = '41'),
        /\/engine\/model\/criteria: the weights at this level add up to 101, not 100/,
      ],
      ['a weight that is not positive', (b) => (firstLeaf(b).weight = '0'), /must be more than 0/],
      ['a duplicate bid id', (b) => b.engine.bids.push({ ...b.engine.bids[0] }), /the bid id .+ is used twice/],
      ['a bid in a lot the model lacks', (b) => (b.engine.bids[0].lotKey = 'lot-99'), /which the model does not have/],
      [
        'a whole-life cost bid without a cost profile',
        (b) => {
          b.engine.model.lots[0].priceMethod = 'whole_life_cost';
          for (const x of b.engine.bids) x.costProfile = null;
        },
        /in a whole-life cost lot but has no cost profile/,
      ],
      [
        'a benchmark lot without floor and ceiling',
        (b) => {
          b.engine.model.lots[0].priceMethod = 'benchmark';
          b.engine.model.lots[0].benchmark = null;
        },
        /priced against a benchmark but has no floor and ceiling/,
      ],
      [
        'a floor not below the ceiling',
        (b) => {
          b.engine.model.lots[0].priceMethod = 'benchmark';
          b.engine.model.lots[0].benchmark = { floor: '500000', ceiling: '400000' };
        },
        /floor \(500000\) must be below its ceiling \(400000\)/,
      ],
      ['a negative threshold', (b) => (b.engine.policy.abnormallyLow.belowMeanOfOthersPercent = '-40'), /belowMeanOfOthersPercent must be a percentage/],
      [
        'a mark for a criterion the model lacks',
        (b) => (b.engine.marks[b.engine.bids[0].bidId]['no-such-criterion'] = 3),
        /no-such-criterion is not a marked criterion/,
      ],
    ];
    for (const [what, change, message] of cases) {
      const r = broken(change);
      expect([what, r.code, r.out]).toEqual([what, 65, '']);
      expect([what, r.err]).toEqual([what, expect.stringMatching(message)]);
      expect(r.err).toContain("breaks the evaluation model's rules");
      expect(r.err).not.toMatch(/\n\s+at /); // never a stack trace
    }
  });
});
