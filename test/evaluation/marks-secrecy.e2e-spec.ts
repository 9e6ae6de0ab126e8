import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { TransactionRunner } from '#platform';
import { asOwner, login, startTestApp, type TestApp } from '../support/test-app.js';
import { userId } from '../support/evaluation-fixtures.js';

/**
 * Independent marks secret until submitted, by the database and not only the API (issue 18): read as the
 * application's own role in a member of staff's context, an evaluator's marks before they submit are theirs
 * alone; once submitted, the authority sees them again. The commissioner's progress still counts them.
 */
describe('the secrecy of independent marks, at the database', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => t?.close());

  it('hides an evaluator’s unsubmitted marks from every other member of staff, and shows them once submitted', async () => {
    const [m] = await asOwner<{ tender_id: string; criterion_group: string; evaluator_id: string; tenant_id: string; slug: string; n: number }>(
      t,
      `SELECT m.tender_id, m.criterion_group, m.evaluator_id, m.tenant_id, a.slug, count(*)::int AS n
         FROM independent_marks m JOIN authorities a ON a.id = m.tenant_id
        GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3 LIMIT 1`,
    );
    expect(m).toBeDefined();
    const submittedAt = async (at: Date | null) =>
      asOwner(t, `UPDATE evaluator_assignments SET submitted_at = $4 WHERE tender_id = $1 AND criterion_group = $2 AND user_id = $3`, [
        m.tender_id,
        m.criterion_group,
        m.evaluator_id,
        at,
      ]);
    const seenBy = async (email: string) => {
      const rows: { n: number }[] = await t.app
        .get(TransactionRunner)
        .run({ tenantId: m.tenant_id, userId: await userId(t, email) }, (em) =>
          em.query(`SELECT count(*)::int AS n FROM independent_marks WHERE tender_id = $1 AND evaluator_id = $2 AND criterion_group = $3`, [
            m.tender_id,
            m.evaluator_id,
            m.criterion_group,
          ]),
        );
      return rows[0].n;
    };
    const [{ email }] = await asOwner<{ email: string }>(t, `SELECT email FROM users WHERE id = $1`, [m.evaluator_id]);
    const [{ submitted }] = await asOwner<{ submitted: Date | null }>(
      t,
      `SELECT submitted_at AS submitted FROM evaluator_assignments WHERE tender_id = $1 AND criterion_group = $2 AND user_id = $3`,
      [m.tender_id, m.criterion_group, m.evaluator_id],
    );
    try {
      await submittedAt(null);
      expect(await seenBy(email)).toBe(m.n);
      for (const other of [`auditor@${m.slug}.test`, `commissioner@${m.slug}.test`, `admin@${m.slug}.test`])
        expect([other, await seenBy(other)]).toEqual([other, 0]);
      // The commissioner's progress counts them all the same (counts, never marks).
      const commissioner = { authorization: `Bearer ${await login(t, `commissioner@${m.slug}.test`)}` };
      const progress = await t.http.get(`/api/v1/tenders/${m.tender_id}/evaluation/assignments`).set(commissioner);
      expect(progress.status).toBe(200);
      expect(
        progress.body.items.find((a: { userId: string; criterionGroup: string }) => a.userId === m.evaluator_id && a.criterionGroup === m.criterion_group),
      ).toMatchObject({
        marked: m.n,
      });
      await submittedAt(new Date());
      expect(await seenBy(`auditor@${m.slug}.test`)).toBe(m.n);
    } finally {
      await submittedAt(submitted);
    }
  });
});
