import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DEMO_PASSWORD, login, startTestApp, type TestApp } from '../support/test-app.js';

const decode = (jwt: string) => JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString());

describe('authentication', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { LOGIN_RATE_LIMIT: '1000', LOGIN_MAX_FAILURES: '3', ACCESS_TOKEN_TTL_SECONDS: '60' } });
  });
  afterAll(async () => t?.close());

  const signIn = (email: string, password = DEMO_PASSWORD, authority?: string) =>
    t.http.post('/api/v1/auth/login').send({ email, password, ...(authority ? { authority } : {}) });

  it('signs staff in to their authority with their roles and a short-lived token', async () => {
    const res = await signIn('Evaluator1@Northmere.test');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ tokenType: 'Bearer', expiresIn: 60, roles: ['evaluator'], authority: { slug: 'northmere' } });
    const claims = decode(res.body.accessToken);
    expect(claims.exp - claims.iat).toBe(60);
    expect(claims.tid).toBe(res.body.authority.id);
    const me = await t.http.get('/api/v1/auth/me').set('authorization', `Bearer ${res.body.accessToken}`);
    expect(me.body).toMatchObject({ kind: 'user', user: { email: 'evaluator1@northmere.test' }, roles: ['evaluator'] });
  });

  it('refuses a wrong password and an unknown e-mail alike', async () => {
    const wrong = await signIn('auditor@southvale.test', 'not-the-password');
    const unknown = await signIn('nobody@southvale.test');
    for (const res of [wrong, unknown]) {
      expect(res.status).toBe(401);
      expect(res.body.type).toBe('/problems/bad-credentials');
    }
    expect(wrong.body.detail).toBe(unknown.body.detail);
  });

  it('locks an account after repeated failures, even against the right password', async () => {
    for (let i = 0; i < 2; i++) expect((await signIn('scrutiny@southvale.test', 'guess-' + i)).status).toBe(401);
    const third = await signIn('scrutiny@southvale.test', 'guess-3');
    expect(third.status).toBe(429);
    expect(third.body.type).toBe('/problems/account-locked');
    expect(Number(third.headers['retry-after'])).toBeGreaterThan(800);
    const right = await signIn('scrutiny@southvale.test');
    expect(right.status).toBe(429);
    expect(right.body.lockedUntil).toBeDefined();
  });

  it('answers an address with no account as an account: locked after as many failures, for as long, in the same words', async () => {
    const answers = async (email: string) => {
      const out = [];
      for (let i = 0; i < 4; i++) out.push(await signIn(email, 'guess-' + i));
      return out;
    };
    const known = await answers('evaluator2@southvale.test');
    const unknown = await answers('no-such-person@southvale.test');
    const shape = (r: { status: number; body: { type: string; title: string }; headers: Record<string, string> }) => [
      r.status,
      r.body.type,
      r.body.title,
      Math.round(Number(r.headers['retry-after'] ?? 0) / 60),
    ];
    expect(unknown.map(shape)).toEqual(known.map(shape));
    expect(unknown.map((r) => r.status)).toEqual([401, 401, 429, 429]);
  });

  it('signs a provider user in for its organisation, toward any authority it names', async () => {
    const plain = await signIn('bids@meadow.test');
    expect(plain.status).toBe(200);
    expect(plain.body).toMatchObject({ roles: ['provider'], provider: { name: 'Meadow Mutual' } });
    expect(plain.body.authority).toBeUndefined();
    const toward = await signIn('bids@meadow.test', DEMO_PASSWORD, 'southvale');
    expect(toward.body).toMatchObject({ roles: ['provider'], authority: { slug: 'southvale' } });
    // A provider is not authority staff: authority routes are closed to it.
    const tenders = await t.http.get('/api/v1/tenders').set('authorization', `Bearer ${toward.body.accessToken}`);
    expect(tenders.status).toBe(403);
  });

  it('refuses staff naming an authority they do not belong to, or one that does not exist', async () => {
    const other = await signIn('commissioner@northmere.test', DEMO_PASSWORD, 'southvale');
    expect(other.status).toBe(403);
    expect(other.body.type).toBe('/problems/not-a-member');
    const none = await signIn('commissioner@northmere.test', DEMO_PASSWORD, 'atlantis');
    expect(none.status).toBe(400);
    expect(none.body.errors[0]).toMatchObject({ field: 'authority', rule: 'exists' });
  });

  it('rotates refresh tokens, and revokes the whole family when one is replayed', async () => {
    const first = (await signIn('contracts@northmere.test')).body;
    const second = await t.http.post('/api/v1/auth/refresh').send({ refreshToken: first.refreshToken });
    expect(second.status).toBe(200);
    expect(second.body.roles).toEqual(['contract_manager']);
    expect(second.body.refreshToken).not.toBe(first.refreshToken);
    // Replaying the used token is a sign it leaked: it fails, and so does the one issued from it.
    expect((await t.http.post('/api/v1/auth/refresh').send({ refreshToken: first.refreshToken })).status).toBe(401);
    expect((await t.http.post('/api/v1/auth/refresh').send({ refreshToken: second.body.refreshToken })).status).toBe(401);
  });

  it('signs out by revoking the refresh token', async () => {
    const pair = (await signIn('contracts@southvale.test')).body;
    expect((await t.http.post('/api/v1/auth/logout').send({ refreshToken: pair.refreshToken })).status).toBe(204);
    expect((await t.http.post('/api/v1/auth/refresh').send({ refreshToken: pair.refreshToken })).status).toBe(401);
  });

  it('refuses a token signed with another key, or for another audience', async () => {
    const token = await login(t, 'auditor@northmere.test');
    const [h, p] = token.split('.');
    const forged = `${h}.${Buffer.from(JSON.stringify({ ...decode(token), roles: ['authority_admin'] })).toString('base64url')}.${token.split('.')[2]}`;
    expect((await t.http.get('/api/v1/api-keys').set('authorization', `Bearer ${forged}`)).status).toBe(401);
    expect((await t.http.get('/api/v1/auth/me').set('authorization', `Bearer ${h}.${p}.`)).status).toBe(401);
  });

  it('issues hashed API keys that authenticate systems in their authority until revoked', async () => {
    const admin = await login(t, 'admin@southvale.test');
    const created = await t.http
      .post('/api/v1/api-keys')
      .set('authorization', `Bearer ${admin}`)
      .send({ name: 'Finance export', roles: ['auditor'] });
    expect(created.status).toBe(201);
    expect(created.body.key).toMatch(/^cw_[A-Za-z0-9]{8}_/);
    const key = created.body.key as string;
    const tenders = await t.http.get('/api/v1/tenders').set('x-api-key', key);
    expect(tenders.status).toBe(200);
    expect(tenders.body.items.every((x: { reference: string }) => x.reference.startsWith('SVICB-'))).toBe(true);
    // The key's roles bound it: an auditor key cannot create keys.
    expect(
      (
        await t.http
          .post('/api/v1/api-keys')
          .set('x-api-key', key)
          .send({ name: 'x', roles: ['auditor'] })
      ).status,
    ).toBe(403);
    const list = await t.http.get('/api/v1/api-keys').set('authorization', `Bearer ${admin}`);
    // The secret is everything after `cw_<prefix>_`; it is base64url, so it may itself hold (or start with) '_'.
    const secret = key.slice('cw_'.length + 8 + 1);
    expect(secret.length).toBeGreaterThan(20);
    expect(JSON.stringify(list.body)).not.toContain(secret);
    expect((await t.http.delete(`/api/v1/api-keys/${created.body.id}`).set('authorization', `Bearer ${admin}`)).status).toBe(204);
    expect((await t.http.get('/api/v1/tenders').set('x-api-key', key)).status).toBe(401);
  });

  it('lets a platform operator create an authority whose first admin can then sign in', async () => {
    const operator = await login(t, 'operator@commonweal.test');
    const res = await t.http
      .post('/api/v1/authorities')
      .set('authorization', `Bearer ${operator}`)
      .send({ slug: 'eastbrook', name: 'Eastbrook Borough Council', adminEmail: 'Admin@Eastbrook.test' });
    expect(res.status).toBe(201);
    const signedIn = await signIn('admin@eastbrook.test', res.body.admin.temporaryPassword);
    expect(signedIn.status).toBe(200);
    expect(signedIn.body).toMatchObject({ roles: ['authority_admin'], authority: { slug: 'eastbrook' } });
    const tenders = await t.http.get('/api/v1/tenders').set('authorization', `Bearer ${signedIn.body.accessToken}`);
    expect(tenders.body.items).toEqual([]);
    const again = await t.http.post('/api/v1/authorities').set('authorization', `Bearer ${operator}`).send({ slug: 'eastbrook', name: 'Again' });
    expect(again.status).toBe(409);
    // Staff cannot create authorities.
    const admin = await login(t, 'admin@northmere.test');
    expect((await t.http.post('/api/v1/authorities').set('authorization', `Bearer ${admin}`).send({ slug: 'x', name: 'X' })).status).toBe(403);
  });
});

describe('login rate limit', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { LOGIN_RATE_LIMIT: '4' } });
  });
  afterAll(async () => t?.close());

  it('limits attempts per address and e-mail with 429 and Retry-After', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      statuses.push((await t.http.post('/api/v1/auth/login').send({ email: 'auditor@northmere.test', password: DEMO_PASSWORD })).status);
    }
    expect(statuses).toEqual([200, 200, 200, 200, 429, 429]);
    const limited = await t.http.post('/api/v1/auth/login').send({ email: 'auditor@northmere.test', password: DEMO_PASSWORD });
    expect(limited.body.type).toBe('/problems/too-many-requests');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    // Another account from the same address is not held up by it.
    expect((await t.http.post('/api/v1/auth/login').send({ email: 'admin@northmere.test', password: DEMO_PASSWORD })).status).toBe(200);
  });
});
