import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Decimal } from 'decimal.js';
import { publicationsDone } from '../support/publication.js';
import { asOwner, startTestApp, type TestApp } from '../support/test-app.js';

const pounds = (d: string) => `£${new Decimal(d).toFixed(2).replace(/\B(?=(\d{3})+(?!\d))/g, ',')}`;

/** The public pages (issue 16, item 4): anyone, no sign-in, every figure from what is published. */
describe('the public pages', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
    await publicationsDone(t);
  });

  afterAll(async () => {
    await t?.close();
  });

  it('offers anyone the public pages at /, as well as a sign-in', async () => {
    const res = await t.http.get('/');
    expect(res.status).toBe(200);
    for (const href of ['/public/authorities', '/tenders', '/sign-in', '/api/v1/public/ocds/releases']) expect(res.text).toContain(`href="${href}"`);
  });

  it('lists each authority with what it has published, and an authority’s processes with their stage, supplier and value', async () => {
    const list = await t.http.get('/public/authorities');
    expect(list.status).toBe(200);
    const counts = await asOwner<{ slug: string; n: number }>(
      t,
      `SELECT a.slug, count(DISTINCT r.ocid)::int AS n FROM authorities a LEFT JOIN ocds_releases r ON r.tenant_id = a.id GROUP BY a.slug`,
    );
    for (const c of counts) expect(list.text).toMatch(new RegExp(`href="/public/authorities/${c.slug}">[^<]+</a></td><td[^>]*>${c.n}<`));
    const northmere = await t.http.get('/public/authorities/northmere');
    expect(northmere.status).toBe(200);
    const mine = await asOwner<{ ocid: string }>(
      t,
      `SELECT DISTINCT r.ocid FROM ocds_releases r JOIN authorities a ON a.id = r.tenant_id WHERE a.slug = 'northmere'`,
    );
    expect(mine.length).toBeGreaterThan(0);
    for (const { ocid } of mine) expect(northmere.text).toContain(`/public/records/${ocid}`);
    // Only its own, and never a draft.
    const others = await asOwner<{ ocid: string }>(
      t,
      `SELECT DISTINCT r.ocid FROM ocds_releases r JOIN authorities a ON a.id = r.tenant_id WHERE a.slug <> 'northmere'`,
    );
    for (const { ocid } of others) expect(northmere.text).not.toContain(ocid);
    const drafts = await asOwner<{ title: string }>(
      t,
      `SELECT t.title FROM tenders t JOIN authorities a ON a.id = t.tenant_id WHERE a.slug = 'northmere' AND t.status = 'draft'`,
    );
    for (const d of drafts) expect(northmere.text).not.toContain(d.title);
  });

  it('shows a contract as published: who won and for how much, what has been paid, its KPIs, outcomes, assessments and social value', async () => {
    const [c] = await asOwner<{ id: string; tender_id: string; supplier: string; paid: string; scheduled: string }>(
      t,
      `SELECT c.id, c.tender_id, p.name AS supplier,
              (SELECT coalesce(sum(coalesce(earned, amount)), 0)::text FROM contract_payments x WHERE x.contract_id = c.id AND x.status = 'paid') AS paid,
              (SELECT coalesce(sum(amount), 0)::text FROM contract_payments x WHERE x.contract_id = c.id) AS scheduled
         FROM contracts c JOIN provider_organisations p ON p.id = c.provider_id
        WHERE EXISTS (SELECT 1 FROM kpi_measurements m WHERE m.contract_id = c.id) AND EXISTS (SELECT 1 FROM outcome_metrics o WHERE o.contract_id = c.id)
        ORDER BY c.reference LIMIT 1`,
    );
    const ocid = `${t.config.OCDS_OCID_PREFIX}-${c.tender_id}`;
    const page = await t.http.get(`/public/records/${ocid}`);
    expect(page.status).toBe(200);
    const contract = page.text.slice(page.text.indexOf(`id="contract-${c.id}"`));
    expect(page.text).toContain(c.supplier);
    expect(page.text).toContain(`href="/api/v1/public/ocds/records/${ocid}"`);
    // Payments made only: what is scheduled or approved is not yet public spending.
    expect(new Decimal(c.scheduled).gt(c.paid)).toBe(true);
    expect(contract).toContain(`Paid so far</dt><dd class="govuk-summary-list__value">${pounds(c.paid)}`);
    const [kpi] = await asOwner<{ title: string; rating: string }>(
      t,
      `SELECT k.title, m.rating FROM contract_kpis k JOIN LATERAL (SELECT rating FROM kpi_measurements WHERE kpi_id = k.id ORDER BY period_ends_on DESC, recorded_at DESC LIMIT 1) m ON true
        WHERE k.contract_id = $1 ORDER BY k.code LIMIT 1`,
      [c.id],
    );
    const names: Record<string, string> = {
      good: 'Good',
      approaching_target: 'Approaching target',
      requires_improvement: 'Requires improvement',
      inadequate: 'Inadequate',
    };
    const row = contract.slice(contract.indexOf(kpi.title));
    expect(row.slice(0, row.indexOf('</tr>'))).toContain(`>${names[kpi.rating]}</strong>`);
    expect(contract).toContain('Outcomes paid for');
    expect(contract).toContain('Performance assessments');
  });

  it('answers an address it does not publish with a page that says so', async () => {
    for (const path of [
      '/public/authorities/nowhere',
      '/public/authorities/Not%20A%20Slug',
      '/public/records/not-an-ocid',
      `/public/records/ocds-cmnwl0-0190a000-0000-7000-8000-000000000000`,
    ]) {
      const res = await t.http.get(path);
      expect([path, res.status]).toEqual([path, 404]);
      expect(res.text).toContain('Page not found');
    }
  });
});
