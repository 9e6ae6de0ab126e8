import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { exampleModel } from '#tendering';
import { ANSWERS, people } from '../support/evaluation-fixtures.js';
import { closeAndOpenBids, openTenderCopy } from '../support/fixtures.js';
import { asOwner, startTestApp, type TestApp } from '../support/test-app.js';

/**
 * Social value commitments in bids (issue 6, item 8): valued with the catalogue version the tender was
 * published with (an authority's later import does not change them), checked field by field, sealed with
 * the bid and covered by its receipt, and read by the authority once the bids are opened.
 */
describe('social value commitments in bids', () => {
  let t: TestApp;
  let tender: string;
  let who: ReturnType<typeof people>;
  const commitments = [
    {
      measureCode: 'JOB-1',
      method: 'Recruit local youth workers through the job centre',
      quantities: [
        { year: 1, quantity: '2' },
        { year: 2, quantity: '3.5' },
      ],
    },
    { measureCode: 'JOB-3', method: 'Two apprentices a year', quantities: [{ year: 1, quantity: '52' }] },
  ];
  const bid = (socialValue?: object) => ({ lotKey: 'lot-1', answers: ANSWERS, price: '1000000.00', ...(socialValue ? { socialValue } : {}) });

  beforeAll(async () => {
    t = await startTestApp({ env: { LOGIN_RATE_LIMIT: '1000' } });
    who = people(t, 'northmere');
    tender = await openTenderCopy(t, new Date(Date.now() + 3_600_000));
    await asOwner(t, 'UPDATE tenders SET social_value_catalogue_version = 0 WHERE id = $1', [tender]);
  });
  afterAll(async () => t?.close());

  it('shows bidders the tender’s catalogue, and records a newly published tender’s version', async () => {
    const res = await t.http.get(`/api/v1/public/tenders/${tender}/social-value/catalogue`);
    expect(res.body).toMatchObject({ version: 0, illustrative: true });
    expect(res.body.measures).toContainEqual(expect.objectContaining({ code: 'JOB-1', unit: 'FTE year', proxyValue: '28000.00' }));
    const c = await who('commissioner@northmere.test');
    await t.http
      .post('/api/v1/social-value/catalogue/import')
      .set(c)
      .set('content-type', 'text/csv')
      .send('theme,outcome,measure_code,measure,unit,proxy_value,source\nJobs,Local work,J-1,Local hires,FTE year,30000.00,Northmere study 2026');
    const draft = (
      await t.http
        .post('/api/v1/tenders')
        .set(c)
        .send({
          reference: 'NCC-2027-SV1',
          title: 'Play schemes',
          model: exampleModel(),
          submissionDeadline: new Date(Date.now() + 20 * 86_400_000).toISOString(),
        })
    ).body;
    const published = await t.http.post(`/api/v1/tenders/${draft.id}/transitions`).set(c).send({ to: 'published' });
    expect(published.body).toMatchObject({ status: 'published', socialValueCatalogueVersion: 1 });
    // The copy keeps version 0 although Northmere now has version 1.
    expect((await t.http.get(`/api/v1/public/tenders/${tender}/social-value/catalogue`)).body.version).toBe(0);
  });

  it('values the commitments in the receipt, in proxy £ and as a share of the price', async () => {
    const res = await t.http
      .post(`/api/v1/public/tenders/${tender}/bids`)
      .set(await who('bids@brightpath.test'))
      .send(bid({ commitments }));
    expect(res.status).toBe(201);
    // 5.5 FTE years x £28,000 + 52 weeks x £240 = £166,480: 16.65% of £1,000,000.
    expect(res.body.socialValue).toEqual({ totalValue: '166480.00', shareOfPricePercent: '16.65' });
    const plain = await t.http
      .post(`/api/v1/public/tenders/${tender}/bids`)
      .set(await who('bids@brightpath.test'))
      .send(bid());
    expect(plain.body.socialValue).toBeNull();
    expect(plain.body.contentHash).not.toBe(res.body.contentHash);
  });

  it('refuses commitments it cannot value, naming each field, and keeps the bid already sent', async () => {
    const res = await t.http
      .post(`/api/v1/public/tenders/${tender}/bids`)
      .set(await who('bids@brightpath.test'))
      .send(bid({ commitments: [{ measureCode: 'J-1', method: '', quantities: [{ year: 1, quantity: 'lots' }] }] }));
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual([
      'socialValue.commitments.0.measureCode',
      'socialValue.commitments.0.method',
      'socialValue.commitments.0.quantities.0.quantity',
    ]);
    const mine = (await t.http.get(`/api/v1/public/tenders/${tender}/bids/mine`).set(await who('bids@brightpath.test'))).body.items;
    expect(mine.map((r: { version: number }) => r.version)).toEqual([2, 1]);
  });

  it('marks a social value criterion from the committed value when the model declares the formula, relative to the highest in the lot', async () => {
    // Published the ordinary way, with the formula declared on the local jobs criterion.
    const model = exampleModel();
    model.criteria.find((c) => c.category === 'social_value')!.children!.find((c) => c.key === 'local-jobs')!.committedValue = 'relative_to_highest';
    const c0 = await who('commissioner@northmere.test');
    const draft = (
      await t.http
        .post('/api/v1/tenders')
        .set(c0)
        .send({
          reference: 'NCC-2027-SV2',
          title: 'Youth clubs (social value by formula)',
          model,
          submissionDeadline: new Date(Date.now() + 3_600_000).toISOString(),
        })
    ).body;
    expect((await t.http.post(`/api/v1/tenders/${draft.id}/transitions`).set(c0).send({ to: 'published' })).status).toBe(200);
    const scored = draft.id as string;
    const send = async (email: string, socialValue: object) =>
      t.http
        .post(`/api/v1/public/tenders/${scored}/bids`)
        .set(await who(email))
        .send(bid(socialValue));
    // Published after Northmere imported its own catalogue (version 1: J-1 local hires at £30,000 an FTE year).
    const local = (quantity: string) => ({ commitments: [{ measureCode: 'J-1', method: 'Local hiring', quantities: [{ year: 1, quantity }] }] });
    expect((await send('bids@brightpath.test', local('5.5'))).status).toBe(201); // £165,000
    expect((await send('bids@castleton.test', local('2'))).status).toBe(201); // £60,000
    await closeAndOpenBids(t, scored);
    await asOwner(t, `UPDATE tenders SET status = 'closed' WHERE id = $1`, [scored]);
    const c = await who('commissioner@northmere.test');
    expect((await t.http.post(`/api/v1/tenders/${scored}/evaluation`).set(c)).status).toBe(201);
    // Evaluators do not mark it: moderation has no local-jobs cells.
    const cells = (await t.http.get(`/api/v1/tenders/${scored}/evaluation/moderation`).set(c)).body.items as { criterionKey: string }[];
    expect(cells.some((x) => x.criterionKey === 'local-jobs')).toBe(false);
    const ids = await Promise.all(
      ['bids@brightpath.test', 'bids@castleton.test'].map(
        async (email) =>
          (
            await asOwner<{ id: string }>(
              t,
              `SELECT b.id FROM bid_submissions b JOIN provider_memberships pm ON pm.provider_id = b.provider_id JOIN users u ON u.id = pm.user_id WHERE b.tender_id = $1 AND u.email = $2`,
              [scored, email],
            )
          )[0].id,
      ),
    );
    // Northmere's gate on shared ownership excludes a bid until its level is verified; both pass once accepted.
    for (const id of ids)
      expect(
        (await t.http.post(`/api/v1/tenders/${scored}/public-character/bids/${id}/tests/shared_ownership/verification`).set(c).send({ outcome: 'accepted' }))
          .status,
      ).toBe(201);
    const result = (await t.http.get(`/api/v1/tenders/${scored}/evaluation/result`).set(c)).body as {
      bids: { bidId: string; criteria: { key: string; raw: number }[] }[];
    };
    const raw = ids.map((id) => result.bids.find((x) => x.bidId === id)!.criteria.find((x) => x.key === 'local-jobs')!.raw);
    // Brightpath committed the most: 5. Castleton: 5 x 60,000 / 165,000 = 1.8182 (4 places, half up).
    expect(raw).toEqual([5, 1.8182]);
  });

  it('shows the authority each bid’s commitments, with the measures as the tender had them, once opened', async () => {
    await t.http
      .post(`/api/v1/public/tenders/${tender}/bids`)
      .set(await who('bids@brightpath.test'))
      .send(bid({ commitments }));
    const c = await who('commissioner@northmere.test');
    expect((await t.http.get(`/api/v1/tenders/${tender}/bids`).set(c)).body.items).toEqual([]);
    await closeAndOpenBids(t, tender);
    const [latest] = (await t.http.get(`/api/v1/tenders/${tender}/bids`).set(c)).body.items;
    expect(latest.socialValue).toMatchObject({
      catalogueVersion: 0,
      totalValue: '166480.00',
      commitments: [
        expect.objectContaining({ measureCode: 'JOB-1', method: 'Recruit local youth workers through the job centre', totalValue: '154000.00' }),
        expect.objectContaining({ measureCode: 'JOB-3', totalValue: '12480.00' }),
      ],
    });
    // The social value evaluator sees the commitments and their method statements beside the written answer.
    await asOwner(t, `UPDATE tenders SET status = 'closed' WHERE id = $1`, [tender]);
    expect((await t.http.post(`/api/v1/tenders/${tender}/evaluation`).set(c)).status).toBe(201);
    const [evaluator] = await asOwner<{ id: string }>(t, `SELECT id FROM users WHERE email = 'evaluator1@northmere.test'`);
    const assigned = await t.http
      .post(`/api/v1/tenders/${tender}/evaluation/assignments`)
      .set(c)
      .send({ userId: evaluator.id, criterionGroup: 'social-value' });
    expect(assigned.status).toBe(201);
    const e1 = await who('evaluator1@northmere.test');
    expect(
      (await t.http.post(`/api/v1/tenders/${tender}/evaluation/assignments/${assigned.body.id}/declaration`).set(e1).send({ conflict: false })).status,
    ).toBe(200);
    const sheet = (await t.http.get(`/api/v1/tenders/${tender}/evaluation/assignments/${assigned.body.id}/sheet`).set(e1)).body;
    expect(sheet.bids[0].socialValue.commitments[0]).toMatchObject({ measureCode: 'JOB-1', method: 'Recruit local youth workers through the job centre' });
  });
});
