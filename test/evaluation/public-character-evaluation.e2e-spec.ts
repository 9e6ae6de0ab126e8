import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { evaluate } from '#scoring';
import { newId } from '#platform';
import { ANSWERS, people } from '../support/evaluation-fixtures.js';
import { closeAndOpenBids, openTenderCopy } from '../support/fixtures.js';
import { asOwner, startTestApp, type TestApp } from '../support/test-app.js';

type BidResult = { bidId: string; rank: number | null; excludedFor: { rule: string; detail: string }[]; criteria: { key: string; raw: number | null }[] };

/**
 * Verified public character in the evaluation (issue 6): verified levels mark the public character
 * criterion (evaluators do not), the policy pack's gate (Northmere: shared ownership at least 2) excludes a
 * bid below it whatever the provider's legal form, a restricted service category excludes a for-profit
 * provider unless the delivery decision let them in with a justification, and the evaluation cannot be
 * completed while a test that counts is unverified. The bundle carries all of it and recomputes the same.
 */
describe('public character in the evaluation', () => {
  let t: TestApp;
  let tender: string;
  const bids: Record<string, string> = {};
  let who: ReturnType<typeof people>;
  const path = (rest = '') => `/api/v1/tenders/${tender}${rest}`;
  const result = async () =>
    (await t.http.get(path('/evaluation/result')).set(await who('commissioner@northmere.test'))).body as { bids: BidResult[]; ranking: { bidId: string }[] };
  const verify = async (email: string, outcome: object) =>
    t.http
      .post(path(`/public-character/bids/${bids[email]}/tests/shared_ownership/verification`))
      .set(await who('commissioner@northmere.test'))
      .send(outcome);

  beforeAll(async () => {
    t = await startTestApp({ env: { LOGIN_RATE_LIMIT: '1000' } });
    who = people(t, 'northmere');
    // A copy of the youth services tender: Northmere's policy pack (a gate on shared ownership; youth services restricted),
    // published on the default framework, from the restricted youth services cycle.
    tender = await openTenderCopy(t, new Date(Date.now() + 3_600_000));
    await asOwner(
      t,
      `UPDATE tenders SET public_character_framework_version = 0, cycle_id = (SELECT id FROM commissioning_cycles WHERE reference = 'NCC-CYC-2025-04') WHERE id = $1`,
      [tender],
    );
    for (const [email, price] of Object.entries({
      'bids@brightpath.test': '450000.00',
      'bids@castleton.test': '400000.00',
      'bids@harbour.test': '470000.00',
    })) {
      const res = await t.http
        .post(`/api/v1/public/tenders/${tender}/bids`)
        .set(await who(email))
        .send({ lotKey: 'lot-1', answers: ANSWERS, price });
      expect(res.status).toBe(201);
    }
    await closeAndOpenBids(t, tender);
    await asOwner(t, `UPDATE tenders SET status = 'closed' WHERE id = $1`, [tender]);
    for (const b of await asOwner<{ id: string; email: string }>(
      t,
      `SELECT b.id, u.email FROM bid_submissions b JOIN provider_memberships pm ON pm.provider_id = b.provider_id JOIN users u ON u.id = pm.user_id WHERE b.tender_id = $1`,
      [tender],
    ))
      bids[b.email] = b.id;
    expect((await t.http.post(path('/evaluation')).set(await who('commissioner@northmere.test'))).status).toBe(201);
    // The evaluators' criteria already moderated (3 of 5 each), so that every bid can rank: this suite is about public character.
    await asOwner(
      t,
      `INSERT INTO consensus_marks (tenant_id, tender_id, bid_id, criterion_key, mark, rationale)
      SELECT b.tenant_id, b.tender_id, b.id, k, 3, 'Sound' FROM bid_submissions b, unnest(ARRAY['delivery', 'safeguarding', 'local-jobs']) k WHERE b.tender_id = $1`,
      [tender],
    );
  });
  afterAll(async () => t?.close());

  it('leaves the public character criterion to verification: evaluators neither mark nor moderate it', async () => {
    const moderation = (await t.http.get(path('/evaluation/moderation')).set(await who('commissioner@northmere.test'))).body;
    const keys = new Set((moderation.items ?? moderation.cells ?? moderation).map((c: { criterionKey: string }) => c.criterionKey));
    expect([...keys].sort()).toEqual(['delivery', 'local-jobs', 'safeguarding']);
    // Nor can anyone be assigned to mark it.
    const [evaluator] = await asOwner<{ id: string }>(t, `SELECT id FROM users WHERE email = 'evaluator1@northmere.test'`);
    const refused = await t.http
      .post(path('/evaluation/assignments'))
      .set(await who('commissioner@northmere.test'))
      .send({ userId: evaluator.id, criterionGroup: 'public-character' });
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toEqual([expect.objectContaining({ field: 'criterionGroup', rule: 'one-of' })]);
  });

  it('refuses to complete while a test that counts is unverified, naming each bid and test', async () => {
    const res = await t.http.post(path('/evaluation/complete')).set(await who('commissioner@northmere.test'));
    expect(res.status).toBe(400);
    const unverified = res.body.errors
      .filter((e: { rule: string }) => e.rule === 'verified')
      .map((e: { field: string }) => e.field)
      .sort();
    expect(unverified).toEqual(
      Object.values(bids)
        .map((id) => `publicCharacter.${id}.shared_ownership`)
        .sort(),
    );
  });

  it('marks the criterion from the verified level, and the gate excludes a charity below it (its legal form does not pass it)', async () => {
    expect((await verify('bids@brightpath.test', { outcome: 'accepted' })).status).toBe(201);
    expect((await verify('bids@castleton.test', { outcome: 'accepted' })).status).toBe(201);
    expect((await verify('bids@harbour.test', { outcome: 'adjusted', level: 1, reason: 'Two tenant board members, with no say over services' })).status).toBe(
      201,
    );
    const r = await result();
    const of = (email: string) => r.bids.find((b) => b.bidId === bids[email])!;
    // Brightpath assessed itself fully (4): 5 on the 0-5 scale. Castleton partly (2): 2.5.
    expect(of('bids@brightpath.test').criteria.find((c) => c.key === 'shared-ownership')!.raw).toBe(5);
    expect(of('bids@castleton.test').criteria.find((c) => c.key === 'shared-ownership')!.raw).toBe(2.5);
    expect(of('bids@harbour.test')).toMatchObject({
      rank: null,
      excludedFor: [{ rule: 'public-character-gate', detail: 'Shared ownership: verified level 1, below the minimum of 2' }],
    });
  });

  it('excludes a for-profit provider in a restricted category, unless the delivery decision let them in with a justification', async () => {
    const of = (r: { bids: BidResult[] }) => r.bids.find((b) => b.bidId === bids['bids@castleton.test'])!;
    const first = await result();
    const restricted = of(first);
    expect(restricted.rank).toBeNull();
    expect(first.ranking.map((x) => x.bidId)).toEqual([bids['bids@brightpath.test']]);
    expect(restricted.excludedFor).toEqual([expect.objectContaining({ rule: 'restricted-category', detail: expect.stringContaining('Youth services') })]);
    const inserted = await asOwner(
      t,
      `INSERT INTO delivery_decisions (id, tenant_id, cycle_id, version, chosen, decision, in_house_comparator_cost, for_profit_eligible, for_profit_justification, decided_by, decided_at)
      SELECT $1, tenant_id, cycle_id, version + 1, chosen, decision, in_house_comparator_cost, true, 'No not-for-profit provider runs detached youth work in the north of the city', decided_by, now()
        FROM delivery_decisions WHERE cycle_id = (SELECT cycle_id FROM tenders WHERE id = $2) ORDER BY version DESC LIMIT 1 RETURNING id`,
      [newId(), tender],
    );
    expect(inserted).toHaveLength(1);
    const allowed = await result();
    expect(of(allowed).excludedFor).toEqual([]);
    // Castleton's is the lowest price: admitted, it ranks, and every other bid's price score is measured from it.
    expect(allowed.ranking.map((x) => x.bidId)).toEqual([bids['bids@brightpath.test'], bids['bids@castleton.test']]);
  });

  it('carries the verified marks and the exclusions in the bundle, which recomputes to the same result', async () => {
    const bundle = (await t.http.get(path('/evaluation/bundle')).set(await who('auditor@northmere.test'))).body;
    expect(bundle.engine.exclusions).toEqual({ [bids['bids@harbour.test']]: [expect.objectContaining({ rule: 'public-character-gate' })] });
    expect(bundle.engine.marks[bids['bids@brightpath.test']]['shared-ownership']).toBe(5);
    const offline = evaluate(bundle.engine);
    const online = await result();
    expect(offline.lots[0].ranking).toEqual((online as unknown as { lots: { ranking: unknown }[] }).lots[0].ranking);
    // Harbour's own bundle says why it was excluded; Brightpath's names Harbour's exclusion by its rule only.
    expect(offline.bids.find((b) => b.bidId === bids['bids@harbour.test'])!.excludedFor[0].detail).toContain('verified level 1');
  });

  it('turns the winner’s public character into contract commitments when the contract is awarded', async () => {
    const c = await who('commissioner@northmere.test');
    expect((await t.http.post(path('/evaluation/complete')).set(c)).status).toBe(200);
    expect((await t.http.post(path('/evaluation/award/recommend')).set(c).send({ reason: 'Highest score' })).status).toBe(201);
    expect(
      (
        await t.http
          .post(path('/evaluation/award/approve'))
          .set(await who('admin@northmere.test'))
          .send({ reason: 'Approved' })
      ).status,
    ).toBe(201);
    expect((await t.http.get(path('/public-character/commitments')).set(await who('contracts@northmere.test'))).body.items).toEqual([]);
    // As if the standstill days had passed (award steps are append-only, so the trigger is lifted for the fixture).
    await asOwner(t, 'ALTER TABLE award_steps DISABLE TRIGGER award_steps_append_only');
    await asOwner(t, `UPDATE award_steps SET standstill_ends_at = now() - interval '1 minute' WHERE tender_id = $1`, [tender]);
    await asOwner(t, 'ALTER TABLE award_steps ENABLE TRIGGER award_steps_append_only');
    expect((await t.http.post(path('/evaluation/award/confirm')).set(c)).status).toBe(201);

    const items: { bidId: string; code: string; level: number; verified: boolean; statement: string; reviewDue: string }[] = (
      await t.http.get(path('/public-character/commitments')).set(await who('contracts@northmere.test'))
    ).body.items;
    expect(new Set(items.map((i) => i.bidId))).toEqual(new Set([bids['bids@brightpath.test']]));
    expect(items.find((i) => i.code === 'shared_ownership')).toMatchObject({
      level: 4,
      verified: true,
      statement: expect.stringContaining('half the board seats'),
    });
    // Tests the commissioner did not verify bind at the level Brightpath claimed, marked unverified.
    expect(items.find((i) => i.code === 'goals')).toMatchObject({ level: 4, verified: false });
    expect(items).toHaveLength(10);
    expect(items[0].reviewDue).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const mine = (await t.http.get(`/api/v1/public/tenders/${tender}/public-character/commitments`).set(await who('bids@brightpath.test'))).body.items;
    expect(mine).toHaveLength(10);
    expect((await t.http.get(`/api/v1/public/tenders/${tender}/public-character/commitments`).set(await who('bids@castleton.test'))).body.items).toEqual([]);
  });

  it('verified the demo’s awarded tender: its stored result is what its bundle recomputes to', async () => {
    const [demo] = await asOwner<{ id: string }>(t, `SELECT id FROM tenders WHERE reference = 'NCC-2023-031'`);
    const auditor = await who('auditor@northmere.test');
    const bundle = (await t.http.get(`/api/v1/tenders/${demo.id}/evaluation/bundle`).set(auditor)).body;
    const stored = (await t.http.get(`/api/v1/tenders/${demo.id}/evaluation/result`).set(auditor)).body;
    expect(evaluate(bundle.engine).digest).toBe(stored.digest);
    const queue = (await t.http.get(`/api/v1/tenders/${demo.id}/public-character`).set(auditor)).body.items;
    expect(queue).toHaveLength(4);
    expect(queue.every((b: { tests: { status: string }[] }) => b.tests.every((x) => x.status === 'accepted' || x.status === 'adjusted'))).toBe(true);
    // Brightpath won: its ten tests are contract commitments, performance at the level the commissioner adjusted it to.
    const all = (await t.http.get(`/api/v1/tenders/${demo.id}/public-character/commitments`).set(await who('contracts@northmere.test'))).body.items as {
      kind: string;
      code: string;
    }[];
    const commitments = all.filter((c) => c.kind === 'public_character');
    expect(commitments).toHaveLength(10);
    // …and its social value commitments beside them.
    expect(
      all
        .filter((c) => c.kind === 'social_value')
        .map((c) => c.code)
        .sort(),
    ).toEqual(['JOB-2', 'SOC-4']);
    expect(commitments.find((c: { code: string }) => c.code === 'performance')).toMatchObject({ level: 2, verified: true });
  });
});
