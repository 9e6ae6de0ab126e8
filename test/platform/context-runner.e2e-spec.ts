import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ContextRunner, RequestDb } from '#platform';
import { authorityId, startTestApp, type TestApp } from '../support/test-app.js';

/**
 * The one way into a context outside a request (issue 13, item 4): ContextRunner opens the transaction for
 * the context and carries its EntityManager in the context, so a job's services read it through RequestDb
 * as a request's do; two entered side by side each keep their own, and nothing is left behind.
 */
describe('entering a context', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => t?.close());

  it('carries the transaction in the context, one per entry, each seeing only its authority, side by side', async () => {
    const runner = t.app.get(ContextRunner);
    const db = t.app.get(RequestDb);
    const [northmere, southvale] = [await authorityId(t, 'northmere'), await authorityId(t, 'southvale')];
    const tenants = async () => ((await db.manager.query('SELECT DISTINCT tenant_id FROM tenders')) as { tenant_id: string }[]).map((r) => r.tenant_id);
    expect(() => db.manager).toThrow();
    // Two at once (a job for each authority): each sees its own transaction, and only its authority, throughout.
    const seen = await Promise.all(
      [northmere, southvale].map((tenantId) =>
        runner.run(
          { tenantId },
          async (em) => {
            expect(db.manager).toBe(em);
            const before = await tenants();
            await new Promise((r) => setTimeout(r, 20));
            expect(db.manager).toBe(em);
            return [before, await tenants()];
          },
          { readOnly: true },
        ),
      ),
    );
    expect(seen).toEqual([
      [[northmere], [northmere]],
      [[southvale], [southvale]],
    ]);
    // Nothing leaks out of the context once it is left.
    expect(() => db.manager).toThrow();
  });

  it('sends the statements of one transaction to its connection in turn, even when a service sends them together', async () => {
    const runner = t.app.get(ContextRunner);
    const tenantId = await authorityId(t, 'northmere');
    const { inFlight, order } = await runner.run(
      { tenantId },
      async (em) => {
        // The driver's own connection under the transaction: counted as it is called, and as each statement answers.
        const conn = (em.queryRunner as unknown as { databaseConnection: { query: (...a: unknown[]) => unknown } }).databaseConnection;
        const send = conn.query.bind(conn);
        let now = 0;
        let most = 0;
        conn.query = (...a: unknown[]) => {
          most = Math.max(most, ++now);
          const answer = send(...a) as Promise<unknown>;
          return answer.finally(() => now--);
        };
        try {
          const answers = (await Promise.all(
            [30, 10, 20].map((ms) => em.query(`SELECT $1::int AS ms, pg_sleep($1::int / 1000.0), clock_timestamp() AS at`, [ms])),
          )) as { ms: number; at: Date }[][];
          return {
            inFlight: most,
            order: answers
              .map(([r]) => r)
              .sort((a, b) => +new Date(a.at) - +new Date(b.at))
              .map((r) => r.ms),
          };
        } finally {
          conn.query = send;
        }
      },
      { readOnly: true },
    );
    // pg would queue them itself, but has deprecated that (pg 9 refuses): the transaction's runner sends one at a time, in order.
    expect(inFlight).toBe(1);
    expect(order).toEqual([30, 10, 20]);
  });
});
