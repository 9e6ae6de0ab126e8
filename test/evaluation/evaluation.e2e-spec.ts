import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { evaluate, resultDocument } from '#scoring';
import { evaluateCommand } from '../../apps/api/src/cli/evaluate-command.js';
import { TransactionRunner } from '#platform';
import { IndependentMark } from '#evaluation';
import { evaluatedTender, GROUP_CRITERIA, markAndSubmit, people, userId } from '../support/evaluation-fixtures.js';
import { asOwner, authorityId, startTestApp, type TestApp } from '../support/test-app.js';
import { waitUntil } from '../support/wait.js';
import { withFile } from '../support/scratch-file.js';

/**
 * The evaluation workflow end to end on the API (issue 5): assignment, conflicts, independent scoring that no
 * other evaluator can see before submitting, moderation with variance flags, the abnormally low clarification,
 * completion, the reproducible result, and the award with its second approver, standstill and assessment summaries.
 */
describe('evaluation and award', () => {
  let t: TestApp;
  let who: ReturnType<typeof people>;
  let tenderId: string;
  let bids: Record<string, string>;
  let base: string;
  const quality: Record<string, string> = {};

  beforeAll(async () => {
    t = await startTestApp({ env: { LOGIN_RATE_LIMIT: '1000', LOG_LEVEL: process.env.DEBUG_LOG ?? 'silent' } });
    who = people(t, 'northmere');
    // Meadow's price is abnormally low: under 60% of the others' mean and 70% of the next lowest.
    ({ tenderId, bids } = await evaluatedTender(t, 'northmere', 'opened', {
      'bids@brightpath.test': '450000.00',
      'bids@harbour.test': '520000.00',
      'bids@meadow.test': '200000.00',
    }));
    base = `/api/v1/tenders/${tenderId}/evaluation`;
  });
  afterAll(async () => t?.close());

  const commissioner = () => who('commissioner@northmere.test');

  it('starts only once the bids are open, moving the tender to evaluation', async () => {
    await asOwner(t, `UPDATE tenders SET status = 'published', bids_opened_at = NULL WHERE id = $1`, [tenderId]);
    expect((await t.http.post(base).set(await commissioner())).body.type).toBe('/problems/bids-not-opened');
    await asOwner(t, `UPDATE tenders SET status = 'closed', bids_opened_at = now() WHERE id = $1`, [tenderId]);
    const res = await t.http.post(base).set(await commissioner());
    expect(res.status).toBe(201);
    expect(res.body.seed).toEqual(expect.any(Number));
    expect((await asOwner<{ status: string }>(t, 'SELECT status FROM tenders WHERE id = $1', [tenderId]))[0].status).toBe('evaluation');
  });

  it('assigns evaluators to criterion groups, refusing people without the role and the price group', async () => {
    const c = await commissioner();
    for (const email of ['evaluator1@northmere.test', 'evaluator2@northmere.test']) {
      const res = await t.http
        .post(`${base}/assignments`)
        .set(c)
        .send({ userId: await userId(t, email), criterionGroup: 'quality' });
      expect(res.status).toBe(201);
      quality[email] = res.body.id;
    }
    const notEvaluator = await t.http
      .post(`${base}/assignments`)
      .set(c)
      .send({ userId: await userId(t, 'contracts@northmere.test'), criterionGroup: 'quality' });
    expect(notEvaluator.body.errors).toEqual([expect.objectContaining({ field: 'userId', rule: 'evaluator-role' })]);
    const price = await t.http
      .post(`${base}/assignments`)
      .set(c)
      .send({ userId: await userId(t, 'evaluator1@northmere.test'), criterionGroup: 'price' });
    expect(price.body.errors).toEqual([expect.objectContaining({ field: 'criterionGroup', rule: 'one-of' })]);
  });

  it('shows no bid content before the conflict declaration, and removes (and audits) an evaluator who declares one', async () => {
    const e2 = await who('evaluator2@northmere.test');
    const early = await t.http.get(`${base}/assignments/${quality['evaluator2@northmere.test']}/sheet`).set(e2);
    expect(early.status).toBe(403);
    expect(early.body.type).toBe('/problems/declaration-required');
    const sv = await t.http
      .post(`${base}/assignments`)
      .set(await commissioner())
      .send({ userId: await userId(t, 'evaluator2@northmere.test'), criterionGroup: 'social-value' });
    const noNote = await t.http.post(`${base}/assignments/${sv.body.id}/declaration`).set(e2).send({ conflict: true });
    expect(noNote.body.errors).toEqual([expect.objectContaining({ field: 'note', rule: 'required-with-conflict' })]);
    expect(
      (await t.http.post(`${base}/assignments/${sv.body.id}/declaration`).set(e2).send({ conflict: true, note: 'My sister chairs Harbour Housing' })).status,
    ).toBe(200);
    expect((await t.http.get(`${base}/assignments/${sv.body.id}/sheet`).set(e2)).status).toBe(403);
    const audit = await asOwner(t, `SELECT data FROM audit_events WHERE action = 'evaluation.conflict_declared' AND entity_id = $1`, [tenderId]);
    expect(audit).toEqual([{ data: expect.objectContaining({ assignmentId: sv.body.id, note: 'My sister chairs Harbour Housing' }) }]);
    // Another evaluator cannot act on someone else's assignment: it is not found.
    expect(
      (
        await t.http
          .post(`${base}/assignments/${quality['evaluator2@northmere.test']}/declaration`)
          .set(await who('evaluator1@northmere.test'))
          .send({ conflict: false })
      ).status,
    ).toBe(404);
  });

  it('keeps each evaluator’s marks from the other until they submit: in the API and in the database', async () => {
    const e1 = await who('evaluator1@northmere.test');
    const e2 = await who('evaluator2@northmere.test');
    for (const [email, h] of [
      ['evaluator1@northmere.test', e1],
      ['evaluator2@northmere.test', e2],
    ] as const) {
      expect((await t.http.post(`${base}/assignments/${quality[email]}/declaration`).set(h).send({ conflict: false })).status).toBe(200);
    }
    const sheet = await t.http.get(`${base}/assignments/${quality['evaluator1@northmere.test']}/sheet`).set(e1);
    expect(sheet.body.criteria.map((c: { key: string }) => c.key)).toEqual(['delivery', 'safeguarding']);
    expect(sheet.body.bids).toHaveLength(3);
    expect(sheet.body.bids[0].answers).toEqual({ delivery: expect.any(String), safeguarding: expect.any(String) });
    expect(JSON.stringify(sheet.body)).not.toMatch(/price|450000|local-jobs/);

    const outOfScale = await t.http
      .put(`${base}/assignments/${quality['evaluator1@northmere.test']}/marks`)
      .set(e1)
      .send({ bidId: bids['bids@brightpath.test'], criterionKey: 'delivery', mark: 6, reason: 'x' });
    expect(outOfScale.body.errors).toEqual([expect.objectContaining({ field: 'mark', rule: 'within-scale' })]);
    const notInGroup = await t.http
      .put(`${base}/assignments/${quality['evaluator1@northmere.test']}/marks`)
      .set(e1)
      .send({ bidId: bids['bids@brightpath.test'], criterionKey: 'local-jobs', mark: 3, reason: 'x' });
    expect(notInGroup.body.errors).toEqual([expect.objectContaining({ field: 'criterionKey', rule: 'in-group' })]);
    const early = await t.http.post(`${base}/assignments/${quality['evaluator1@northmere.test']}/submit`).set(e1);
    expect(early.status).toBe(400);
    expect(early.body.errors).toHaveLength(6);

    // evaluator2 marks first (delivery 2 for Brightpath) but does not submit yet.
    const order = [bids['bids@brightpath.test'], bids['bids@harbour.test'], bids['bids@meadow.test']];
    for (const bidId of order) {
      for (const criterionKey of GROUP_CRITERIA.quality) {
        const mark = bidId === bids['bids@brightpath.test'] && criterionKey === 'delivery' ? 2 : 4;
        expect(
          (await t.http.put(`${base}/assignments/${quality['evaluator2@northmere.test']}/marks`).set(e2).send({ bidId, criterionKey, mark, reason: 'e2' }))
            .status,
        ).toBe(200);
      }
    }
    // evaluator1 marks (delivery 5 for Brightpath: a spread of 3) and submits.
    await markAndSubmit(t, e1, tenderId, quality['evaluator1@northmere.test'], 'quality', order, (i, c) => (i === 0 && c === 'delivery' ? 5 : 4));

    const seenBy2 = await t.http.get(`${base}/marks`).set(e2);
    expect(seenBy2.body.items.length).toBe(6);
    expect(new Set(seenBy2.body.items.map((m: { evaluatorId: string }) => m.evaluatorId))).toEqual(new Set([await userId(t, 'evaluator2@northmere.test')]));
    // The same in the database, as the app role in evaluator2's context: the rule is the database's.
    const direct = await t.app
      .get(TransactionRunner)
      .run({ tenantId: await authorityId(t, 'northmere'), userId: await userId(t, 'evaluator2@northmere.test') }, (em) =>
        em.find(IndependentMark, { where: { tenderId } }),
      );
    expect(direct.map((m) => m.evaluatorId)).toEqual(Array(6).fill(await userId(t, 'evaluator2@northmere.test')));
    // evaluator1 has submitted, but evaluator2's marks are still drafts: not theirs to read yet.
    expect((await t.http.get(`${base}/marks`).set(e1)).body.items.length).toBe(6);

    // The commissioner sees progress as counts.
    const progress = await t.http.get(`${base}/assignments`).set(await commissioner());
    expect(
      progress.body.items
        .filter((a: { criterionGroup: string }) => a.criterionGroup === 'quality')
        .map((a: { evaluator: string; marked: number; toMark: number; submittedAt: string | null }) => [
          a.evaluator,
          a.marked,
          a.toMark,
          Boolean(a.submittedAt),
        ]),
    ).toEqual([
      ['Evaluator One, Northmere City Council', 6, 6, true],
      ['Evaluator Two, Northmere City Council', 6, 6, false],
    ]);

    await markAndSubmit(t, e2, tenderId, quality['evaluator2@northmere.test'], 'quality', [], () => 0);
    expect((await t.http.get(`${base}/marks`).set(e2)).body.items.length).toBe(12);
    expect((await t.http.get(`${base}/marks`).set(e1)).body.items.length).toBe(12);
    const late = await t.http
      .put(`${base}/assignments/${quality['evaluator2@northmere.test']}/marks`)
      .set(e2)
      .send({ bidId: order[0], criterionKey: 'delivery', mark: 5, reason: 'changed my mind' });
    expect(late.body.type).toBe('/problems/marks-submitted');
  });

  it('moderates beside the spread: a wide spread needs a note, and a group is moderated only when all its evaluators have submitted', async () => {
    const c = await commissioner();
    const e1 = await who('evaluator1@northmere.test');
    const cells = (await t.http.get(`${base}/moderation`).set(c)).body.items as {
      bidId: string;
      criterionKey: string;
      spread: number;
      varianceFlagged: boolean;
      ready: boolean;
    }[];
    const wide = cells.find((x) => x.bidId === bids['bids@brightpath.test'] && x.criterionKey === 'delivery')!;
    expect(wide).toMatchObject({ spread: 3, varianceFlagged: true, ready: true });
    expect(cells.filter((x) => x.varianceFlagged)).toHaveLength(1);
    const noNote = await t.http.put(`${base}/consensus`).set(c).send({ bidId: wide.bidId, criterionKey: 'delivery', mark: 4, reason: 'Strong delivery plan' });
    expect(noNote.body.errors).toEqual([expect.objectContaining({ field: 'varianceNote', rule: 'variance-explained' })]);
    expect(
      (
        await t.http.put(`${base}/consensus`).set(c).send({
          bidId: wide.bidId,
          criterionKey: 'delivery',
          mark: 4,
          reason: 'Strong delivery plan',
          varianceNote: 'Evaluator Two had missed the staffing appendix',
        })
      ).status,
    ).toBe(200);
    // Social value and public character: evaluator1 alone.
    const mine = (await t.http.get(`${base}/assignments/mine`).set(e1)).body.items;
    expect(mine.map((a: { criterionGroup: string }) => a.criterionGroup)).toEqual(['quality']);
    const notReady = await t.http.put(`${base}/consensus`).set(c).send({ bidId: wide.bidId, criterionKey: 'local-jobs', mark: 3, reason: 'r' });
    expect(notReady.body.type).toBe('/problems/marks-outstanding');
    for (const group of ['social-value', 'public-character']) {
      const a = await t.http
        .post(`${base}/assignments`)
        .set(c)
        .send({ userId: await userId(t, 'evaluator1@northmere.test'), criterionGroup: group });
      await t.http.post(`${base}/assignments/${a.body.id}/declaration`).set(e1).send({ conflict: false });
      await markAndSubmit(t, e1, tenderId, a.body.id, group, Object.values(bids), () => 3);
    }
    for (const x of (await t.http.get(`${base}/moderation`).set(c)).body.items as { bidId: string; criterionKey: string; consensus: unknown }[]) {
      if (x.consensus) continue;
      expect((await t.http.put(`${base}/consensus`).set(c).send({ bidId: x.bidId, criterionKey: x.criterionKey, mark: 4, reason: 'Agreed' })).status).toBe(200);
    }
  });

  it('will not complete with an abnormally low bid unexplained; the clarification outcome is recorded once', async () => {
    const c = await commissioner();
    const refused = await t.http.post(`${base}/complete`).set(c);
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toEqual([{ field: `abnormallyLow.${bids['bids@meadow.test']}`, rule: 'clarification-outcome', message: expect.any(String) }]);
    const low = await t.http.get(`${base}/abnormally-low`).set(c);
    expect(low.body.items).toEqual([
      expect.objectContaining({ bidId: bids['bids@meadow.test'], flags: ['abnormally-low:mean-of-others', 'abnormally-low:next-lowest'], review: null }),
    ]);
    const notLow = await t.http.post(`${base}/abnormally-low/${bids['bids@harbour.test']}`).set(c).send({ outcome: 'accepted', reason: 'x' });
    expect(notLow.body.errors).toEqual([expect.objectContaining({ field: 'bidId', rule: 'abnormally-low' })]);
    const ok = await t.http
      .post(`${base}/abnormally-low/${bids['bids@meadow.test']}`)
      .set(c)
      .send({ outcome: 'accepted', reason: 'Volunteer-led model; costings checked against the National Living Wage' });
    expect(ok.status).toBe(201);
    expect((await t.http.post(`${base}/abnormally-low/${bids['bids@meadow.test']}`).set(c).send({ outcome: 'rejected', reason: 'x' })).status).toBe(409);
  });

  it('completes with a fixed result whose bundle recomputes to the same ranking and digest', async () => {
    const c = await commissioner();
    const done = await t.http.post(`${base}/complete`).set(c);
    expect(done.status).toBe(200);
    const result = (await t.http.get(`${base}/result`).set(c)).body;
    expect(result).toMatchObject({ status: 'complete', digest: done.body.digest });
    // Meadow: lowest price (full price marks) and the same quality: first.
    expect(result.ranking.map((r: { bidId: string }) => r.bidId)).toEqual([bids['bids@meadow.test'], bids['bids@brightpath.test'], bids['bids@harbour.test']]);
    const bundle = (await t.http.get(`${base}/bundle`).set(await who('auditor@northmere.test'))).body;
    expect(bundle).toMatchObject({ format: 'commonweal-evaluation-bundle/1', sensitivity: { samples: 10000, percent: '10', seed: expect.any(Number) } });
    const again = resultDocument(evaluate(bundle.engine));
    expect(JSON.stringify(again.ranking)).toBe(JSON.stringify(result.ranking));
    expect(again.digest).toBe(result.digest);
    // The command an auditor runs offline (`npx commonweal evaluate bundle.json`), on the bundle as downloaded.
    const printed: string[] = [];
    expect(
      withFile('bundle.json', JSON.stringify(bundle), (file) =>
        evaluateCommand(
          [file],
          (s) => printed.push(s),
          (s) => printed.push(s),
        ),
      ),
    ).toBe(0);
    const offline = JSON.parse(printed.join('\n'));
    expect(JSON.stringify(offline.ranking)).toBe(JSON.stringify(result.ranking));
    expect(offline.digest).toBe(result.digest);
    const sensitivity = (await t.http.get(`${base}/sensitivity`).set(c)).body;
    expect(sensitivity.lots[0]).toMatchObject({ winner: bids['bids@meadow.test'], applicable: true, pairs: expect.any(Array), monteCarlo: { samples: 10000 } });
    expect(
      (await t.http.put(`${base}/consensus`).set(c).send({ bidId: bids['bids@harbour.test'], criterionKey: 'delivery', mark: 5, reason: 'late' })).body.type,
    ).toBe('/problems/evaluation-complete');
  });

  it('awards through a second person and a standstill, sending each bidder its own assessment summary', async () => {
    const c = await commissioner();
    expect((await t.http.post(`${base}/award/approve`).set(c).send({ reason: 'x' })).body.type).toBe('/problems/not-recommended');
    expect((await t.http.post(`${base}/award/recommend`).set(c).send({ reason: 'Best value, explained' })).status).toBe(201);
    const self = await t.http.post(`${base}/award/approve`).set(c).send({ reason: 'x' });
    expect(self.status).toBe(403);
    expect(self.body.type).toBe('/problems/second-person-required');
    expect(
      (
        await t.http
          .post(`${base}/award/approve`)
          .set(await who('auditor@northmere.test'))
          .send({ reason: 'x' })
      ).status,
    ).toBe(403);
    const approved = await t.http
      .post(`${base}/award/approve`)
      .set(await who('admin@northmere.test'))
      .send({ reason: 'Approved at panel' });
    expect(approved.status).toBe(201);
    expect(new Date(approved.body.standstillEndsAt).getTime()).toBeGreaterThan(Date.now() + 8 * 86_400_000);
    const early = await t.http.post(`${base}/award/confirm`).set(c);
    expect(early.body).toMatchObject({ type: '/problems/standstill-running', standstillEndsAt: approved.body.standstillEndsAt });

    // Each bidder sees its own summary beside the winner's; never another's.
    const brightpath = (await t.http.get(`/api/v1/public/tenders/${tenderId}/assessment-summary`).set(await who('bids@brightpath.test'))).body;
    expect(brightpath.lots[0]).toMatchObject({ won: false, rank: 2, ranked: 3 });
    expect(brightpath.lots[0].criteria.find((x: { key: string }) => x.key === 'delivery')).toMatchObject({
      yours: { mark: 4, reason: 'Strong delivery plan' },
      winner: { mark: 4, reason: 'Agreed' },
    });
    const meadow = (await t.http.get(`/api/v1/public/tenders/${tenderId}/assessment-summary`).set(await who('bids@meadow.test'))).body;
    expect(meadow.lots[0]).toMatchObject({ won: true, rank: 1 });
    expect(JSON.stringify(meadow)).not.toContain('Brightpath');
    expect((await t.http.get(`/api/v1/public/tenders/${tenderId}/assessment-summary`).set(await who('bids@castleton.test'))).status).toBe(404);
    // Brightpath's bundle: its own bid named, the others anonymous, and the same ranking when recomputed offline.
    const own = (await t.http.get(`/api/v1/public/tenders/${tenderId}/evaluation/bundle`).set(await who('bids@brightpath.test'))).body;
    expect(own.engine.bids.map((b: { bidId: string }) => b.bidId).sort()).toEqual([bids['bids@brightpath.test'], 'other-1', 'other-2'].sort());
    expect(JSON.stringify(own)).not.toContain(bids['bids@meadow.test']);
    expect(own.engine.independentMarks).toBeUndefined();
    const printed: string[] = [];
    expect(
      withFile('own.json', JSON.stringify(own), (file) =>
        evaluateCommand(
          [file],
          (x) => printed.push(x),
          (x) => printed.push(x),
        ),
      ),
    ).toBe(0);
    const official = (await t.http.get(`${base}/result`).set(c)).body.ranking as { bidId: string; rank: number; total: string }[];
    expect(JSON.parse(printed.join('\n')).ranking.map((r: { rank: number; total: string }) => [r.rank, r.total])).toEqual(
      official.map((r) => [r.rank, r.total]),
    );
    expect((await t.http.get(`/api/v1/public/tenders/${tenderId}/evaluation/bundle`).set(await who('bids@castleton.test'))).status).toBe(404);
    await waitUntil(
      async () =>
        (await asOwner(t, `SELECT 1 FROM email_deliveries WHERE template = 'assessment-summary' AND html_body LIKE $1`, [`%${tenderId}%`])).length >= 3,
      20_000,
      'the summaries',
    );
    const mail = await asOwner<{ to_address: string; text_body: string }>(
      t,
      `SELECT to_address, text_body FROM email_deliveries WHERE template = 'assessment-summary' AND to_address = 'bids@brightpath.test' AND html_body LIKE $1`,
      [`%${tenderId}%`],
    );
    expect(mail[0].text_body).toMatch(/ranked 2 of 3/);
    // The authority sees each bidder's summary as sent, and what became of every e-mail carrying it.
    type Sent = { providerId: string; providerName: string; state: string; emails: { to: string; status: string; sentAt: string | null }[] };
    await waitUntil(
      async () => ((await t.http.get(`${base}/summaries`).set(c)).body.items as Sent[]).every((s) => s.state === 'sent'),
      20_000,
      'the summaries sent',
    );
    const sent: Sent[] = (await t.http.get(`${base}/summaries`).set(await who('auditor@northmere.test'))).body.items;
    expect(sent.map((s) => [s.providerName, s.state])).toEqual([
      ['Brightpath Community Interest Company', 'sent'],
      ['Harbour Housing Association', 'sent'],
      ['Meadow Mutual', 'sent'],
    ]);
    const toBrightpath = sent.find((s) => s.providerName.startsWith('Brightpath'))!;
    expect(toBrightpath.emails).toEqual([{ to: 'bids@brightpath.test', status: 'sent', sentAt: expect.any(String), error: null }]);
    const asSent = (await t.http.get(`${base}/summaries/${toBrightpath.providerId}`).set(c)).body;
    expect(asSent).toEqual(brightpath);
    expect((await t.http.get(`${base}/summaries/${toBrightpath.providerId}`).set(await who('evaluator1@northmere.test'))).status).toBe(403);

    // As if the standstill days had passed (award steps are append-only, so the trigger is lifted for the fixture).
    await asOwner(t, 'ALTER TABLE award_steps DISABLE TRIGGER award_steps_append_only');
    await asOwner(t, `UPDATE award_steps SET standstill_ends_at = now() - interval '1 minute' WHERE tender_id = $1`, [tenderId]);
    await asOwner(t, 'ALTER TABLE award_steps ENABLE TRIGGER award_steps_append_only');
    expect((await t.http.post(`${base}/award/confirm`).set(c)).status).toBe(201);
    expect((await asOwner<{ status: string }>(t, 'SELECT status FROM tenders WHERE id = $1', [tenderId]))[0].status).toBe('awarded');
    const steps = (await t.http.get(`${base}/award`).set(await who('auditor@northmere.test'))).body.items;
    expect(steps.map((s: { step: string }) => s.step)).toEqual(['recommended', 'approved', 'awarded']);
    const audit = await asOwner<{ action: string }>(t, `SELECT action FROM audit_events WHERE entity_id = $1 AND action LIKE 'award.%' ORDER BY occurred_at`, [
      tenderId,
    ]);
    expect(audit.map((a) => a.action)).toEqual(['award.recommended', 'award.approved', 'award.awarded']);
  });

  it('lets no other authority see any of it', async () => {
    const other = people(t, 'southvale');
    for (const path of ['result', 'bundle', 'moderation', 'assignments', 'award', 'summaries']) {
      expect((await t.http.get(`${base}/${path}`).set(await other('commissioner@southvale.test'))).status).toBe(404);
    }
  });
});
