/// <reference lib="dom" />
import { expect, it } from '@jest/globals';
import { browserJourneys } from '../support/browser-journeys.js';
import { publicationsDone } from '../support/publication.js';
import { asOwner } from '../support/test-app.js';
import { waitUntil } from '../support/wait.js';

browserJourneys(
  'the public pages in Chromium',
  (j) => {
    it('lets anyone, not signed in, go from the home page to an authority’s contract and see how it performs', async () => {
      await j.fresh();
      await publicationsDone(j.t);
      await j.page.goto('/');
      await j.check('public-home');
      await j.page.getByRole('link', { name: 'Contracts and their performance' }).click();
      await j.page.waitForLoadState('load');
      await j.check('public-authorities');
      await j.page.getByRole('link', { name: 'Northmere City Council' }).click();
      await j.page.waitForLoadState('load');
      await j.check('public-authority');
      await j.page.locator('#processes tr', { hasText: 'NCC-2023-031' }).getByRole('link').click();
      await j.page.waitForLoadState('load');
      await j.check('public-record');
      await expect(j.page.locator('#awards').textContent()).resolves.toContain('Brightpath');
      await expect(j.page.locator('[data-role="kpis"] .govuk-tag').count()).resolves.toBeGreaterThan(0);
      await expect(j.page.getByRole('link', { name: 'This process as an Open Contracting record (JSON)' }).count()).resolves.toBe(1);
    });

    it('lets anyone raise a concern about a contract, confirm it from the e-mailed link, and see it published without their name', async () => {
      await j.fresh();
      await publicationsDone(j.t);
      const [{ tender_id: tenderId }] = await asOwner<{ tender_id: string }>(j.t, `SELECT tender_id FROM contracts ORDER BY reference LIMIT 1`);
      await j.page.goto(`/public/records/${j.t.config.OCDS_OCID_PREFIX}-${tenderId}`);
      await j.page.getByRole('link', { name: 'Raise a concern about this contract' }).first().click();
      await j.page.waitForLoadState('load');
      await j.page.getByRole('button', { name: 'Send' }).click();
      await j.page.waitForLoadState('load');
      await j.check('concern-form-errors');
      await expect(j.page.locator('.govuk-error-summary').textContent()).resolves.toContain('Choose what the concern is about');
      await j.page.getByLabel('Who can use the service').check();
      await j.page.getByLabel('What is the concern?').fill('Families in the east of the city cannot reach the only venue by bus.');
      await j.page.getByLabel('Your name').fill('Robin Resident');
      await j.page.getByLabel('Your e-mail address').fill('robin@example.test');
      await j.page.getByRole('button', { name: 'Send' }).click();
      await j.page.waitForLoadState('load');
      await j.check('concern-check-email');
      let link = '';
      await waitUntil(
        async () => {
          const [mail] = await asOwner<{ text_body: string }>(j.t, `SELECT text_body FROM email_deliveries WHERE to_address = 'robin@example.test'`);
          link = mail ? /https?:\/\/\S+\/public\/concerns\/confirm\?\S+/.exec(mail.text_body)![0] : '';
          return Boolean(link);
        },
        20_000,
        'the confirmation e-mail',
      );
      const url = new URL(link);
      await j.page.goto(`${url.pathname}${url.search}`);
      await j.check('concern-confirm');
      await j.page.getByRole('button', { name: 'Confirm' }).click();
      await j.page.waitForLoadState('load');
      await j.check('concern-confirmed');
      await expect(j.page.locator('.govuk-panel__body').textContent()).resolves.toContain('1 person supports this concern');
      await j.page.getByRole('link', { name: 'Back to the contract' }).click();
      await j.page.waitForLoadState('load');
      const concerns = await j.page.locator('[data-role="concerns"]').first().textContent();
      expect(concerns).toContain('Families in the east of the city');
      expect(await j.page.content()).not.toContain('Robin Resident');
    });

    it('lets a contract manager withhold what is not yet published, with the reason, and refuses what is published already', async () => {
      await j.fresh();
      await publicationsDone(j.t);
      // Southvale's running contract, never changed: why it changes is not yet published, its KPIs are.
      const [c] = await asOwner<{ id: string }>(
        j.t,
        `SELECT c.id FROM contracts c JOIN authorities a ON a.id = c.tenant_id
          WHERE a.slug = 'southvale' AND c.status = 'active' AND NOT EXISTS (SELECT 1 FROM contract_changes ch WHERE ch.contract_id = c.id)
          ORDER BY c.reference LIMIT 1`,
      );
      await j.signIn('contracts@southvale.test');
      await j.page.goto(`/contracts/${c.id}`);
      await j.page.getByRole('link', { name: 'Open data: what is published and what is withheld' }).click();
      await j.page.waitForLoadState('load');
      await j.check('publication-contract');
      await expect(j.page.locator('#withholdings').count()).resolves.toBe(0);
      await j.page.getByRole('button', { name: 'Withhold it' }).click();
      await j.page.waitForLoadState('load');
      await j.check('publication-contract-errors');
      await expect(j.page.locator('.govuk-error-summary__list a').allTextContents()).resolves.toEqual([
        'Choose what to withhold',
        'Choose the ground',
        'Say why, in words the public will read',
      ]);
      // Too late for what is published already: the page says so, and keeps what was typed.
      await j.page.getByLabel('The performance terms agreed', { exact: false }).check();
      await j.page.getByLabel('Commercially sensitive information').check();
      await j.page.getByLabel('Why: published in its place').fill('The thresholds were priced from the provider’s own cost model');
      await j.page.getByRole('button', { name: 'Withhold it' }).click();
      await j.page.waitForLoadState('load');
      await expect(j.page.locator('.govuk-error-summary').textContent()).resolves.toContain('open data once published has been copied');
      await expect(j.page.getByLabel('Why: published in its place').inputValue()).resolves.toContain('own cost model');
      await j.page.getByLabel('Why the contract was changed').check();
      await j.page.getByRole('button', { name: 'Withhold it' }).click();
      await j.page.waitForLoadState('load');
      await j.check('publication-contract-withheld');
      await expect(j.page.locator('.govuk-notification-banner').textContent()).resolves.toContain('It is withheld');
      const row = await j.page.locator('#withholdings tbody tr').textContent();
      expect(row).toMatch(
        /Why the contract was changed[\s\S]*Commercially sensitive information: The thresholds were priced[\s\S]*Until lifted[\s\S]*Withheld/,
      );
      await j.page.getByRole('button', { name: 'Lift the withholding of Why the contract was changed' }).click();
      await j.page.waitForLoadState('load');
      await expect(j.page.locator('#withholdings tbody tr').textContent()).resolves.toContain('Lifted');
    });
  },
  11,
);
