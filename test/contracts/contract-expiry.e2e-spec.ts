import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ContractExpiryJob } from '#contracts';
import { pendingContract } from '../support/contract-fixtures.js';
import { asOwner, startTestApp, type TestApp } from '../support/test-app.js';

/** An active contract whose last day has passed in London expires overnight; nothing else changes, and twice is once. */
describe('contract expiry', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ awaitStartupJobs: true });
  });
  afterAll(async () => t?.close());

  const state = async (id: string) => (await asOwner<{ status: string; version: number }>(t, 'SELECT status, version FROM contracts WHERE id = $1', [id]))[0];
  const active = async (endsOn: string) => {
    const { id } = await pendingContract(t, 'northmere');
    await asOwner(t, `UPDATE contracts SET status = 'active', activated_at = now(), starts_on = '2024-01-01', ends_on = $2 WHERE id = $1`, [id, endsOn]);
    return id;
  };

  it('expires active contracts past their last day, and only those, once', async () => {
    // Far past any clock this run sees, as well as after the app's own start-up run of the job (every scheduled job runs
    // once at start, with the real date, whenever the queue reaches it): with this year's dates, a loaded machine once
    // let that run in after the fixtures were made, and it expired them first.
    const now = new Date('2099-12-01T09:00:00Z');
    const past = await active('2099-11-30');
    const today = await active('2099-12-01');
    const ended = await active('2099-06-30');
    await asOwner(t, `UPDATE contracts SET status = 'terminated', terminated_on = '2026-05-01', termination_reason = 'In-house' WHERE id = $1`, [ended]);
    const pending = (await pendingContract(t, 'southvale')).id;
    await asOwner(t, `UPDATE contracts SET ends_on = '2026-01-31', starts_on = '2025-01-01' WHERE id = $1`, [pending]);

    const queued = async () =>
      (
        await asOwner<{ n: number }>(
          t,
          `SELECT count(*)::int AS n FROM outbox_messages WHERE topic = 'ocds.publish-process' AND payload->>'tenderId' = (SELECT tender_id::text FROM contracts WHERE id = $1)`,
          [past],
        )
      )[0].n;
    const queuedBefore = await queued();
    const job = t.app.get(ContractExpiryJob);
    expect(await job.run(now)).toBeGreaterThanOrEqual(1);
    // Its process is published again, named by its tender (the job once read the update's rows in a shape one driver does not give).
    expect(await queued()).toBe(queuedBefore + 1);
    expect(await state(past)).toEqual({ status: 'expired', version: 2 });
    expect((await state(today)).status).toBe('active'); // its last day is today
    expect((await state(ended)).status).toBe('terminated');
    expect((await state(pending)).status).toBe('pending'); // never signed: it does not expire into anything
    const [audit] = await asOwner<{ n: number }>(t, `SELECT count(*)::int AS n FROM audit_events WHERE action = 'contract.expired' AND entity_id = $1`, [past]);
    expect(audit.n).toBe(1);
    // A second run (another worker, or tomorrow's) finds nothing more to do for these.
    await job.run(now);
    expect(await state(past)).toEqual({ status: 'expired', version: 2 });
  });
});
