import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DEMO_AUTHORITIES } from '../../apps/api/src/demo/demo-world.js';
import { waitUntil } from '../support/wait.js';
import { asOwner, login, startTestApp, tenderIdByReference, type TestApp } from '../support/test-app.js';

describe('clarification questions and answers', () => {
  let t: TestApp;
  let provider: Record<string, string>;
  let commissioner: Record<string, string>;
  const idOf = (reference: string) => tenderIdByReference(t, reference);

  beforeAll(async () => {
    t = await startTestApp({ env: { OUTBOX_POLL_MS: '50', LOGIN_RATE_LIMIT: '1000' } });
    provider = { authorization: `Bearer ${await login(t, 'bids@brightpath.test')}` };
    commissioner = { authorization: `Bearer ${await login(t, 'commissioner@northmere.test')}` };
  });
  afterAll(async () => t?.close());

  it('publishes the answer to everyone without the asker, and e-mails every provider following the tender', async () => {
    const tender = await idOf('NCC-2026-014');
    // The demo has answered one question on this tender already.
    const before = (await t.http.get(`/api/v1/public/tenders/${tender}/clarifications`)).body.items;
    expect(before).toHaveLength(1);
    const asked = await t.http
      .post(`/api/v1/public/tenders/${tender}/clarifications`)
      .set(provider)
      .send({ question: 'Brightpath asks: can the clubs use school halls?' });
    expect(asked.status).toBe(201);
    expect((await t.http.get(`/api/v1/public/tenders/${tender}/clarifications`)).body.items).toEqual(before);

    const inbox = await t.http.get(`/api/v1/tenders/${tender}/clarifications`).set(commissioner);
    expect(inbox.body.items).toHaveLength(2);
    expect(inbox.body.items).toContainEqual(expect.objectContaining({ id: asked.body.id, askedBy: 'Brightpath Community Interest Company', answer: null }));

    const answered = await t.http
      .post(`/api/v1/tenders/${tender}/clarifications/${asked.body.id}/answer`)
      .set(commissioner)
      .send({ answer: 'Yes, by agreement with each school.', publishedQuestion: 'Can the clubs use school halls?' });
    expect(answered.status).toBe(200);
    const published = await t.http.get(`/api/v1/public/tenders/${tender}/clarifications`);
    expect(published.body.items).toEqual([
      ...before,
      { id: asked.body.id, question: 'Can the clubs use school halls?', answer: 'Yes, by agreement with each school.', answeredAt: expect.any(String) },
    ]);
    expect(JSON.stringify(published.body)).not.toMatch(/Brightpath|Harbour|providerId|askedBy/i);

    const followers = DEMO_AUTHORITIES[0].tenders.find((x) => x.reference === 'NCC-2026-014')!;
    const expected = ('followedBy' in followers ? followers.followedBy : []).slice().sort();
    await waitUntil(
      async () => (await asOwner(t, `SELECT 1 FROM email_deliveries WHERE template = 'clarification-published'`)).length === expected.length,
      20_000,
      'the e-mails',
    );
    const mails = await asOwner<{ to_address: string; text_body: string }>(
      t,
      `SELECT to_address, text_body FROM email_deliveries WHERE template = 'clarification-published' ORDER BY to_address`,
    );
    expect(mails.map((m) => m.to_address)).toEqual(expected);
    expect(mails[0].text_body).toContain('Can the clubs use school halls?');
    expect(mails[0].text_body).not.toContain('Brightpath asks');

    const again = await t.http.post(`/api/v1/tenders/${tender}/clarifications/${asked.body.id}/answer`).set(commissioner).send({ answer: 'Changed my mind' });
    expect(again.status).toBe(409);
  });

  it('refuses a question after questions close, naming when they closed, and on a tender not open for bids', async () => {
    const tender = await idOf('NCC-2026-017');
    await asOwner(t, `UPDATE tenders SET clarification_deadline = now() - interval '1 hour' WHERE id = $1`, [tender]);
    const late = await t.http.post(`/api/v1/public/tenders/${tender}/clarifications`).set(provider).send({ question: 'Too late?' });
    expect(late.status).toBe(409);
    expect(late.body.type).toBe('/problems/clarification-deadline-passed');
    expect(late.body.detail).toMatch(/^Questions on this tender closed on \w+day \d+ \w+ \d{4} at .+ (GMT|BST)$/);
    const closed = await t.http
      .post(`/api/v1/public/tenders/${await idOf('SVICB-2026-002')}/clarifications`)
      .set(provider)
      .send({ question: 'Still open?' });
    expect(closed.status).toBe(409);
    const draft = await t.http
      .post(`/api/v1/public/tenders/${await idOf('NCC-2026-009')}/clarifications`)
      .set(provider)
      .send({ question: 'A draft?' });
    expect(draft.status).toBe(404);
    const empty = await t.http
      .post(`/api/v1/public/tenders/${await idOf('NCC-2026-014')}/clarifications`)
      .set(provider)
      .send({ question: '' });
    expect(empty.status).toBe(400);
    expect(empty.body.errors[0].field).toBe('question');
  });
});
