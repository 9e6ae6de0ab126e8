import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { DEMO_AUTHORITIES } from '../../apps/api/src/demo/demo-world.js';
import { login, startTestApp, type TestApp } from '../support/test-app.js';

/**
 * Anything a user can type gets a 4xx problem+json that names the field and the
 * rule, never a 5xx, and loses nothing already stored.
 */
describe('bad input across the routes', () => {
  let t: TestApp;
  let admin: string;
  let operator: string;
  let commissioner: string;

  beforeAll(async () => {
    t = await startTestApp({ env: { LOGIN_RATE_LIMIT: '10000' } });
    admin = await login(t, 'admin@northmere.test');
    operator = await login(t, 'operator@commonweal.test');
    commissioner = await login(t, 'commissioner@northmere.test');
  });
  afterAll(async () => t?.close());

  const bodyRoutes = () => [
    { path: '/api/v1/auth/login', token: undefined },
    { path: '/api/v1/auth/refresh', token: undefined },
    { path: '/api/v1/auth/logout', token: undefined },
    { path: '/api/v1/authorities', token: operator },
    { path: '/api/v1/api-keys', token: admin },
  ];

  const post = (path: string, token: string | undefined) => {
    const req = t.http.post(path);
    return token ? req.set('authorization', `Bearer ${token}`) : req;
  };

  const expectProblem = (res: { status: number; headers: Record<string, string>; body: { status?: number } }, status: number) => {
    expect(res.status).toBe(status);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body.status).toBe(status);
  };

  it('answers malformed JSON with 400 malformed-json on every route that takes a body', async () => {
    for (const { path, token } of bodyRoutes()) {
      const res = await post(path, token).set('content-type', 'application/json').send('{"email": "a@b.test",');
      expectProblem(res, 400);
      expect(res.body.type).toBe('/problems/malformed-json');
    }
  });

  it('names each unknown field with the rule unknown-field', async () => {
    const res = await post('/api/v1/auth/login', undefined).send({ email: 'a@b.test', password: 'x', passwrod: 'x', isAdmin: true });
    expectProblem(res, 400);
    expect(res.body.errors).toEqual(
      expect.arrayContaining([
        { field: 'passwrod', rule: 'unknown-field', message: 'passwrod is not a known field' },
        { field: 'isAdmin', rule: 'unknown-field', message: 'isAdmin is not a known field' },
      ]),
    );
  });

  it('names the field and rule for wrong types', async () => {
    const cases: [string, string | undefined, unknown, string, string][] = [
      ['/api/v1/auth/login', undefined, { email: 42, password: 'x' }, 'email', 'isEmail'],
      ['/api/v1/auth/login', undefined, { email: 'a@b.test', password: ['x'] }, 'password', 'isString'],
      ['/api/v1/auth/login', undefined, { email: 'a@b.test', password: 'x', authority: 'Not A Slug!' }, 'authority', 'matches'],
      ['/api/v1/auth/refresh', undefined, { refreshToken: 7 }, 'refreshToken', 'matches'],
      ['/api/v1/api-keys', admin, { name: 'k', roles: 'auditor' }, 'roles', 'isArray'],
      ['/api/v1/api-keys', admin, { name: 'k', roles: ['authority_admin'] }, 'roles', 'isIn'],
      ['/api/v1/authorities', operator, { slug: '-bad-', name: 'X' }, 'slug', 'matches'],
      ['/api/v1/authorities', operator, { slug: 'ok', name: '' }, 'name', 'isLength'],
    ];
    for (const [path, token, body, field, rule] of cases) {
      const res = await post(path, token).send(body as object);
      expectProblem(res, 400);
      expect(res.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field, rule })]));
    }
  });

  it('refuses bodies that are not objects', async () => {
    for (const raw of ['[]', 'null', '"text"', '42', 'true']) {
      const res = await post('/api/v1/auth/login', undefined).set('content-type', 'application/json').send(raw);
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
  });

  it('refuses huge bodies with 413 before reading them', async () => {
    const huge = JSON.stringify({ email: 'a@b.test', password: 'x'.repeat(2_000_000) });
    for (const { path, token } of bodyRoutes()) {
      const res = await post(path, token).set('content-type', 'application/json').send(huge);
      expectProblem(res, 413);
      expect(res.body.type).toBe('/problems/body-too-large');
    }
  });

  it('answers bad UUIDs and bad query values with 400 naming the parameter', async () => {
    const auth = { authorization: `Bearer ${commissioner}` };
    for (const id of ['not-a-uuid', '1', "' OR 1=1 --", '01a20428-5299-7657-bc86-02426216af4', '%00']) {
      const res = await t.http.get(`/api/v1/tenders/${encodeURIComponent(id)}`).set(auth);
      expectProblem(res, 400);
      expect(res.body.errors[0]).toMatchObject({ field: 'id', rule: 'isUuid' });
    }
    for (const [query, field] of [
      ['limit=abc', 'limit'],
      ['limit=0', 'limit'],
      ['limit=1e309', 'limit'],
      ['limit=101', 'limit'],
      ['after=zzz', 'after'],
      ['status=open', 'status'],
      ['bogus=1', 'bogus'],
    ]) {
      const res = await t.http.get(`/api/v1/tenders?${query}`).set(auth);
      expectProblem(res, 400);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    }
    const del = await t.http.delete('/api/v1/api-keys/nope').set('authorization', `Bearer ${admin}`);
    expect(del.status).toBe(400);
  });

  it('answers malformed or forged credentials with 401, never 500', async () => {
    for (const header of ['Bearer', 'Bearer x.y.z', 'Basic abc', `Bearer ${commissioner.slice(0, -4)}abcd`, 'Bearer ' + 'a'.repeat(5000)]) {
      const res = await t.http.get('/api/v1/tenders').set('authorization', header);
      expectProblem(res, 401);
    }
    const res = await t.http.get('/api/v1/tenders').set('x-api-key', 'cw_short');
    expectProblem(res, 401);
  });

  it('never answers 5xx to arbitrary JSON on any route (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...bodyRoutes()), fc.jsonValue({ maxDepth: 3 }), async ({ path, token }, body) => {
        const res = await post(path, token).set('content-type', 'application/json').send(JSON.stringify(body));
        expect(res.status).toBeLessThan(500);
        if (res.status >= 400) expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      }),
      { numRuns: 150 },
    );
  });

  it('lost nothing already stored', async () => {
    const res = await t.http.get('/api/v1/tenders').set('authorization', `Bearer ${commissioner}`);
    expect(res.status).toBe(200);
    expect(res.body.items).toHaveLength(DEMO_AUTHORITIES[0].tenders.length);
    expect((await t.http.get('/api/v1/authorities')).body.items.map((a: { slug: string }) => a.slug)).toEqual(
      expect.arrayContaining(['northmere', 'southvale']),
    );
  });
});
