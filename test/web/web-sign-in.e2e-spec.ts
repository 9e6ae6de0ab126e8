import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import supertest from 'supertest';
import { DEMO_PASSWORD } from '../../apps/api/src/demo/demo-world.js';
import { asOwner, startTestApp, type TestApp } from '../support/test-app.js';

const token = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';

async function signInForm(t: TestApp) {
  const agent = supertest.agent(t.app.getHttpServer());
  const form = await agent.get('/sign-in');
  return { agent, csrf: token(form.text), cookies: form.headers['set-cookie'] as unknown as string[] };
}

describe('signing in on the web', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { LOGIN_RATE_LIMIT: '4', LOGIN_MAX_FAILURES: '3' } });
  });
  afterAll(async () => t?.close());

  it('sets an httpOnly, SameSite session cookie that the API does not accept', async () => {
    const { agent, csrf, cookies } = await signInForm(t);
    expect(cookies.join(';')).toMatch(/cw_presession=[^;]+;.*HttpOnly/i);
    const res = await agent.post('/sign-in').type('form').send({ _csrf: csrf, email: 'auditor@southvale.test', password: DEMO_PASSWORD });
    expect(res.status).toBe(303);
    const session = (res.headers['set-cookie'] as unknown as string[]).find((c) => c.startsWith('cw_session='))!;
    expect(session).toMatch(/HttpOnly/i);
    expect(session).toMatch(/SameSite=Lax/i);
    expect(session).toMatch(/Expires=/i);
    // The cookie opens pages, never the API: a cross-site form cannot reach the API with it.
    expect((await agent.get('/dashboard')).status).toBe(200);
    expect((await agent.get('/api/v1/auth/me')).status).toBe(401);
  });

  it('keeps every signed-in answer out of caches, and nothing public', async () => {
    const { agent, csrf } = await signInForm(t);
    await agent.post('/sign-in').type('form').send({ _csrf: csrf, email: 'commissioner@southvale.test', password: DEMO_PASSWORD });
    expect((await agent.get('/dashboard')).headers['cache-control']).toBe('no-store');
    // An address no route has never meets the access guard, but its page carries the signed-in navigation.
    const missing = await agent.get('/no-such-page');
    expect([missing.status, missing.headers['cache-control'], missing.headers['etag']]).toEqual([404, 'no-store', undefined]);
    const api = await t.http.post('/api/v1/auth/login').send({ email: 'commissioner@southvale.test', password: DEMO_PASSWORD });
    const me = await t.http.get('/api/v1/auth/me').set('authorization', `Bearer ${api.body.accessToken}`);
    expect([me.status, me.headers['cache-control']]).toEqual([200, 'no-store']);
    // Nothing keeps a no-store answer, so nothing could revalidate it: it carries no ETag.
    expect(me.headers['etag']).toBeUndefined();
    const list = await t.http.get('/api/v1/tenders').set('authorization', `Bearer ${api.body.accessToken}`);
    expect([list.status, list.headers['cache-control'], list.headers['etag']]).toEqual([200, 'no-store', undefined]);
    const open = await t.http.get('/api/v1/public/ocds/releases?limit=1');
    expect(open.headers['cache-control']).not.toBe('no-store');
    // A public answer keeps its validator, and a cache that holds it is told it is still current.
    expect(open.headers['etag']).toMatch(/^W\/"/);
    const again = await t.http.get('/api/v1/public/ocds/releases?limit=1').set('if-none-match', open.headers['etag'] as string);
    expect(again.status).toBe(304);
  });

  it('clears a session cookie the server no longer accepts, and shows the sign-in page instead of sending the browser round', async () => {
    const { agent, csrf } = await signInForm(t);
    await agent.post('/sign-in').type('form').send({ _csrf: csrf, email: 'contracts@southvale.test', password: DEMO_PASSWORD });
    expect((await agent.get('/dashboard')).status).toBe(200);
    await asOwner(t, `UPDATE web_sessions SET revoked_at = now() WHERE revoked_at IS NULL`);
    // A page that needs signing in: sent to sign in, the cookie cleared.
    const dashboard = await agent.get('/dashboard');
    expect([dashboard.status, dashboard.headers.location]).toEqual([303, expect.stringMatching(/^\/sign-in/)]);
    expect((dashboard.headers['set-cookie'] as unknown as string[]).join(';')).toMatch(/cw_session=;/);
    // The sign-in page itself, with the dead cookie still sent: shown, and the cookie cleared again.
    const signIn = await supertest(t.app.getHttpServer())
      .get('/sign-in')
      .set('cookie', `cw_session=${'A'.repeat(43)}`);
    expect(signIn.status).toBe(200);
    expect((signIn.headers['set-cookie'] as unknown as string[]).join(';')).toMatch(/cw_session=;/);
  });

  it('goes back to the page asked for, and never to another site', async () => {
    const own = await signInForm(t);
    const back = await own.agent
      .post('/sign-in')
      .type('form')
      .send({ _csrf: own.csrf, email: 'admin@southvale.test', password: DEMO_PASSWORD, next: '/admin/emails' });
    expect(back.headers.location).toBe('/admin/emails');
    for (const next of ['//evil.example/x', 'https://evil.example/', '/\\evil.example']) {
      const s = await signInForm(t);
      const res = await s.agent.post('/sign-in').type('form').send({ _csrf: s.csrf, email: 'admin@southvale.test', password: DEMO_PASSWORD, next });
      expect(`${next} -> ${res.headers.location}`).toBe(`${next} -> /dashboard`);
    }
  });

  it('locks an account after repeated wrong passwords and says so on the form', async () => {
    let last = '';
    for (let i = 0; i < 3; i++) {
      const s = await signInForm(t);
      const res = await s.agent.post('/sign-in').type('form').send({ _csrf: s.csrf, email: 'scrutiny@southvale.test', password: 'wrong' });
      last = res.text;
      expect([401, 429]).toContain(res.status);
    }
    expect(last).toContain('This account is locked after too many wrong passwords');
    expect(last).toContain('govuk-error-summary');
  });

  it('rate-limits sign-in attempts from one address for one e-mail, like the API, and locks an address with no account as an account', async () => {
    const statuses: number[] = [];
    const texts: string[] = [];
    for (let i = 0; i < 6; i++) {
      const s = await signInForm(t);
      const res = await s.agent.post('/sign-in').type('form').send({ _csrf: s.csrf, email: 'nobody@southvale.test', password: 'wrong-again' });
      statuses.push(res.status);
      texts.push(res.text);
    }
    // No such account, yet locked at the third failure as an account would be (the answers never say which
    // addresses have accounts); from the fifth, the limiter answers first (4 a minute here).
    expect(statuses).toEqual([401, 401, 429, 429, 429, 429]);
    expect(texts[2]).toContain('This account is locked after too many wrong passwords');
    expect(texts[5]).toContain('Too many sign-in attempts');
    expect(texts[5]).toMatch(/Wait \d+ seconds before trying again/);
  });
});
