import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DEFAULT_FRAMEWORK } from '#public-character';
import { exampleModel } from '#tendering';
import { asOwner, login, startTestApp, type TestApp } from '../support/test-app.js';

/**
 * The public character framework (issue 6): the default of six maxims and ten tests, versions adopted
 * by the authority admin (rewritten descriptors, added tests, never a test dropped), and tenders
 * keeping the version in force when they were published.
 */
describe('public character framework', () => {
  let t: TestApp;
  let admin: Record<string, string>;
  let commissioner: Record<string, string>;
  const path = '/api/v1/public-character/framework';
  const inDays = (d: number) => new Date(Date.now() + d * 86_400_000).toISOString();

  beforeAll(async () => {
    t = await startTestApp({ env: { LOGIN_RATE_LIMIT: '1000' } });
    admin = { authorization: `Bearer ${await login(t, 'admin@northmere.test')}` };
    commissioner = { authorization: `Bearer ${await login(t, 'commissioner@northmere.test')}` };
  });
  afterAll(async () => t?.close());

  it('starts on the default: six maxims, the ten tests, descriptors for levels 0 to 4', async () => {
    const res = await t.http.get(path).set(commissioner);
    expect(res.body).toMatchObject({ version: 0, levels: ['Not met', 'Emerging', 'Partly', 'Largely', 'Fully'], adoptedAt: null });
    expect(res.body.framework.maxims).toHaveLength(6);
    expect(res.body.framework.tests.map((x: { code: string }) => x.code)).toContain('control_of_suppliers');
  });

  it('adopts a new version from the one in force, refusing a stale edit, a dropped test, and anyone but the admin', async () => {
    const mine = structuredClone(DEFAULT_FRAMEWORK);
    mine.tests[6].descriptors[4] = 'Fully: staff and service users hold at least half the board seats';
    mine.tests.push({
      code: 'welsh_language',
      name: 'Welsh language',
      question: 'Serves people in Welsh as well as English',
      descriptors: ['None', 'Some', 'Half', 'Most', 'All'],
    });
    expect((await t.http.post(path).set(commissioner).send({ basedOnVersion: 0, framework: mine })).status).toBe(403);
    const adopted = await t.http.post(path).set(admin).send({ basedOnVersion: 0, framework: mine });
    expect(adopted.status).toBe(201);
    expect(adopted.body).toMatchObject({ version: 1 });
    expect(adopted.body.framework.tests).toHaveLength(11);
    const stale = await t.http.post(path).set(admin).send({ basedOnVersion: 0, framework: mine });
    expect(stale.body).toMatchObject({ type: '/problems/stale-version', currentVersion: 1 });
    const dropped = { ...mine, tests: mine.tests.filter((x) => x.code !== 'values') };
    const refused = await t.http.post(path).set(admin).send({ basedOnVersion: 1, framework: dropped });
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toEqual([expect.objectContaining({ field: 'framework.tests', rule: 'core-tests' })]);
    expect((await t.http.get(path).set(commissioner)).body.version).toBe(1);
    const audit = await asOwner(t, `SELECT data FROM audit_events WHERE action = 'public_character.framework_adopted'`);
    expect(audit).toEqual([{ data: { version: 1, tests: 11 } }]);
  });

  it('keeps, on a published tender, the version in force at publication', async () => {
    const draft = (
      await t.http
        .post('/api/v1/tenders')
        .set(commissioner)
        .send({ reference: 'NCC-2027-PC1', title: 'Advocacy', model: exampleModel(), submissionDeadline: inDays(20) })
    ).body;
    const published = await t.http.post(`/api/v1/tenders/${draft.id}/transitions`).set(commissioner).send({ to: 'published' });
    expect(published.body).toMatchObject({ status: 'published', publicCharacterFrameworkVersion: 1 });
    const next = (await t.http.get(path).set(admin)).body.framework;
    expect((await t.http.post(path).set(admin).send({ basedOnVersion: 1, framework: next })).body.version).toBe(2);
    const again = await t.http.get(`/api/v1/tenders/${draft.id}`).set(commissioner);
    expect(again.body.publicCharacterFrameworkVersion).toBe(1);
  });
});
