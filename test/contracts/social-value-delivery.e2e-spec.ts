import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { exampleModel } from '#tendering';
import { ANSWERS, people } from '../support/evaluation-fixtures.js';
import { closeAndOpenBids } from '../support/fixtures.js';
import { asOwner, startTestApp, type TestApp } from '../support/test-app.js';
import { waitUntil } from '../support/wait.js';

type Year = { year: number; committed: string; reported: string | null; delivered: string; status: string; reportId: string | null };
type Board = {
  measures: { commitmentId: string; code: string; years: Year[]; committedValue: string; deliveredValue: string }[];
  committedValue: string;
  deliveredValue: string;
};

/**
 * Social value delivery (issue 6, item 9): at award the winner's commitments become contract terms with
 * their yearly quantities; the provider reports what it delivered with evidence; the contract manager
 * accepts or queries; the dashboard shows committed against delivered by measure and year.
 */
describe('social value delivery after award', () => {
  let t: TestApp;
  let who: ReturnType<typeof people>;
  let tender: string;
  const bids: Record<string, string> = {};
  const path = (rest = '') => `/api/v1/tenders/${tender}${rest}`;
  const mine = (rest = '') => `/api/v1/public/tenders/${tender}/delivery${rest}`;

  beforeAll(async () => {
    t = await startTestApp({ env: { LOGIN_RATE_LIMIT: '1000' } });
    who = people(t, 'northmere');
    const c = await who('commissioner@northmere.test');
    const draft = (
      await t.http
        .post('/api/v1/tenders')
        .set(c)
        .send({ reference: 'NCC-2027-DL1', title: 'Youth clubs', model: exampleModel(), submissionDeadline: new Date(Date.now() + 3_600_000).toISOString() })
    ).body;
    tender = draft.id;
    expect((await t.http.post(`/api/v1/tenders/${tender}/transitions`).set(c).send({ to: 'published' })).body.socialValueCatalogueVersion).toBe(0);
    const commit = (jobs: string, weeks: string) => ({
      commitments: [
        {
          measureCode: 'JOB-1',
          method: 'Local hiring through the job centre',
          quantities: [
            { year: 1, quantity: jobs },
            { year: 2, quantity: jobs },
          ],
        },
        { measureCode: 'JOB-3', method: 'Apprentices with the college', quantities: [{ year: 1, quantity: weeks }] },
      ],
    });
    for (const [email, price, sv] of [
      ['bids@brightpath.test', '450000.00', commit('3', '52')],
      ['bids@castleton.test', '470000.00', commit('1', '0')],
    ] as const) {
      expect(
        (
          await t.http
            .post(`/api/v1/public/tenders/${tender}/bids`)
            .set(await who(email))
            .send({ lotKey: 'lot-1', answers: ANSWERS, price, socialValue: sv })
        ).status,
      ).toBe(201);
    }
    await closeAndOpenBids(t, tender);
    await asOwner(t, `UPDATE tenders SET status = 'closed' WHERE id = $1`, [tender]);
    for (const b of await asOwner<{ id: string; email: string }>(
      t,
      `SELECT b.id, u.email FROM bid_submissions b JOIN provider_memberships pm ON pm.provider_id = b.provider_id JOIN users u ON u.id = pm.user_id WHERE b.tender_id = $1`,
      [tender],
    ))
      bids[b.email] = b.id;
    // Evaluate (marks as a moderation would leave them), verify the gated test, award, and let the standstill pass.
    expect((await t.http.post(path('/evaluation')).set(c)).status).toBe(201);
    await asOwner(
      t,
      `INSERT INTO consensus_marks (tenant_id, tender_id, bid_id, criterion_key, mark, rationale)
      SELECT b.tenant_id, b.tender_id, b.id, k, CASE WHEN u.email = 'bids@brightpath.test' THEN 4 ELSE 3 END, 'Agreed'
        FROM bid_submissions b JOIN provider_memberships pm ON pm.provider_id = b.provider_id JOIN users u ON u.id = pm.user_id, unnest(ARRAY['delivery', 'safeguarding', 'local-jobs']) k
       WHERE b.tender_id = $1`,
      [tender],
    );
    for (const id of Object.values(bids))
      await t.http
        .post(path(`/public-character/bids/${id}/tests/shared_ownership/verification`))
        .set(c)
        .send({ outcome: 'accepted' });
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
    await asOwner(t, 'ALTER TABLE award_steps DISABLE TRIGGER award_steps_append_only');
    await asOwner(t, `UPDATE award_steps SET standstill_ends_at = now() - interval '1 minute' WHERE tender_id = $1`, [tender]);
    await asOwner(t, 'ALTER TABLE award_steps ENABLE TRIGGER award_steps_append_only');
    expect((await t.http.post(path('/evaluation/award/confirm')).set(c)).status).toBe(201);
  });
  afterAll(async () => t?.close());

  it('makes the winner’s social value commitments contract terms, with their yearly quantities', async () => {
    const board: Board = (await t.http.get(path('/delivery')).set(await who('contracts@northmere.test'))).body;
    // Brightpath: JOB-1 3 FTE years in each of years 1 and 2 at £28,000 (£168,000); JOB-3 52 weeks at £240 (£12,480).
    expect(board.measures.map((m) => [m.code, m.committedValue])).toEqual([
      ['JOB-1', '168000.00'],
      ['JOB-3', '12480.00'],
    ]);
    expect(board).toMatchObject({ committedValue: '180480.00', deliveredValue: '0.00' });
    expect(board.measures[0].years.map((y) => [y.year, y.committed, y.status])).toEqual([
      [1, '3', 'not-reported'],
      [2, '3', 'not-reported'],
    ]);
    expect((await t.http.get(`/api/v1/public/tenders/${tender}/delivery`).set(await who('bids@castleton.test'))).body.measures).toEqual([]);
  });

  it('takes the provider’s report, a query, the report again and its acceptance; the dashboard counts only what was accepted', async () => {
    const brightpath = await who('bids@brightpath.test');
    const jobs = ((await t.http.get(mine()).set(brightpath)).body as Board).measures.find((m) => m.code === 'JOB-1')!.commitmentId;
    const first: Board = (
      await t.http
        .post(mine('/reports'))
        .set(brightpath)
        .send({ commitmentId: jobs, year: 1, quantity: '2.5', narrative: 'Two and a half posts filled locally' })
    ).body;
    const year1 = first.measures.find((m) => m.code === 'JOB-1')!.years[0];
    expect(year1).toMatchObject({ reported: '2.5', delivered: '0', status: 'awaiting-review' });

    const manager = await who('contracts@northmere.test');
    expect(
      (
        await t.http
          .post(path(`/delivery/reports/${year1.reportId}/review`))
          .set(manager)
          .send({ outcome: 'queried' })
      ).body.errors,
    ).toEqual([expect.objectContaining({ field: 'note', rule: 'required' })]);
    expect(
      (
        await t.http
          .post(path(`/delivery/reports/${year1.reportId}/review`))
          .set(await who('commissioner@northmere.test'))
          .send({ outcome: 'accepted' })
      ).status,
    ).toBe(403);
    const queried: Board = (
      await t.http
        .post(path(`/delivery/reports/${year1.reportId}/review`))
        .set(manager)
        .send({ outcome: 'queried', note: 'Send the payroll extract for the local hires' })
    ).body;
    expect(queried.measures[0].years[0]).toMatchObject({ status: 'queried' });
    expect(
      (
        await t.http
          .post(path(`/delivery/reports/${year1.reportId}/review`))
          .set(manager)
          .send({ outcome: 'accepted' })
      ).body.type,
    ).toBe('/problems/already-reviewed');

    const again: Board = (
      await t.http
        .post(mine('/reports'))
        .set(brightpath)
        .send({ commitmentId: jobs, year: 1, quantity: '3', narrative: 'Three posts; payroll extract attached' })
    ).body;
    const second = again.measures[0].years[0];
    const accepted: Board = (
      await t.http
        .post(path(`/delivery/reports/${second.reportId}/review`))
        .set(manager)
        .send({ outcome: 'accepted' })
    ).body;
    expect(accepted.measures[0].years[0]).toMatchObject({ reported: '3', delivered: '3', status: 'accepted' });
    expect(accepted).toMatchObject({ committedValue: '180480.00', deliveredValue: '84000.00' });
    const audit = await asOwner<{ data: { outcome: string } }>(
      t,
      `SELECT data FROM audit_events WHERE action = 'delivery.reviewed'
      AND entity_id IN (SELECT id FROM delivery_reports WHERE tender_id = $1) ORDER BY occurred_at`,
      [tender],
    );
    expect(audit.map((a) => a.data.outcome)).toEqual(['queried', 'accepted']);

    // Each report, the first and the one sent again, told the authority's contract managers (and only them).
    const told = `SELECT to_address, subject, text_body FROM email_deliveries WHERE template = 'delivery-reported' AND html_body LIKE $1 ORDER BY sent_at`;
    await waitUntil(async () => (await asOwner(t, told, [`%${tender}%`])).length >= 2, 20_000, 'the delivery report e-mails');
    const mails = await asOwner<{ to_address: string; subject: string; text_body: string }>(t, told, [`%${tender}%`]);
    expect(mails.map((m) => m.to_address)).toEqual(['contracts@northmere.test', 'contracts@northmere.test']);
    expect(mails[0].subject).toMatch(/^Delivery report to review: .+, year 1, NCC-2027-DL1$/);
    expect(mails.map((m) => /Reported: ([\d.]+) .*against ([\d.]+) committed/.exec(m.text_body)?.slice(1))).toEqual([
      ['2.5', '3'],
      ['3', '3'],
    ]);
  });

  it('refuses a report on a commitment that is not the provider’s, naming the field, and shows another authority nothing', async () => {
    const board: Board = (await t.http.get(path('/delivery')).set(await who('auditor@northmere.test'))).body;
    const res = await t.http
      .post(mine('/reports'))
      .set(await who('bids@castleton.test'))
      .send({ commitmentId: board.measures[0].commitmentId, year: 1, quantity: '9', narrative: 'Not ours' });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([expect.objectContaining({ field: 'commitmentId', rule: 'exists' })]);
    const bad = await t.http
      .post(mine('/reports'))
      .set(await who('bids@brightpath.test'))
      .send({ commitmentId: board.measures[0].commitmentId, year: 0, quantity: 'some', narrative: '' });
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['narrative', 'quantity', 'year']);
    expect((await t.http.get(path('/delivery')).set(await who('commissioner@southvale.test'))).status).toBe(404);
  });
});
