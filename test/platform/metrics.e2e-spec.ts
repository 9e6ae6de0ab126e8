import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { failedJob } from '../support/fixtures.js';
import { asOwner, login, startTestApp, type TestApp, tenderIdByReference } from '../support/test-app.js';

const TOKEN = 'metrics-token-for-the-scraper-0123456789';

/** One sample's value from Prometheus's text format, or undefined. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    const labelText = /\{([^}]*)\}/.exec(line)?.[1] ?? '';
    if (wanted.every((w) => labelText.split(',').includes(w))) return Number(line.split(' ').at(-1));
  }
  return undefined;
}

describe('Prometheus metrics for the IT team', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ env: { METRICS_TOKEN: TOKEN, LOGIN_RATE_LIMIT: '1000' } });
  });
  afterAll(async () => t?.close());

  it('answers only the scraper that presents the token, as problem+json otherwise', async () => {
    const none = await t.http.get('/metrics');
    expect(none.status).toBe(401);
    expect(none.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(none.headers['www-authenticate']).toBe('Bearer realm="metrics"');
    expect((await t.http.get('/metrics').set('authorization', `Bearer ${TOKEN}x`)).status).toBe(401);
    // A person's valid access token is not the metrics token.
    expect((await t.http.get('/metrics').set('authorization', `Bearer ${await login(t, 'auditor@northmere.test')}`)).status).toBe(401);
    const ok = await t.http.get('/metrics').set('authorization', `Bearer ${TOKEN}`);
    expect(ok.status).toBe(200);
    expect(ok.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(sample(ok.text, 'commonweal_process_resident_memory_bytes')).toBeGreaterThan(0);
  });

  it('counts and times requests by route pattern and status, never by the path with its ids', async () => {
    const token = await login(t, 'commissioner@northmere.test');
    const id = await tenderIdByReference(t, 'NCC-2026-014');
    for (let i = 0; i < 3; i++) expect((await t.http.get(`/api/v1/tenders/${id}`).set('authorization', `Bearer ${token}`)).status).toBe(200);
    expect((await t.http.get(`/api/v1/tenders/${id}`)).status).toBe(401);
    const text = (await t.http.get('/metrics').set('authorization', `Bearer ${TOKEN}`)).text;
    const route = { method: 'GET', route: '/api/v1/tenders/:id' };
    expect(sample(text, 'commonweal_http_requests_total', { ...route, status: '200' })).toBe(3);
    expect(sample(text, 'commonweal_http_requests_total', { ...route, status: '401' })).toBe(1);
    expect(sample(text, 'commonweal_http_request_duration_seconds_count', { ...route, status: '200' })).toBe(3);
    expect(text).not.toContain(id);
  });

  it('reports the outbox from the database: failed messages waiting for an admin, and the age of the backlog', async () => {
    await failedJob(t, 'northmere');
    await failedJob(t, 'southvale');
    const [{ n }] = await asOwner<{ n: number }>(t, `SELECT count(*)::int AS n FROM outbox_messages WHERE status = 'failed'`);
    const text = (await t.http.get('/metrics').set('authorization', `Bearer ${TOKEN}`)).text;
    expect(sample(text, 'commonweal_outbox_messages', { status: 'failed' })).toBe(n);
    expect(n).toBeGreaterThanOrEqual(2);
    expect(sample(text, 'commonweal_outbox_oldest_unfinished_seconds')).toBeGreaterThanOrEqual(0);
    if (t.config.databaseMode === 'postgres') expect(sample(text, 'commonweal_db_pool_connections', { state: 'total' })).toBeGreaterThan(0);
  });
});

describe('metrics turned off', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ seed: false });
  });
  afterAll(async () => t?.close());

  it('answers 404 when no METRICS_TOKEN is configured, whatever is presented', async () => {
    expect((await t.http.get('/metrics')).status).toBe(404);
    expect((await t.http.get('/metrics').set('authorization', 'Bearer anything-at-all-anything-at-all')).status).toBe(404);
  });
});
