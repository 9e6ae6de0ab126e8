import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import supertest from 'supertest';
import { publicationsDone } from '../support/publication.js';
import { asOwner, startTestApp, type TestApp, tenderIdByReference } from '../support/test-app.js';

/**
 * Raising and supporting a concern e-mails the address typed in, so both are limited (issue 16): per e-mail
 * address, so the form cannot fill someone's inbox, and per client address; the API and the pages share the
 * counts, and a refusal says in words how long to wait, with Retry-After.
 */
describe('limits on raising and supporting concerns', () => {
  let t: TestApp;
  let ocid: string;
  let contractId: string;
  const concern = (email: string) => ({
    ocid,
    contractId,
    category: 'quality',
    description: 'The service has not been delivered on the days the contract says',
    name: 'Pat Resident',
    email,
  });
  const raise = (email: string) => t.http.post('/api/v1/public/concerns').send(concern(email));

  beforeAll(async () => {
    t = await startTestApp({ env: { CONCERN_LIMIT_PER_EMAIL: '2', CONCERN_LIMIT_PER_ADDRESS: '5' } });
    await publicationsDone(t);
    const tenderId = await tenderIdByReference(t, 'NCC-2023-031');
    ocid = `${t.config.OCDS_OCID_PREFIX}-${tenderId}`;
    [{ id: contractId }] = await asOwner<{ id: string }>(t, `SELECT id FROM contracts WHERE tender_id = $1`, [tenderId]);
  });

  afterAll(async () => {
    await t?.close();
  });

  it('refuses a third concern or support with one e-mail address in the hour, whatever its case, and keeps nothing of it', async () => {
    const first = await raise('pat@example.test');
    expect(first.status).toBe(202);
    const id = first.body.id as string;
    // Supporting counts too, answered or not (this concern is not public until its raiser confirms it), as every
    // sign-in attempt counts.
    expect((await t.http.post(`/api/v1/public/concerns/${id}/supporters`).send({ email: 'PAT@example.test' })).status).toBe(404);
    const [{ n: before }] = await asOwner<{ n: number }>(t, `SELECT count(*)::int AS n FROM concerns`);
    const third = await raise('Pat@Example.test');
    expect(third.status).toBe(429);
    expect(third.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(third.body).toMatchObject({ type: expect.stringMatching(/too-many-requests$/), title: 'Too many concerns sent' });
    expect(third.body.detail).toMatch(/^Wait \d+ minutes before trying again$/);
    expect(Number(third.headers['retry-after'])).toBeGreaterThan(3000);
    const [{ n: after }] = await asOwner<{ n: number }>(t, `SELECT count(*)::int AS n FROM concerns`);
    expect(after).toBe(before);
    // Another address is its own count.
    expect((await raise('sam@example.test')).status).toBe(202);
  });

  it('refuses more than the limit from one client address, in the pages as in the API', async () => {
    // Three sent above; two more reach five.
    expect((await raise('lee@example.test')).status).toBe(202);
    expect((await raise('kim@example.test')).status).toBe(202);
    const refused = await raise('max@example.test');
    expect(refused.status).toBe(429);
    const browser = supertest.agent(t.app.getHttpServer());
    const form = `/public/records/${ocid}/contracts/${contractId}/concerns/new`;
    const csrf = /name="_csrf" value="([^"]+)"/.exec((await browser.get(form)).text)![1];
    const { ocid: _o, contractId: _c, ...fields } = concern('robin@example.test');
    const page = await browser
      .post(form)
      .type('form')
      .send({ _csrf: csrf, ...fields });
    expect(page.status).toBe(429);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.text).toContain('Too many concerns sent');
    expect(page.text).toMatch(/Wait \d+ minutes before trying again/);
    expect(page.text).not.toMatch(/too-many-requests|ThrottleGuard/);
  });
});
