import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { asOwner, DEMO_PASSWORD, login, startTestApp, type TestApp } from '../support/test-app.js';
import { describeWith } from '../support/services.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- problem bodies read as a client reads them */

/** A value nested `depth` objects deep. */
const nested = (depth: number, leaf: unknown = 'x') => {
  let v: unknown = leaf;
  for (let i = 0; i < depth; i++) v = { a: v };
  return v;
};

/**
 * Hostile input (issue 18, item 1): what used to answer 500 now answers 400 naming the field, before any
 * validation or the database sees it, and stores nothing: nesting a few thousand levels deep, a NUL character in
 * free text or a CSV import, an unpaired UTF-16 surrogate in an e-mail address, on API routes and on pages.
 */
describe('hostile input', () => {
  let t: TestApp;
  let commissioner: { authorization: string };
  let admin: { authorization: string };

  beforeAll(async () => {
    t = await startTestApp({ env: { LOGIN_RATE_LIMIT: '10000' } });
    commissioner = { authorization: `Bearer ${await login(t, 'commissioner@northmere.test')}` };
    admin = { authorization: `Bearer ${await login(t, 'admin@northmere.test')}` };
  });
  afterAll(async () => t?.close());

  const expectField = (res: any, field: string, rule: string) => {
    expect([res.status, res.headers['content-type']]).toEqual([400, expect.stringMatching(/^application\/problem\+json/)]);
    expect(res.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field, rule })]));
  };

  it('refuses a body nested thousands of levels deep on sign-in, registration and an authority route, naming where', async () => {
    // Written out as text: the client's own serialiser gives up long before a few thousand levels.
    const deep = `${'{"a":'.repeat(5000)}"x"${'}'.repeat(5000)}`;
    const json = (path: string, body: string) => t.http.post(path).set('content-type', 'application/json').send(body);
    expectField(await json('/api/v1/auth/login', `{"email":${deep},"password":"x"}`), `email${'.a'.repeat(31)}`, 'max-depth');
    expectField(await json('/api/v1/providers', `{"organisation":${deep}}`), `organisation${'.a'.repeat(31)}`, 'max-depth');
    expectField(
      await t.http
        .post('/api/v1/cycles')
        .set(commissioner)
        .send(nested(40) as object),
      'a'.concat('.a'.repeat(31)),
      'max-depth',
    );
  });

  it('refuses a NUL character in free text and in a CSV import, storing nothing', async () => {
    const before = await asOwner(
      t,
      `SELECT (SELECT count(*) FROM commissioning_cycles)::int AS cycles, (SELECT count(*) FROM social_value_catalogues)::int AS versions`,
    );
    const cycle = await t.http
      .post('/api/v1/cycles')
      .set(commissioner)
      .send({ reference: 'HOSTILE-1', title: 'Youth\u0000services', purpose: 'p', accountability: 'a', success: 's' });
    expectField(cycle, 'title', 'no-nul');
    expect(cycle.body.errors.find((e: any) => e.field === 'title').message).toBe('title must not contain a NUL character');
    const csv = await t.http
      .post('/api/v1/social-value/catalogue/import')
      .set(admin)
      .set('content-type', 'text/csv')
      .send('code,theme,outcome,measure,unit,proxy_value\nNT1,Jobs,More local people in employment,Local people employed\u0000,FTE,1000.00\n');
    expectField(csv, 'body', 'no-nul');
    expect(
      await asOwner(t, `SELECT (SELECT count(*) FROM commissioning_cycles)::int AS cycles, (SELECT count(*) FROM social_value_catalogues)::int AS versions`),
    ).toEqual(before);
    // A query string too.
    expectField(await t.http.get('/api/v1/tenders?status=published%00').set(commissioner), 'query.status', 'no-nul');
  });

  it('refuses a registration with nothing in it, naming what is missing', async () => {
    const res = await t.http.post('/api/v1/providers').send({});
    expectField(res, 'organisation', 'isDefined');
    expectField(res, 'person', 'isDefined');
  });

  it('refuses an unpaired surrogate in an e-mail address, signed in or not', async () => {
    expectField(
      await t.http.post('/api/v1/auth/login').send({ email: 'commissioner\uD800@northmere.test', password: DEMO_PASSWORD }),
      'email',
      'well-formed-text',
    );
  });

  it('answers a page’s form with a 400 page, not a server error', async () => {
    const res = await t.http.post('/sign-in').type('form').set('accept', 'text/html').send({ email: 'a\u0000@b.test', password: 'x' });
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
  });
});

describe('the sign-in limit behind no proxy', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { LOGIN_RATE_LIMIT: '3' } });
  });
  afterAll(async () => t?.close());

  it('is not rotated past by naming another address in X-Forwarded-For (TRUST_PROXY is none by default)', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++)
      statuses.push(
        (
          await t.http
            .post('/api/v1/auth/login')
            .set('x-forwarded-for', `203.0.113.${i + 1}`)
            .send({ email: 'rotating@northmere.test', password: 'guess' })
        ).status,
      );
    expect(statuses).toEqual([401, 401, 401, 429, 429]);
  });
});

describeWith('DATABASE_URL', 'exchanges at the same moment need connections side by side, which one embedded session cannot have')(
  'a refresh token under concurrency',
  () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp({ env: { LOGIN_RATE_LIMIT: '10000' } });
    });
    afterAll(async () => t?.close());

    it('is exchanged once of eight exchanges sent together', async () => {
      for (let round = 0; round < 5; round++) {
        const signedIn = await t.http.post('/api/v1/auth/login').send({ email: 'commissioner@northmere.test', password: DEMO_PASSWORD });
        expect(signedIn.status).toBe(200);
        const answers = await Promise.all(
          Array.from({ length: 8 }, () => t.http.post('/api/v1/auth/refresh').send({ refreshToken: signedIn.body.refreshToken })),
        );
        expect(answers.map((a) => a.status).sort()).toEqual([200, 401, 401, 401, 401, 401, 401, 401]);
      }
    });
  },
);
