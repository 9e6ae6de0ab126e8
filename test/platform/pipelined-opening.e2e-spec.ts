import { afterAll, beforeAll, expect, it } from '@jest/globals';
import type { Writable } from 'node:stream';
import { DataSource, type EntityManager } from 'typeorm';
import { createDataSource, OwnerTransactions, TransactionRunner } from '#platform';
import { describeWith } from '../support/services.js';
import { authorityId, startTestApp, type TestApp } from '../support/test-app.js';

/** Every flush of the connection's socket while `work` runs: what each write to PostgreSQL carried. */
function flushesOf(em: EntityManager): { flushes: string[]; stop: () => void } {
  const stream = (em.queryRunner as unknown as { databaseConnection: { connection: { stream: Writable } } }).databaseConnection.connection.stream;
  const socket = stream as unknown as {
    _write: (chunk: Buffer, enc: string, cb: () => void) => void;
    _writev: (chunks: { chunk: Buffer }[], cb: () => void) => void;
  };
  const [write, writev] = [socket._write, socket._writev];
  const flushes: string[] = [];
  socket._write = function (chunk, enc, cb) {
    flushes.push(chunk.toString('latin1'));
    return write.call(this, chunk, enc, cb);
  };
  socket._writev = function (chunks, cb) {
    flushes.push(chunks.map((c) => Buffer.from(c.chunk).toString('latin1')).join(''));
    return writev.call(this, chunks, cb);
  };
  return {
    flushes,
    stop: () => {
      socket._write = write;
      socket._writev = writev;
    },
  };
}

/**
 * A read's opening (BEGIN READ ONLY, the role, the authority's settings) goes to PostgreSQL in the same write as
 * the read's first statement (issue 19): one round trip fewer on every page and list. It must stay fail-closed:
 * nothing the read asked for runs, or comes back, unless the role and the authority took effect first.
 */
