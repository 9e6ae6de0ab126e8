import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { preparable, TransactionRunner } from '#platform';
import { describeWith } from '../support/services.js';
import { asOwner, authorityId, login, startTestApp, type TestApp } from '../support/test-app.js';

interface Prepared {
  name: string;
  statement: string;
  generic_plans: string;
  custom_plans: string;
}

/** The named statements on the app's one pooled connection (a session's own view), read as the app role. */
async function preparedStatements(t: TestApp): Promise<Prepared[]> {
  const runner = new TransactionRunner(t.app.get(DataSource), { appRole: t.config.DATABASE_APP_ROLE, serialise: false });
  return runner.run({}, (em) => em.query(`SELECT name, statement, generic_plans::text, custom_plans::text FROM pg_prepared_statements`), {
    readOnly: true,
  });
}

/**
 * The busiest read, an authority's tender list, goes as a named prepared statement (issue 19): planning it under
 * row-level security cost PostgreSQL several times what running it did. PostgreSQL then keeps one generic plan for
 * every authority, and row-level security must hold through it: the settings the policies read are evaluated when
 * the plan runs, in each request's own transaction. One pooled connection, so every request shares the statement.
 */
describeWith('DATABASE_URL', 'named statements are node-postgres on a real server; the embedded database runs everything unnamed')(
  'the tender list as a prepared statement',
  () => {
    describe('on (the default)', () => {
      let t: TestApp;
      const auth: Record<string, string> = {};
      const own: Record<string, Set<string>> = {};
      beforeAll(async () => {
        t = await startTestApp({ env: { DATABASE_POOL_SIZE: '1', LOGIN_RATE_LIMIT: '1000' } });
        for (const slug of ['northmere', 'southvale']) {
          auth[slug] = `Bearer ${await login(t, `commissioner@${slug}.test`)}`;
          const rows = await asOwner<{ id: string }>(t, 'SELECT id FROM tenders WHERE tenant_id = $1', [await authorityId(t, slug)]);
          own[slug] = new Set(rows.map((r) => r.id));
        }
      }, 60_000);
      afterAll(async () => t?.close());

      const listAs = async (slug: string) => {
        const res = await t.http.get('/api/v1/tenders?limit=100').set('authorization', auth[slug]);
        expect(res.status).toBe(200);
        return (res.body.items as { id: string }[]).map((i) => i.id);
      };

      it('plans the list once and keeps one generic plan, through which each authority still sees only its own tenders', async () => {
        expect(own.northmere.size).toBeGreaterThan(0);
        expect(own.southvale.size).toBeGreaterThan(0);
        // Six of one authority's lists: PostgreSQL plans the first five for their values, then settles on a generic plan.
        for (let i = 0; i < 6; i++) expect(new Set(await listAs('northmere'))).toEqual(own.northmere);
        // The other authority's lists, and the first again, run on the plan made while Northmere's context was set.
        for (const slug of ['southvale', 'northmere', 'southvale', 'northmere']) expect(new Set(await listAs(slug))).toEqual(own[slug]);

        const lists = (await preparedStatements(t)).filter((p) => /FROM "tenders"\s+ORDER BY id DESC LIMIT 101$/.test(p.statement));
        expect(lists).toHaveLength(1);
        const [list] = lists;
        expect(list.name).toMatch(/^cw_[0-9a-f]{24}$/);
        // Every list request ran this statement, and the later ones without planning it again.
        expect(Number(list.custom_plans) + Number(list.generic_plans)).toBe(10);
        expect(Number(list.generic_plans)).toBeGreaterThanOrEqual(5);
      });

      it('keeps a statement a failed opening refused from being taken for prepared: the next read on the connection still runs it', async () => {
        const ds = t.app.get(DataSource);
        const northmere = await authorityId(t, 'northmere');
        const text = preparable(`SELECT id FROM tenders WHERE status <> 'withdrawn' ORDER BY id DESC LIMIT 5`);
        const broken = new TransactionRunner(ds, { appRole: 'commonweal_no_such_role', serialise: false, prepare: true });
        // The opening fails on the role, so PostgreSQL refuses the statement's Parse behind it (25P02).
        await expect(broken.run({ tenantId: northmere }, (em) => em.query(text), { readOnly: true })).rejects.toThrow(/commonweal_no_such_role/);
        expect((await preparedStatements(t)).some((p) => p.statement === text)).toBe(false);
        const runner = new TransactionRunner(ds, { appRole: t.config.DATABASE_APP_ROLE, serialise: false, prepare: true });
        const rows = await runner.run({ tenantId: northmere }, (em) => em.query(text) as Promise<{ id: string }[]>, { readOnly: true });
        expect(rows.length).toBeGreaterThan(0);
        for (const r of rows) expect(own.northmere.has(r.id)).toBe(true);
        expect((await preparedStatements(t)).some((p) => p.statement === text && /^cw_/.test(p.name))).toBe(true);
      });
      it('closes a connection whose prepared statement a migration made stale: a read runs again on a fresh one, a write fails once', async () => {
        const ds = t.app.get(DataSource);
        const role = t.config.DATABASE_APP_ROLE;
        await asOwner(t, `CREATE TABLE prepared_probe (id int PRIMARY KEY, v int NOT NULL)`);
        await asOwner(t, `INSERT INTO prepared_probe VALUES (1, 10), (2, 20)`);
        await asOwner(t, `GRANT SELECT ON prepared_probe TO ${role}`);
        const text = preparable(`SELECT v FROM prepared_probe ORDER BY id LIMIT 2`);
        const runner = new TransactionRunner(ds, { appRole: role, serialise: false, prepare: true });
        const read = (readOnly = true) => runner.run({}, (em) => em.query(text) as Promise<{ v: unknown }[]>, { readOnly });
        const backend = async () => (await runner.run({}, (em) => em.query('SELECT pg_backend_pid() AS pid'), { readOnly: true }))[0].pid as number;

        expect(await read()).toEqual([{ v: 10 }, { v: 20 }]);
        const first = await backend();
        // What a migration does between two requests: the column the statement returns changes type.
        await asOwner(t, `ALTER TABLE prepared_probe ALTER COLUMN v TYPE text`);
        // PostgreSQL refuses the statement on the connection that prepared it; the reader gets the new rows all the same.
        expect(await read()).toEqual([{ v: '10' }, { v: '20' }]);
        const second = await backend();
        expect(second).not.toBe(first);
        expect((await preparedStatements(t)).filter((p) => p.statement === text)).toHaveLength(1);

        // A write transaction is not run again (its work may have done more than read): it fails, and closes the connection.
        await asOwner(t, `ALTER TABLE prepared_probe ALTER COLUMN v TYPE int USING v::int`);
        await expect(read(false)).rejects.toThrow(/cached plan must not change result type/);
        expect(await backend()).not.toBe(second);
        expect(await read(false)).toEqual([{ v: 10 }, { v: 20 }]);
        await asOwner(t, `DROP TABLE prepared_probe`);
      });
    });

    describe('off (DATABASE_PREPARED_STATEMENTS=false, for a PgBouncer that cannot keep them)', () => {
      let t: TestApp;
      beforeAll(async () => {
        t = await startTestApp({ env: { DATABASE_POOL_SIZE: '1', DATABASE_PREPARED_STATEMENTS: 'false' } });
      }, 60_000);
      afterAll(async () => t?.close());

      it('sends the list unnamed', async () => {
        const auth = `Bearer ${await login(t, 'commissioner@northmere.test')}`;
        for (let i = 0; i < 2; i++) expect((await t.http.get('/api/v1/tenders').set('authorization', auth)).status).toBe(200);
        expect(await preparedStatements(t)).toEqual([]);
      });
    });
  },
);
