import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Redis } from 'ioredis';
import { describeWith } from '../support/services.js';
import { DEMO_PASSWORD, startTestApp, type TestApp } from '../support/test-app.js';
import { freshDatabase, type TestDatabase } from '../support/test-database.js';

describeWith('REDIS_URL', 'health and shared rate limits need a real Redis')('with Redis configured', () => {
  let database: TestDatabase;
  let a: TestApp;
  let b: TestApp;

  beforeAll(async () => {
    const redis = new Redis(process.env.REDIS_URL!);
    const keys = await redis.keys('commonweal:login*');
    if (keys.length) await redis.del(...keys);
    await redis.quit();
    database = await freshDatabase();
    const env = { REDIS_URL: process.env.REDIS_URL!, LOGIN_RATE_LIMIT: '3' };
    a = await startTestApp({ database, env });
    b = await startTestApp({ database, env, seed: false });
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await database?.drop();
  });

  it('reports Redis in /health', async () => {
    const res = await a.http.get('/health');
    expect(res.status).toBe(200);
    expect(res.body.details).toMatchObject({ database: { status: 'up' }, redis: { status: 'up' } });
  });

  it('shares the sign-in rate limit between API instances', async () => {
    const attempt = (t: TestApp) => t.http.post('/api/v1/auth/login').send({ email: 'auditor@southvale.test', password: DEMO_PASSWORD });
    expect((await attempt(a)).status).toBe(200);
    expect((await attempt(b)).status).toBe(200);
    expect((await attempt(a)).status).toBe(200);
    const fourth = await attempt(b);
    expect(fourth.status).toBe(429);
    expect(fourth.body.type).toBe('/problems/too-many-requests');
  });
});

describe('with Redis configured but unreachable', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { REDIS_URL: 'redis://127.0.0.1:1' } });
  });
  afterAll(async () => t?.close());

  it('reports it down in /health with 503, and still signs people in', async () => {
    const res = await t.http.get('/health');
    expect(res.status).toBe(503);
    expect(res.body.details.redis.status).toBe('down');
    expect(res.body.details.database.status).toBe('up');
    const login = await t.http.post('/api/v1/auth/login').send({ email: 'auditor@northmere.test', password: DEMO_PASSWORD });
    expect(login.status).toBe(200);
  });
});
