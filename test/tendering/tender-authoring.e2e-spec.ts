import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { contentHash } from '#kernel';
import { exampleModel } from '#tendering';
import { asOwner, login, startTestApp, type TestApp } from '../support/test-app.js';

const inDays = (d: number) => new Date(Date.now() + d * 86_400_000).toISOString();

describe('drafting and publishing a tender', () => {
  let t: TestApp;
  let commissioner: string;
  const auth = () => ({ authorization: `Bearer ${commissioner}` });
  const post = (path: string, body: object) => t.http.post(path).set(auth()).send(body);

  beforeAll(async () => {
    t = await startTestApp();
    commissioner = await login(t, 'commissioner@northmere.test');
  });
  afterAll(async () => t?.close());

  it('starts a draft with a model, under the policy pack in force', async () => {
    const res = await post('/api/v1/tenders', { reference: 'NCC-2027-001', title: 'Day opportunities', estimatedValue: '480000.00', model: exampleModel() });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ status: 'draft', policyPackVersion: 1, modelHash: null, estimatedValue: '480000.00', version: 1 });
  });

  it('refuses a malformed model with the field and rule, and stores nothing', async () => {
    const model = exampleModel();
    model.criteria[1].children![0].weight = '59.99';
    const res = await post('/api/v1/tenders', { reference: 'NCC-2027-002', title: 'Bad weights', model });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([
      { field: 'model.criteria.1.children', rule: 'weights-sum-100', message: 'The weights of the sub-criteria of “Quality” add up to 99.99%, not 100%' },
    ]);
    expect(await asOwner(t, `SELECT 1 FROM tenders WHERE reference = 'NCC-2027-002'`)).toEqual([]);
  });

  it('refuses a model that breaks the policy pack with 422 and the rule it breaks', async () => {
    const model = exampleModel();
    model.criteria[0].weight = '50';
    model.criteria[2].weight = '10'; // northmere's pack asks for at least 20
    const res = await post('/api/v1/tenders', { reference: 'NCC-2027-003', title: 'Too little social value', model });
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ type: '/problems/policy-violation' });
    expect(res.body.errors).toEqual([expect.objectContaining({ field: 'model.criteria.2.weight', rule: 'policy.min-social-value-weight' })]);
  });

  it('saves a draft only from its current version, then publishes it with a frozen, hashed model', async () => {
    const draft = (await post('/api/v1/tenders', { reference: 'NCC-2027-004', title: 'Advocacy', model: exampleModel() })).body;
    const noDeadline = await post(`/api/v1/tenders/${draft.id}/transitions`, { to: 'published' });
    expect(noDeadline.status).toBe(400);
    expect(noDeadline.body.errors).toEqual([expect.objectContaining({ field: 'submissionDeadline', rule: 'required' })]);

    const edit = { reference: 'NCC-2027-004', title: 'Independent advocacy', model: exampleModel(), submissionDeadline: inDays(14), version: 1 };
    const saved = await t.http.put(`/api/v1/tenders/${draft.id}`).set(auth()).send(edit);
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ title: 'Independent advocacy', version: 2 });
    const stale = await t.http
      .put(`/api/v1/tenders/${draft.id}`)
      .set(auth())
      .send({ ...edit, title: 'Lost update' });
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({ type: '/problems/stale-version', currentVersion: 2 });

    const published = await post(`/api/v1/tenders/${draft.id}/transitions`, { to: 'published' });
    expect(published.status).toBe(200);
    expect(published.body).toMatchObject({ status: 'published', modelHash: contentHash(exampleModel()), policyPackVersion: 1 });
    expect(published.body.publishedAt).not.toBeNull();
    const model = await t.http.get(`/api/v1/tenders/${draft.id}/model`).set(auth());
    expect(model.body).toMatchObject({ modelHash: contentHash(exampleModel()), model: exampleModel() });

    const late = await t.http
      .put(`/api/v1/tenders/${draft.id}`)
      .set(auth())
      .send({ ...edit, version: 3 });
    expect(late.status).toBe(409);
    expect(late.body.type).toBe('/problems/not-draft');
    // The database itself refuses a change to a published model, whoever asks.
    await expect(asOwner(t, `UPDATE tenders SET evaluation_model = '{}'::jsonb WHERE id = $1`, [draft.id])).rejects.toThrow(/frozen at publication/);
  });

  it('allows only the lifecycle’s transitions, saying which are possible', async () => {
    const draft = (await post('/api/v1/tenders', { reference: 'NCC-2027-005', title: 'Carers’ breaks', model: exampleModel(), submissionDeadline: inDays(10) }))
      .body;
    const skip = await post(`/api/v1/tenders/${draft.id}/transitions`, { to: 'awarded' });
    expect(skip.status).toBe(409);
    expect(skip.body).toMatchObject({ type: '/problems/illegal-transition', from: 'draft', allowed: ['published', 'cancelled'] });
    expect((await post(`/api/v1/tenders/${draft.id}/transitions`, { to: 'published' })).status).toBe(200);
    const early = await post(`/api/v1/tenders/${draft.id}/transitions`, { to: 'closed' });
    expect(early.status).toBe(409);
    expect(early.body.type).toBe('/problems/deadline-not-passed');
    const noReason = await post(`/api/v1/tenders/${draft.id}/transitions`, { to: 'cancelled' });
    expect(noReason.status).toBe(400);
    expect((await post(`/api/v1/tenders/${draft.id}/transitions`, { to: 'cancelled', reason: 'Budget withdrawn' })).status).toBe(200);
    const after = await post(`/api/v1/tenders/${draft.id}/transitions`, { to: 'published' });
    expect(after.status).toBe(409);
    expect(after.body.detail).toContain('it has ended');
    const audit = await asOwner<{ action: string }>(t, `SELECT action FROM audit_events WHERE entity_id = $1 ORDER BY occurred_at, id`, [draft.id]);
    expect(audit.map((a) => a.action)).toEqual(['tender.created', 'tender.published', 'tender.cancelled']);
  });

  it('refuses a deadline without a time zone, and a value that is not a decimal string', async () => {
    const res = await post('/api/v1/tenders', { reference: 'NCC-2027-006', title: 'Vague', submissionDeadline: '2027-03-01T12:00:00', estimatedValue: 1000.5 });
    expect(res.status).toBe(400);
    expect([...new Set(res.body.errors.map((e: { field: string }) => e.field))].sort()).toEqual(['estimatedValue', 'submissionDeadline']);
  });
});
