import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { login, startTestApp, type TestApp } from '../support/test-app.js';
import { csrfOf, signedInAgent } from '../support/web-agent.js';

const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');

describe('an evidence item in the pages: opened, changed, withdrawn and put back', () => {
  let t: TestApp;
  let api: Record<string, string>;
  let id: string;

  beforeAll(async () => {
    t = await startTestApp({ env: { LOGIN_RATE_LIMIT: '1000' } });
    api = { authorization: `Bearer ${await login(t, 'bids@castleton.test')}` };
    const added = await t.http
      .post('/api/v1/provider/evidence')
      .set(api)
      .send({ title: 'Articles of association', evidenceType: 'governance_document', url: 'https://castleton.test/articles.pdf', expiresOn: '2030-01-31' });
    expect(added.status).toBe(201);
    id = added.body.id;
  });
  afterAll(async () => t?.close());

  it('opens from the library and changes its description and dates, refusing a date that is not one in words', async () => {
    const agent = await signedInAgent(t, 'bids@castleton.test');
    const overview = await agent.get('/public-character');
    expect(overview.text).toContain(`href="/public-character/evidence/${id}"`);
    expect(text(overview.text)).toContain('31 January 2030');
    const page = await agent.get(`/public-character/evidence/${id}`);
    expect(page.status).toBe(200);
    expect(text(page.text)).toContain('https://castleton.test/articles.pdf');
    const form = {
      _csrf: csrfOf(page.text),
      title: 'Articles of association',
      evidenceType: 'governance_document',
      description: 'As amended in 2025',
      // Dates as the page sends them: day, month and year boxes.
      'issuedOn-day': '',
      'issuedOn-month': '',
      'issuedOn-year': '',
    };
    const refused = await agent
      .post(`/public-character/evidence/${id}`)
      .type('form')
      .send({ ...form, 'expiresOn-day': '31', 'expiresOn-month': '2', 'expiresOn-year': '2031' });
    expect(refused.status).toBe(400);
    expect(text(refused.text)).toContain('The date it expires must be a real date');
    // The boxes come back as they were typed.
    expect(refused.text).toMatch(/id="expiresOn-day" name="expiresOn-day" type="text" inputmode="numeric" value="31"/);
    expect(refused.text).toMatch(/id="expiresOn-month" name="expiresOn-month" type="text" inputmode="numeric" value="2"/);
    expect((await t.http.get(`/api/v1/provider/evidence/${id}`).set(api)).body).toMatchObject({ description: '', expiresOn: '2030-01-31' });
    const changed = await agent
      .post(`/public-character/evidence/${id}`)
      .type('form')
      .send({ ...form, 'expiresOn-day': '', 'expiresOn-month': '', 'expiresOn-year': '' });
    expect(changed.status).toBe(303);
    expect((await t.http.get(`/api/v1/provider/evidence/${id}`).set(api)).body).toMatchObject({ description: 'As amended in 2025', expiresOn: null });
  });

  it('withdraws the item (no longer offered as evidence) and puts it back; another provider cannot open it', async () => {
    const agent = await signedInAgent(t, 'bids@castleton.test');
    const page = await agent.get(`/public-character/evidence/${id}`);
    expect(
      (
        await agent
          .post(`/public-character/evidence/${id}/withdrawal`)
          .type('form')
          .send({ _csrf: csrfOf(page.text), withdrawn: 'true' })
      ).status,
    ).toBe(303);
    const ids = async () => ((await t.http.get('/api/v1/provider/evidence').set(api)).body.items as { id: string }[]).map((e) => e.id);
    expect(await ids()).not.toContain(id);
    const test = await agent.get('/public-character/tests/goals');
    expect(test.text).not.toContain(`value="${id}"`);
    const withdrawn = await agent.get(`/public-character/evidence/${id}`);
    expect(text(withdrawn.text)).toContain('Withdrawn');
    expect(
      (
        await agent
          .post(`/public-character/evidence/${id}/withdrawal`)
          .type('form')
          .send({ _csrf: csrfOf(withdrawn.text), withdrawn: 'false' })
      ).status,
    ).toBe(303);
    expect(await ids()).toContain(id);
    const other = await signedInAgent(t, 'bids@brightpath.test');
    expect((await other.get(`/public-character/evidence/${id}`)).status).toBe(404);
  });
});
