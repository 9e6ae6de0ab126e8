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
});
