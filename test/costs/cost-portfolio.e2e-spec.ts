import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { parse } from 'csv-parse/sync';
import { Decimal } from 'decimal.js';
import { pendingContract } from '../support/contract-fixtures.js';
import { asOwner, login, startTestApp, type TestApp } from '../support/test-app.js';

/**
 * The auditor's portfolio (issue 15, item 6): every contract's whole-life cost against its value at award
 * and the comparator, largest variance first, agreeing with each contract's own figures to the penny;
 * filtered; exported as CSV; the authority's own contracts only.
 */
describe('whole-life cost portfolio', () => {
  let t: TestApp;
  const who = async (email: string) => ({ authorization: `Bearer ${await login(t, email)}` });

  beforeAll(async () => {
    t = await startTestApp({ env: { LOGIN_RATE_LIMIT: '1000' } });
  });
  afterAll(async () => t?.close());

  it('lists every contract largest variance first, each row agreeing with the contract’s own figures', async () => {
    const auditor = await who('auditor@northmere.test');
    // A second contract on the re-offending cycle's tender: the cycle's costs are now shared by award value.
    const [tender] = await asOwner<{ cycle: string }>(t, `SELECT cycle_id AS cycle FROM tenders WHERE reference = 'NCC-2023-031'`);
    const other = await pendingContract(t, 'northmere', { awardedValue: '1000000.00' });
    await asOwner(t, `UPDATE tenders SET cycle_id = $1 WHERE id = (SELECT tender_id FROM contracts WHERE id = $2)`, [tender.cycle, other.id]);

    const res = await t.http.get('/api/v1/costs/portfolio').set(auditor);
    expect(res.status).toBe(200);
    const items = res.body.items as { contract: { id: string; reference: string }; variance: string; actual: string }[];
    expect(items.length).toBeGreaterThanOrEqual(2);
    for (let i = 1; i < items.length; i++) expect(new Decimal(items[i - 1].variance).gte(items[i].variance)).toBe(true);
    const [reoffending] = await asOwner<{ id: string }>(
      t,
      `SELECT c.id FROM contracts c JOIN tenders t ON t.id = c.tender_id WHERE t.reference = 'NCC-2023-031'`,
    );
    for (const id of [reoffending.id, other.id]) {
      const row = res.body.items.find((r: { contract: { id: string } }) => r.contract.id === id);
      const figures = (await t.http.get(`/api/v1/contracts/${id}/costs`).set(auditor)).body;
      expect(row).toMatchObject({
        actual: figures.actual.nominal,
        transactionCosts: figures.actual.transactionCosts,
        transactionCostRatio: figures.actual.transactionCostRatio,
        savingClaimed: figures.erosion.claimed,
        savingNow: figures.erosion.now,
        variance: new Decimal(figures.erosion.claimed).minus(figures.erosion.now).toFixed(2),
      });
    }
    // The re-offending contract is the one whose saving went: first.
    expect(items[0].contract.id).toBe(reoffending.id);
    expect(res.body.totals.contracts).toBe(items.length);

    const fixed = (await t.http.get('/api/v1/costs/portfolio?paymentMechanism=fixed_fee').set(auditor)).body.items;
    expect(fixed.map((r: { contract: { id: string } }) => r.contract.id)).not.toContain(reoffending.id);
    expect(fixed.every((r: { paymentMechanism: string }) => r.paymentMechanism === 'fixed_fee')).toBe(true);
    const category = (await t.http.get('/api/v1/costs/portfolio?serviceCategory=community-justice').set(auditor)).body.items;
    expect(category.map((r: { contract: { id: string } }) => r.contract.id).sort()).toEqual([reoffending.id, other.id].sort());
    const bad = await t.http.get('/api/v1/costs/portfolio?paymentMechanism=barter&provider=x').set(auditor);
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['paymentMechanism', 'provider']);

    const csv = await t.http.get('/api/v1/costs/portfolio/export').set(auditor);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    const rows = parse(csv.text, { columns: true }) as Record<string, string>[];
    expect(rows.map((r) => r.reference)).toEqual(items.map((i) => i.contract.reference));
    expect(rows[0].variance).toBe(items[0].variance);

    // Another authority sees its own contracts only.
    const southvale = (await t.http.get('/api/v1/costs/portfolio').set(await who('auditor@southvale.test'))).body.items;
    expect(southvale.map((r: { contract: { id: string } }) => r.contract.id)).not.toContain(reoffending.id);
    expect(southvale.length).toBeGreaterThan(0);
  });
});