describeWith('DATABASE_URL', 'pipelining is node-postgres on a real server; PGlite is one in-process session')(
  'a read opened in the same round trip as its first statement',
  () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp();
    });
    afterAll(async () => t?.close());

    it('sends the opening and the first statement in one write, and reads only the authority’s rows', async () => {
      const runner = t.app.get(TransactionRunner);
      const northmere = await authorityId(t, 'northmere');
      let flushes: string[] = [];
      const tenants = await runner.run(
        { tenantId: northmere },
        async (em) => {
          const watch = flushesOf(em);
          flushes = watch.flushes;
          try {
            const rows = (await em.query('SELECT DISTINCT tenant_id FROM tenders WHERE $1::int = 1', [1])) as { tenant_id: string }[];
            return rows.map((r) => r.tenant_id);
          } finally {
            watch.stop();
          }
        },
        { readOnly: true },
      );
      expect(tenants).toEqual([northmere]);
      expect(flushes).toHaveLength(1);
      expect(flushes[0]).toContain('BEGIN READ ONLY; SET LOCAL ROLE');
      expect(flushes[0]).toContain(`set_config('app.tenant_id', '${northmere}', true)`);
      expect(flushes[0]).toContain('SELECT DISTINCT tenant_id FROM tenders');
      expect(flushes[0].indexOf('BEGIN READ ONLY')).toBeLessThan(flushes[0].indexOf('SELECT DISTINCT tenant_id'));
    });

    it('sends a read’s COMMIT without waiting for it, and the next transaction on that connection starts after it, clean', async () => {
      // One connection, so the next transaction is bound to get the connection the read's COMMIT was written to.
      const ds = createDataSource({ url: t.config.DATABASE_URL, poolSize: 1 }, []);
      await ds.initialize();
      try {
        const runner = new TransactionRunner(ds, { appRole: t.config.DATABASE_APP_ROLE, serialise: false });
        const northmere = await authorityId(t, 'northmere');
        let watch: ReturnType<typeof flushesOf> | undefined;
        const read = await runner.run(
          { tenantId: northmere },
          async (em) => {
            watch = flushesOf(em);
            const [row] = (await em.query(`SELECT current_user AS who, current_setting('app.tenant_id', true) AS tenant, pg_backend_pid() AS pid`)) as {
              who: string;
              tenant: string;
              pid: number;
            }[];
            return row;
          },
          { readOnly: true },
        );
        // Back to the caller with the COMMIT written but not yet answered: no read from the socket has run since.
        const client = (ds.driver as unknown as { master: { _clients: { _sentQueryQueue: unknown[]; _activeQuery: unknown }[] } }).master._clients[0];
        expect(client._sentQueryQueue.length + (client._activeQuery ? 1 : 0)).toBe(1);
        const next = await new OwnerTransactions(ds, false).run(
          async (em) =>
            (await em.query(`SELECT current_user AS who, current_setting('app.tenant_id', true) AS tenant, pg_backend_pid() AS pid`)) as {
              who: string;
              tenant: string | null;
              pid: number;
            }[],
        );
        watch!.stop();
        expect(read).toMatchObject({ who: 'commonweal_app', tenant: northmere });
        // The same session, and none of the read's role or authority left in it: the COMMIT ran before the next BEGIN.
        expect(next[0].pid).toBe(read.pid);
        expect(next[0].who).not.toBe('commonweal_app');
        expect(next[0].tenant ?? '').toBe('');
        const wire = watch!.flushes.join('');
        expect(wire.indexOf('COMMIT')).toBeGreaterThan(wire.indexOf('current_setting'));
        expect(wire.indexOf('COMMIT')).toBeLessThan(wire.lastIndexOf('BEGIN'));
      } finally {
        await ds.destroy();
      }
    });

    it('a write still waits for its opening, as before', async () => {
      const runner = t.app.get(TransactionRunner);
      const northmere = await authorityId(t, 'northmere');
      let flushes: string[] = [];
      await runner.run({ tenantId: northmere }, async (em) => {
        const watch = flushesOf(em);
        flushes = watch.flushes;
        try {
          await em.query('SELECT 1 WHERE $1::int = 1', [1]);
        } finally {
          watch.stop();
        }
      });
      // The opening was written and answered before the work began: only the work's statement is written here.
      expect(flushes).toHaveLength(1);
      expect(flushes[0]).not.toContain('BEGIN');
    });

    it('fails closed when the opening fails: the statement behind it is refused, its rows never returned, the error is the opening’s', async () => {
      const ds = t.app.get(DataSource);
      // A runner whose role does not exist: BEGIN runs, SET LOCAL ROLE fails, on a connection that may bypass RLS.
      const broken = new TransactionRunner(ds, { appRole: 'commonweal_no_such_role', serialise: false });
      const northmere = await authorityId(t, 'northmere');
      const seenByWork: unknown[] = [];
      let returned: unknown = 'nothing';
      await expect(
        broken
          .run(
            { tenantId: northmere },
            async (em) => {
              try {
                return await em.query('SELECT count(*)::int AS n FROM tenders');
              } catch (err) {
                seenByWork.push((err as { driverError?: { code?: string } }).driverError?.code);
                throw err;
              }
            },
            { readOnly: true },
          )
          .then((r) => {
            returned = r;
          }),
      ).rejects.toThrow(/role "commonweal_no_such_role" does not exist/);
      expect(returned).toBe('nothing');
      // The work's statement ran in the aborted transaction, not outside it: PostgreSQL refused it.
      expect(seenByWork).toEqual(['25P02']);
      // And the connection went back to the pool clean: the next reads on every pooled connection succeed.
      const runner = t.app.get(TransactionRunner);
      const again = await Promise.all(
        Array.from({ length: 12 }, () => runner.run({ tenantId: northmere }, (em) => em.query('SELECT current_user AS who'), { readOnly: true })),
      );
      expect(again.every(([r]) => (r as { who: string }).who === 'commonweal_app')).toBe(true);
    });
  },
);
