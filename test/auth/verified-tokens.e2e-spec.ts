import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { JwtService } from '@nestjs/jwt';
import { login, startTestApp, type TestApp } from '../support/test-app.js';

const claimsOf = (jwt: string) => JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString()) as Record<string, unknown>;

/**
 * The API verifies an access token once and keeps what it says until the token expires (issue 19): a token used
 * again is answered from what was kept, and that must never outlive the token or stand in for another one.
 */
describe('access tokens verified once', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { LOGIN_RATE_LIMIT: '1000' } });
  });
  afterAll(async () => t?.close());

  it('refuses a token once it has expired, though it was accepted (and kept) a moment before', async () => {
    const { sub, tid, roles } = claimsOf(await login(t, 'commissioner@northmere.test'));
    const short = t.app.get(JwtService, { strict: false }).sign({ sub, tid, roles }, { expiresIn: 2 });
    const { exp } = claimsOf(short) as { exp: number };
    const ask = () => t.http.get('/api/v1/tenders').set('authorization', `Bearer ${short}`);
    expect((await ask()).status).toBe(200);
    expect((await ask()).status).toBe(200);
    // Past its exp (whole seconds, as jsonwebtoken reads it): refused, with the same problem as any expired token.
    await new Promise((r) => setTimeout(r, exp * 1000 - Date.now() + 50));
    const late = await ask();
    expect(late.status).toBe(401);
    expect(late.body.type).toBe('/problems/unauthenticated');
  });

  it('keeps nothing for a token whose signature is wrong, even when its claims are those of a token already accepted', async () => {
    const good = await login(t, 'commissioner@northmere.test');
    expect((await t.http.get('/api/v1/tenders').set('authorization', `Bearer ${good}`)).status).toBe(200);
    const [header, payload, signature] = good.split('.');
    const forged = `${header}.${payload}.${signature.slice(0, -4)}${signature.endsWith('AAAA') ? 'BBBB' : 'AAAA'}`;
    const res = await t.http.get('/api/v1/tenders').set('authorization', `Bearer ${forged}`);
    expect(res.status).toBe(401);
    // And the real one still works after the forgery was refused.
    expect((await t.http.get('/api/v1/tenders').set('authorization', `Bearer ${good}`)).status).toBe(200);
  });

  it('answers each token with its own person, even when many are kept at once', async () => {
    const people = ['commissioner@northmere.test', 'commissioner@southvale.test', 'auditor@southvale.test', 'evaluator1@northmere.test'];
    const tokens = await Promise.all(people.map((p) => login(t, p)));
    for (let round = 0; round < 2; round++) {
      const me = await Promise.all(tokens.map((tok) => t.http.get('/api/v1/auth/me').set('authorization', `Bearer ${tok}`)));
      expect(me.map((r) => r.body.user?.email)).toEqual(people);
    }
  });
});
