import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type EvaluatedTender, evaluatedTender, GROUP_CRITERIA, markAndSubmit, people, userId } from '../support/evaluation-fixtures.js';
import { asOwner, startTestApp, type TestApp } from '../support/test-app.js';
import { waitUntil } from '../support/wait.js';

type Cell = { bidId: string; criterionKey: string; criterionGroup: string; ready: boolean; independent: { evaluatorId: string; mark: number }[] };

/**
 * Withdrawing an evaluator (an issue 5 follow-up): the commissioner stands an evaluator down with a
 * reason before their group is moderated; the row stays for the record, their marks stop counting, and
 * the group waits for the evaluators still in it.
 */
describe('withdrawing an evaluator', () => {
  let t: TestApp;
  let who: ReturnType<typeof people>;
  let e: EvaluatedTender;
  let base: string;
  let second: string;

  beforeAll(async () => {
    t = await startTestApp({ env: { LOGIN_RATE_LIMIT: '1000' } });
    who = people(t, 'northmere');
    e = await evaluatedTender(t, 'northmere', 'declared');
    base = `/api/v1/tenders/${e.tenderId}/evaluation`;
    const c = await who('commissioner@northmere.test');
    second = (
      await t.http
        .post(`${base}/assignments`)
        .set(c)
        .send({ userId: await userId(t, 'evaluator2@northmere.test'), criterionGroup: 'quality' })
    ).body.id;
    const e2 = await who('evaluator2@northmere.test');
    expect((await t.http.post(`${base}/assignments/${second}/declaration`).set(e2).send({ conflict: false })).status).toBe(200);
    // A draft mark of 0 from the evaluator about to be withdrawn: it must not reach moderation.
    expect(
      (
        await t.http
          .put(`${base}/assignments/${second}/marks`)
          .set(e2)
          .send({ bidId: Object.values(e.bids)[0], criterionKey: 'delivery', mark: 0, reason: 'Draft' })
      ).status,
    ).toBe(200);
  });
  afterAll(async () => t?.close());

  it('takes a reason from the commissioner only, records it, and shuts the evaluator out', async () => {
    const withdraw = async (body: object, as = 'commissioner@northmere.test', id = second) =>
      t.http
        .post(`${base}/assignments/${id}/withdrawal`)
        .set(await who(as))
        .send(body);
    expect((await withdraw({ reason: 'Off sick' }, 'evaluator1@northmere.test')).status).toBe(403);
    const noReason = await withdraw({});
    expect(noReason.status).toBe(400);
    expect(noReason.body.errors.length).toBeGreaterThan(0);
    expect(noReason.body.errors.every((x: { field: string }) => x.field === 'reason')).toBe(true);
    expect((await withdraw({ reason: '   ' })).body.errors).toEqual([expect.objectContaining({ field: 'reason', rule: 'required' })]);

    const done = await withdraw({ reason: 'Off sick for the evaluation period' });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ id: second, withdrawalReason: 'Off sick for the evaluation period', withdrawnAt: expect.any(String), marked: 1 });
    expect((await withdraw({ reason: 'Again' })).body.type).toBe('/problems/already-withdrawn');
    const audit = await asOwner<{ data: Record<string, unknown> }>(
      t,
      `SELECT data FROM audit_events WHERE action = 'evaluation.evaluator_withdrawn' AND entity_id = $1`,
      [e.tenderId],
    );
    expect(audit).toEqual([
      { data: expect.objectContaining({ assignmentId: second, criterionGroup: 'quality', reason: 'Off sick for the evaluation period', submitted: false }) },
    ]);

    const e2 = await who('evaluator2@northmere.test');
    const sheet = await t.http.get(`${base}/assignments/${second}/sheet`).set(e2);
    expect(sheet.status).toBe(403);
    expect(sheet.body.type).toBe('/problems/withdrawn');
    expect(
      (
        await t.http
          .put(`${base}/assignments/${second}/marks`)
          .set(e2)
          .send({ bidId: Object.values(e.bids)[0], criterionKey: 'delivery', mark: 5, reason: 'x' })
      ).status,
    ).toBe(403);
    expect((await t.http.post(`${base}/assignments/${second}/submit`).set(e2)).status).toBe(403);
    const again = await t.http
      .post(`${base}/assignments`)
      .set(await who('commissioner@northmere.test'))
      .send({ userId: await userId(t, 'evaluator2@northmere.test'), criterionGroup: 'quality' });
    expect(again.status).toBe(409);
    // The evaluator was told of both: the assignment, then the withdrawal with its reason.
    const [{ reference }] = await asOwner<{ reference: string }>(t, 'SELECT reference FROM tenders WHERE id = $1', [e.tenderId]);
    const told = `SELECT template, subject, text_body FROM email_deliveries WHERE to_address = 'evaluator2@northmere.test' AND template LIKE 'evaluator-%' AND subject LIKE $1 ORDER BY sent_at`;
    await waitUntil(async () => (await asOwner(t, told, [`%${reference}`])).length === 2, 20_000, 'the evaluator e-mails');
    const mails = await asOwner<{ template: string; subject: string; text_body: string }>(t, told, [`%${reference}`]);
    expect(mails.map((m) => m.template)).toEqual(['evaluator-assigned', 'evaluator-withdrawn']);
    expect(mails[0].subject).toMatch(/^You are asked to evaluate: Quality, /);
    expect(mails[1].text_body).toContain('Reason: Off sick for the evaluation period');
    // The record keeps the draft mark; it simply no longer counts.
    expect(
      await asOwner(t, `SELECT mark FROM independent_marks WHERE tender_id = $1 AND evaluator_id = $2`, [
        e.tenderId,
        await userId(t, 'evaluator2@northmere.test'),
      ]),
    ).toEqual([{ mark: 0 }]);
  });

  it('moderates the group on the marks of those still in it, and refuses a withdrawal once moderation has started', async () => {
    const c = await who('commissioner@northmere.test');
    const e1 = await who('evaluator1@northmere.test');
    await markAndSubmit(t, e1, e.tenderId, e.assignments.quality, 'quality', Object.values(e.bids), () => 3);
    const cells: Cell[] = (await t.http.get(`${base}/moderation`).set(c)).body.items;
    const quality = cells.filter((x) => x.criterionGroup === 'quality');
    expect(quality).toHaveLength(Object.keys(e.bids).length * GROUP_CRITERIA.quality.length);
    const evaluator1 = await userId(t, 'evaluator1@northmere.test');
    for (const cell of quality) {
      expect(cell.ready).toBe(true);
      expect(cell.independent).toEqual([expect.objectContaining({ evaluatorId: evaluator1, mark: 3 })]);
    }
    // Nor do they reach the bundle the engine recomputes from (the variance flags read it).
    const bundle = (await t.http.get(`${base}/bundle`).set(c)).body;
    expect(bundle.engine.independentMarks[Object.values(e.bids)[0]].delivery).toEqual([3]);
    // The evaluator still in the group sees only marks that count.
    expect((await t.http.get(`${base}/marks`).set(e1)).body.items.every((m: { evaluatorId: string }) => m.evaluatorId === evaluator1)).toBe(true);

    const [first] = quality;
    expect(
      (await t.http.put(`${base}/consensus`).set(c).send({ bidId: first.bidId, criterionKey: first.criterionKey, mark: 3, reason: 'Agreed' })).status,
    ).toBe(200);
    const late = await t.http.post(`${base}/assignments/${e.assignments.quality}/withdrawal`).set(c).send({ reason: 'Too late' });
    expect(late.status).toBe(409);
    expect(late.body.type).toBe('/problems/moderation-started');

    // A group whose only evaluator is withdrawn waits for a new one before it can be moderated.
    expect((await t.http.post(`${base}/assignments/${e.assignments['social-value']}/withdrawal`).set(c).send({ reason: 'Left the council' })).status).toBe(200);
    const sv = ((await t.http.get(`${base}/moderation`).set(c)).body.items as Cell[]).find((x) => x.criterionGroup === 'social-value')!;
    expect(sv.ready).toBe(false);
    const waiting = await t.http.put(`${base}/consensus`).set(c).send({ bidId: sv.bidId, criterionKey: sv.criterionKey, mark: 3, reason: 'x' });
    expect(waiting.body.type).toBe('/problems/marks-outstanding');
  });
});
