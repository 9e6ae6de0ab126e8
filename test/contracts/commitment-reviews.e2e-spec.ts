import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CommitmentReviewRemindersJob } from '#contracts';
import { people } from '../support/evaluation-fixtures.js';
import { asOwner, startTestApp, type TestApp, tenderIdByReference } from '../support/test-app.js';
import { waitUntil } from '../support/wait.js';

type Reviewed = {
  id: string;
  kind: string;
  code: string;
  level: number;
  schedule?: { nextYear: number; due: string; opensOn: string; status: string; lastLevel: number | null; kept: boolean | null };
  reviews?: { year: number; level: number; kept: boolean; note: string }[];
};

/**
 * The yearly review of public character commitments after award (docs/domain.md section 5), on the demo's
 * awarded contract (NCC-2023-031, awarded nearly three years ago, its first reviews recorded and its
 * second overdue): the contract manager records a year's review, the provider is told and reads it.
 */
describe('yearly review of public character commitments', () => {
  let t: TestApp;
  let who: ReturnType<typeof people>;
  let tender: string;
  const path = (rest = '') => `/api/v1/tenders/${tender}/public-character/commitments${rest}`;

  beforeAll(async () => {
    t = await startTestApp({ env: { LOGIN_RATE_LIMIT: '1000' }, awaitStartupJobs: true });
    who = people(t, 'northmere');
    tender = await tenderIdByReference(t, 'NCC-2023-031');
    // The reminders job also runs once at start-up, in the background: let it claim its reminders
    // before anything below changes what is overdue.
    await waitUntil(async () => (await asOwner(t, 'SELECT 1 FROM commitment_review_reminders')).length > 0, 20_000, 'the start-up reminders');
  });
  afterAll(async () => t?.close());

  it('shows each commitment with its reviews and the next one due: the demo’s second year is overdue', async () => {
    const items: Reviewed[] = (await t.http.get(path()).set(await who('contracts@northmere.test'))).body.items;
    const pc = items.filter((c) => c.kind === 'public_character');
    expect(pc.length).toBeGreaterThan(0);
    for (const c of pc) expect(c.schedule).toMatchObject({ nextYear: 2, status: 'overdue' });
    expect(pc.find((c) => c.code === 'employees')).toMatchObject({
      level: 2,
      schedule: { lastLevel: 1, kept: false },
      reviews: [{ year: 1, level: 1, kept: false }],
    });
    // Social value commitments have their delivery reports instead.
    expect(items.filter((c) => c.kind === 'social_value').every((c) => c.schedule === undefined)).toBe(true);
  });

  it('takes the next year’s review from the contract manager only, checked field by field, once', async () => {
    const manager = await who('contracts@northmere.test');
    const items: Reviewed[] = (await t.http.get(path()).set(manager)).body.items;
    const values = items.find((c) => c.code === 'values')!;
    const send = async (body: object, as = manager) =>
      t.http
        .post(path(`/${values.id}/reviews`))
        .set(as)
        .send(body);
    expect((await send({ year: 2, level: 3, note: 'x' }, await who('commissioner@northmere.test'))).status).toBe(403);
    const wrong = await send({ year: 3, level: 7, note: '  ' });
    expect(wrong.status).toBe(400);
    expect(wrong.body.errors.map((e: { field: string; rule: string }) => `${e.field} ${e.rule}`)).toEqual(['year next-review', 'level level', 'note required']);
    expect((await send({ year: 2, level: 'three', note: 'x' })).body.errors).toEqual([expect.objectContaining({ field: 'level' })]);

    const done = await send({ year: 2, level: 2, note: 'Equality monitoring dropped from the annual report' });
    expect(done.status).toBe(201);
    expect(done.body).toMatchObject({
      id: values.id,
      schedule: { nextYear: 3, lastLevel: 2, kept: false },
      reviews: [{ year: 1 }, { year: 2, level: 2, kept: false }],
    });
    expect((await send({ year: 2, level: 3, note: 'Again' })).body.errors).toEqual([expect.objectContaining({ field: 'year', rule: 'next-review' })]);
    const audit = await asOwner<{ data: Record<string, unknown> }>(t, `SELECT data FROM audit_events WHERE action = 'commitment.reviewed' AND entity_id = $1`, [
      values.id,
    ]);
    expect(audit).toEqual([{ data: { test: 'values', year: 2, committed: 3, found: 2, kept: false } }]);
    // Nothing a user typed was lost: the year 1 review stands beside it.
    expect(
      (await asOwner(t, 'SELECT review_year FROM commitment_reviews WHERE commitment_id = $1 ORDER BY review_year', [values.id])).map((r) => r.review_year),
    ).toEqual([1, 2]);
  });

  it('tells the provider, who reads its own reviews; no one else does', async () => {
    await waitUntil(
      async () =>
        (await asOwner(t, `SELECT 1 FROM email_deliveries WHERE template = 'commitment-reviewed' AND to_address = 'bids@brightpath.test'`)).length > 0,
      20_000,
      'the review e-mail',
    );
    const [mail] = await asOwner<{ subject: string; text_body: string }>(
      t,
      `SELECT subject, text_body FROM email_deliveries WHERE template = 'commitment-reviewed' AND to_address = 'bids@brightpath.test'`,
    );
    expect(mail.subject).toMatch(/^Commitment reviewed, year 2: Values, NCC-2023-031$/);
    expect(mail.text_body).toContain('the commitment was not kept');
    expect(mail.text_body).toContain('Equality monitoring dropped from the annual report');

    const mine: Reviewed[] = (await t.http.get(`/api/v1/public/tenders/${tender}/public-character/commitments`).set(await who('bids@brightpath.test'))).body
      .items;
    expect(mine.find((c) => c.code === 'values')!.reviews!.map((r) => r.year)).toEqual([1, 2]);
    expect((await t.http.get(`/api/v1/public/tenders/${tender}/public-character/commitments`).set(await who('bids@castleton.test'))).body.items).toEqual([]);
    const other = people(t, 'southvale');
    expect((await t.http.get(path()).set(await other('commissioner@southvale.test'))).status).toBe(404);
    const values = mine.find((c) => c.code === 'values')!;
    expect(
      (
        await t.http
          .post(path(`/${values.id}/reviews`))
          .set(await other('contracts@southvale.test'))
          .send({ year: 3, level: 3, note: 'x' })
      ).status,
    ).toBe(404);
  });

  it('reminds the contract managers of reviews overdue (at start-up, as every morning) and again as each opens, once each', async () => {
    const due = `SELECT to_address, subject, text_body FROM email_deliveries WHERE template = 'commitment-reviews-due' ORDER BY sent_at`;
    // At start-up, before anything above was recorded: every year 2 review was overdue.
    await waitUntil(async () => (await asOwner(t, due)).length > 0, 20_000, 'the start-up reminder');
    const [first] = await asOwner<{ to_address: string; subject: string; text_body: string }>(t, due);
    expect(first).toMatchObject({ to_address: 'contracts@northmere.test', subject: 'Commitment reviews overdue: NCC-2023-031' });
    expect(first.text_body).toMatch(/Employees: the year 2 review was due on[\s\S]*Values: the year 2 review was due on/);
    expect(first.text_body).not.toContain('Due:');

    // This morning: the review recorded above moved Values on, and its year 3 review is open. Only that is new.
    const job = t.app.get(CommitmentReviewRemindersJob);
    expect(await job.run()).toBe(1);
    await waitUntil(async () => (await asOwner(t, due)).length === 2, 20_000, 'the morning reminder');
    const second = (await asOwner<{ to_address: string; subject: string; text_body: string }>(t, due))[1];
    expect(second).toMatchObject({ to_address: 'contracts@northmere.test', subject: 'Commitment reviews due: NCC-2023-031' });
    expect(second.text_body).toMatch(/Due:\s*- Values: the year 3 review falls due on/);
    expect(second.text_body).not.toContain('Overdue');
    // The next morning: nothing new to say.
    expect(await job.run(new Date(Date.now() + 86_400_000))).toBe(0);
  });
});
