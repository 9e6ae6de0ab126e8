import { afterAll, beforeAll, expect, it } from '@jest/globals';
import pg from 'pg';
import { hasPgBouncer, PrivatePgBouncer } from '../support/processes.js';
import { describeWhen } from '../support/services.js';
import { freshDatabase, type TestDatabase } from '../support/test-database.js';
import { login, startTestApp, type TestApp } from '../support/test-app.js';

const SERVER_CONNECTIONS = 2;
const CALLERS = 8;
const REQUESTS_PER_CALLER = 15;

/**
 * Through PgBouncer in transaction pooling mode (issue 20, item 6), as most managed PostgreSQL deployments run:
 * the API's 20 connections take turns on two server connections, so one authority's transaction runs on the
 * server connection another's just used. Tenant settings are transaction-local, so nothing carries over: each
 * authority's lists hold its own rows only, the other's records are 404, and a plain session on the pooled
 * connections finds no tenant setting and no role left behind. The relay's LISTEN goes direct.
 */
describeWhen(
  Boolean(process.env.DATABASE_URL) && hasPgBouncer(),
  'DATABASE_URL not set or pgbouncer not installed',
  'tenancy through a real PgBouncer in transaction mode',
)('through PgBouncer in transaction pooling mode', () => {
  let db: TestDatabase;
  let bouncer: PrivatePgBouncer;
  let t: TestApp;

  beforeAll(async () => {
    db = await freshDatabase('postgres');
    const direct = new URL(db.url!);
    bouncer = await PrivatePgBouncer.start({ host: direct.hostname, port: Number(direct.port || 5432) }, SERVER_CONNECTIONS);
    const database = direct.pathname.slice(1);
    t = await startTestApp({
      // A database given is not the app's to drop: the suite drops it after PgBouncer has let go of it (afterAll).
      database: { url: bouncer.url(database), drop: async () => undefined },
      // PgBouncer 1.18 (Debian's) cannot keep a named statement for the transaction that next gets a server connection.
      env: {
        DATABASE_MIGRATION_URL: db.url!,
        DATABASE_LISTEN_URL: db.url!,
        DATABASE_POOL_SIZE: '20',
        LOGIN_RATE_LIMIT: '1000',
        DATABASE_PREPARED_STATEMENTS: 'false',
      },
    });
  }, 120_000);

  afterAll(async () => {
    await t?.close();
    await bouncer?.close();
    await db?.drop();
  });

  it('keeps each authority to its own rows while their transactions share two server connections, and leaves nothing on them', async () => {
    const callers = {
      northmere: `Bearer ${await login(t, 'commissioner@northmere.test')}`,
      southvale: `Bearer ${await login(t, 'commissioner@southvale.test')}`,
    };
    const own = {
      northmere: new Set<string>(),
      southvale: new Set<string>(),
    };
    for (const a of ['northmere', 'southvale'] as const) {
      const list = await t.http.get('/api/v1/tenders?limit=100').set('authorization', callers[a]);
      for (const item of list.body.items as { id: string }[]) own[a].add(item.id);
    }
    expect(own.northmere.size).toBeGreaterThan(0);
    expect(own.southvale.size).toBeGreaterThan(0);

    const problems: string[] = [];
    let checks = 0;
    const session = new pg.Client({ connectionString: bouncer.url(new URL(db.url!).pathname.slice(1)) });
    await session.connect();
    const leftovers: string[] = [];
    // A fixed amount of work rather than a fixed time, so a loaded machine runs slower but never runs less: eight
    // callers, each its share of lists, foreign reads and drafts. The watchers run until the callers are done.
    let callersDone = false;
    const client = async (a: 'northmere' | 'southvale', n: number) => {
      const other = a === 'northmere' ? 'southvale' : 'northmere';
      for (let i = 0; i < REQUESTS_PER_CALLER; i++) {
        const k = (n + i) % 3;
        if (k === 0) {
          const list = await t.http.get('/api/v1/tenders?limit=100').set('authorization', callers[a]);
          const foreign = (list.body.items as { id: string }[]).filter((x) => own[other].has(x.id));
          if (list.status !== 200 || foreign.length) problems.push(`${a} list: ${list.status}, ${foreign.length} of ${other}'s`);
        } else if (k === 1) {
          const theirs = [...own[other]][i % own[other].size];
          const res = await t.http.get(`/api/v1/tenders/${theirs}`).set('authorization', callers[a]);
          if (res.status !== 404) problems.push(`${a} read ${other}'s tender: ${res.status}`);
        } else {
          const res = await t.http
            .post('/api/v1/tenders')
            .set('authorization', callers[a])
            .send({ reference: `PGB-${a}-${n}-${i}`, title: 'Drafted through PgBouncer' });
          if (res.status !== 201) problems.push(`${a} draft: ${res.status}`);
          else own[a].add(res.body.id);
        }
      }
    };
    // A plain session on the same pooled server connections, between the tenants' transactions.
    const watcher = async () => {
      while (!callersDone) {
        const { rows } = await session.query(
          `SELECT coalesce(current_setting('app.tenant_id', true), '') AS tenant, current_user AS role, pg_backend_pid() AS pid`,
        );
        checks++;
        if (rows[0].tenant !== '' || rows[0].role !== 'postgres') leftovers.push(JSON.stringify(rows[0]));
        await new Promise((r) => setTimeout(r, 5));
      }
    };
    let busiest = 0;
    const pools = async () => {
      while (!callersDone) {
        for (const p of await bouncer.pools()) {
          if (p.database === new URL(db.url!).pathname.slice(1)) busiest = Math.max(busiest, Number(p.sv_active) + Number(p.sv_idle) + Number(p.sv_used));
        }
        await new Promise((r) => setTimeout(r, 100));
      }
    };
    const callers8 = Promise.all(Array.from({ length: CALLERS }, (_, n) => client(n % 2 ? 'southvale' : 'northmere', n))).finally(() => {
      callersDone = true;
    });
    await Promise.all([callers8, watcher(), pools()]);
    await session.end();

    expect(problems).toEqual([]);
    expect(leftovers).toEqual([]);
    // The plain session really ran between the tenants' transactions (it polls until the last caller is done).
    expect(checks).toBeGreaterThan(0);
    // The sharing really happened: never more server connections than the pool has.
    expect(busiest).toBeGreaterThan(0);
    expect(busiest).toBeLessThanOrEqual(SERVER_CONNECTIONS);
  }, 60_000);
});
