import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { newId, ownerTransactionsFor, TransactionRunner } from '#platform';
import { DEMO_AUTHORITIES } from '../../apps/api/src/demo/demo-world.js';
import { describeWith } from '../support/services.js';

const demoTenders = (slug: string) => DEMO_AUTHORITIES.find((a) => a.slug === slug)!.tenders.length;
import { login, startTestApp, type TestApp } from '../support/test-app.js';
import { adminQuery, ensureRole, freshDatabase, type TestDatabase, withUser } from '../support/test-database.js';

const APP_LOGIN = 'commonweal_test_login';

/**
 * The promise of tenancy: whatever a request asks, it sees only its own
 * authority's rows, and the database (not the application's memory) enforces it.
 */
function isolationSuite(mode: 'postgres' | 'embedded') {
  let t: TestApp;
  let database: TestDatabase;
  let tokens: Record<string, string>;
  let tenants: Record<string, string>;
  let runner: TransactionRunner;
  let ds: DataSource;
  /** A statement as the table owner: the superuser URL on PostgreSQL, the embedded session's own role on PGlite. */
  const asOwner = async (sql: string) =>
    mode === 'postgres' ? (await adminQuery(sql, [], database.url)).rows : ownerTransactionsFor(ds, t.config).run((em) => em.query(sql));

  beforeAll(async () => {
    database = await freshDatabase(mode);
    const env: Record<string, string> = {};
    if (mode === 'postgres') {
      // Serve as a login role that is only a member of the app role (the production shape);
      // migrate and seed through the owner URL.
      await ensureRole(APP_LOGIN, 'LOGIN NOSUPERUSER NOBYPASSRLS', 'commonweal_app');
      env.DATABASE_URL = withUser(database.url!, APP_LOGIN);
      env.DATABASE_MIGRATION_URL = database.url!;
    }
    t = await startTestApp({ mode, database, env });
    tokens = {
      northmere: await login(t, 'commissioner@northmere.test'),
      southvale: await login(t, 'commissioner@southvale.test'),
    };
    const me = async (token: string) => (await t.http.get('/api/v1/auth/me').set('authorization', `Bearer ${token}`)).body.authority.id as string;
    tenants = { northmere: await me(tokens.northmere), southvale: await me(tokens.southvale) };
    ds = t.app.get(DataSource);
    runner = t.app.get(TransactionRunner);
  });

  afterAll(async () => {
    await t?.close();
    await database?.drop();
  });

  it('serves at least 200 interleaved concurrent requests, alternating authorities, without one foreign row', async () => {
    const prefix = { northmere: 'NCC-', southvale: 'SVICB-' } as const;
    const requests = Array.from({ length: 240 }, (_, i) => {
      const who: 'northmere' | 'southvale' = i % 2 === 0 ? 'northmere' : 'southvale';
      return t.http
        .get('/api/v1/tenders')
        .set('authorization', `Bearer ${tokens[who]}`)
        .then((res) => ({ who, res }));
    });
    const results = await Promise.all(requests);
    for (const { who, res } of results) {
      expect(res.status).toBe(200);
      expect(res.body.items.length).toBe(demoTenders(who));
      for (const item of res.body.items) expect(item.reference.startsWith(prefix[who])).toBe(true);
    }
  });

  it("answers 404 for another authority's tender, and 200 for one's own", async () => {
    const own = await t.http.get('/api/v1/tenders').set('authorization', `Bearer ${tokens.northmere}`);
    const foreign = await t.http.get('/api/v1/tenders').set('authorization', `Bearer ${tokens.southvale}`);
    const ownId = own.body.items[0].id;
    const foreignId = foreign.body.items[0].id;
    expect((await t.http.get(`/api/v1/tenders/${ownId}`).set('authorization', `Bearer ${tokens.northmere}`)).status).toBe(200);
    const res = await t.http.get(`/api/v1/tenders/${foreignId}`).set('authorization', `Bearer ${tokens.northmere}`);
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
  });

  it('shows a transaction without tenant context no tenant rows at all', async () => {
    const counts = await runner.run({}, async (em) => ({
      tenders: Number((await em.query('SELECT count(*)::int AS n FROM tenders'))[0].n),
      memberships: Number((await em.query('SELECT count(*)::int AS n FROM memberships'))[0].n),
      audit: Number((await em.query('SELECT count(*)::int AS n FROM audit_events'))[0].n),
      apiKeys: Number((await em.query('SELECT count(*)::int AS n FROM api_keys'))[0].n),
    }));
    expect(counts).toEqual({ tenders: 0, memberships: 0, audit: 0, apiKeys: 0 });
    // ...while the owner sees that the rows do exist.
    const owned = await asOwner('SELECT count(*)::int AS n FROM tenders');
    expect(Number(owned[0].n)).toBe(demoTenders('northmere') + demoTenders('southvale'));
  });

  it("refuses, in the database, an INSERT carrying another authority's id", async () => {
    const attempt = runner.run({ tenantId: tenants.northmere }, (em) =>
      em.query(`INSERT INTO tenders (id, tenant_id, reference, title) VALUES ($1, $2, 'X-1', 'Smuggled')`, [newId(), tenants.southvale]),
    );
    await expect(attempt).rejects.toThrow(/row-level security/);
    const visible = await runner.run({ tenantId: tenants.southvale }, (em) => em.query(`SELECT 1 FROM tenders WHERE reference = 'X-1'`));
    expect(visible).toHaveLength(0);
  });

  it('refuses an UPDATE that would move a row to another authority', async () => {
    const attempt = runner.run({ tenantId: tenants.northmere }, (em) => em.query(`UPDATE tenders SET tenant_id = $1`, [tenants.southvale]));
    await expect(attempt).rejects.toThrow(/row-level security/);
  });

  it('never leaks a transaction-local setting to the next user of a pooled connection', async () => {
    const seen = await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        i % 3 === 2
          ? runner.run({}, async (em) => (await em.query(`SELECT app_tenant_id() AS t`))[0].t)
          : runner.run({ tenantId: i % 3 === 0 ? tenants.northmere : tenants.southvale }, async (em) => (await em.query(`SELECT app_tenant_id() AS t`))[0].t),
      ),
    );
    seen.forEach((tenant, i) => {
      expect(tenant).toBe(i % 3 === 2 ? null : i % 3 === 0 ? tenants.northmere : tenants.southvale);
    });
  });

  it('keeps the audit log append-only, even for the owner', async () => {
    await expect(asOwner(`UPDATE audit_events SET action = 'forged'`)).rejects.toThrow(/append-only/);
    await expect(asOwner(`DELETE FROM audit_events`)).rejects.toThrow(/append-only/);
    // ...and the app role is not even granted UPDATE or DELETE on it.
    await expect(runner.run({ tenantId: tenants.northmere }, (em) => em.query(`DELETE FROM audit_events`))).rejects.toThrow(/permission denied/);
  });

  it('is served by the role the configuration names', async () => {
    const [row] = await runner.run({}, (em) => em.query('SELECT current_user AS r, session_user AS s'));
    expect(row.r).toBe('commonweal_app');
    if (mode === 'postgres') expect(row.s).toBe(APP_LOGIN);
    expect(ds.isInitialized).toBe(true);
  });
}

describe('tenant isolation on embedded PostgreSQL (PGlite, serialised)', () => isolationSuite('embedded'));
describeWith('DATABASE_URL', 'tenant isolation on real PostgreSQL as the app role')('tenant isolation on PostgreSQL', () => isolationSuite('postgres'));
