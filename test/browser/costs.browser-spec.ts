/// <reference lib="dom" />
import { expect, it } from '@jest/globals';
import { browserJourneys, fillDate } from '../support/browser-journeys.js';

browserJourneys(
  'whole-life cost in Chromium',
  (j) => {
    it('shows the auditor the portfolio, largest variance first, and the re-offending contract’s eroded saving, with its charts and tables', async () => {
      await j.fresh();
      await j.signIn('auditor@northmere.test');
      await j.page.goto('/');
      await j.page.getByRole('link', { name: 'Whole-life cost' }).click();
      await j.page.waitForLoadState('load');
      await j.check('costs-portfolio');
      // Filtered: by payment mechanism, none of the authority's contracts is paid a plain fixed fee; by provider, Brightpath's.
      await j.page.getByLabel('Payment mechanism').selectOption({ label: 'Fixed fee' });
      await j.page.getByRole('button', { name: 'Show' }).click();
      await j.page.waitForLoadState('load');
      await expect(j.page.locator('#portfolio tbody').textContent()).resolves.toContain('No contracts match.');
      await j.page.getByLabel('Payment mechanism').selectOption({ label: 'Any payment mechanism' });
      await j.page.getByLabel('Provider').selectOption({ label: 'Brightpath Community Interest Company' });
      await j.page.getByRole('button', { name: 'Show' }).click();
      await j.page.waitForLoadState('load');
      const first = j.page.locator('#portfolio tbody tr').first();
      await expect(first.textContent()).resolves.toContain('NCC-2023-031');
      await first.getByRole('link', { name: 'NCC-2023-031' }).click();
      await j.page.waitForLoadState('load');
      await j.check('costs-contract');
      await expect(j.page.locator('main').textContent()).resolves.toMatch(/The saving claimed at award was £850,000\.00/);
      await expect(j.page.locator('svg.cw-chart').count()).resolves.toBe(2);
      const steps = await j.page.locator('#erosion-steps').textContent();
      expect(steps).toMatch(/Variations\s*-£225,000\.00/);
      expect(steps).toMatch(/Extensions\s*-£450,000\.00/);
      await expect(j.page.locator('#ten-year-table tbody tr').count()).resolves.toBe(12);
      // Peer mentors' and the community panel's time, valued beside the authority's spending, per outcome too.
      await expect(j.page.locator('#coproduction + p').textContent()).resolves.toMatch(/79 people gave 3096\.00 hours/);
      await expect(j.page.locator('#cost-per-outcome').textContent()).resolves.toMatch(/citizens’ time included/);
      // The auditor reads and records, but cannot reverse what a payment wrote.
      const paid = j.page.locator('tr', { hasText: 'Payment paid' }).first();
      await expect(paid.getByText('Reverse').count()).resolves.toBe(0);
    });

    it('lets the contract manager record a cost, fix what is wrong, and reverse it with a reason', async () => {
      await j.fresh();
      await j.signIn('contracts@northmere.test');
      await j.page.goto('/contracts');
      await j.page
        .getByRole('link', { name: /NCC-2023-031/ })
        .first()
        .click();
      await j.page.waitForLoadState('load');
      await j.page.getByRole('link', { name: 'Whole-life cost: what it has cost against in-house delivery' }).click();
      await j.page.waitForLoadState('load');
      await fillDate(j.page.getByRole('group', { name: 'Day it was incurred' }), '2026-11-30');
      await j.page.getByLabel('What it was for').selectOption({ label: 'Validation and administration of outcomes' });
      await j.page.getByLabel('Type').selectOption({ label: 'Staff time (hours × rate)' });
      await j.page.getByLabel('Hours (staff time only)').fill('7.5');
      await j.page.getByLabel('Pounds an hour (staff time only)').fill('32.40');
      await j.page.getByLabel('Amount in pounds').fill('250');
      await j.page.getByRole('button', { name: 'Record the cost' }).click();
      await j.page.waitForLoadState('load');
      await j.check('costs-record-refused');
      await expect(j.page.locator('.govuk-error-summary__list a').allTextContents()).resolves.toEqual(['Say what the cost was']);
      await j.page.getByLabel('What the cost was').fill('Validating the November returns');
      await j.page.getByRole('button', { name: 'Record the cost' }).click();
      await j.page.waitForLoadState('load');
      await expect(j.page.locator('.govuk-error-summary__list a').allTextContents()).resolves.toEqual(['The amount must be hours × hourly rate, 243.00']);
      await j.page.getByLabel('Amount in pounds').fill('243.00');
      await j.page.getByRole('button', { name: 'Record the cost' }).click();
      await j.page.waitForLoadState('load');
      await expect(j.page.getByText('The cost is recorded in the ledger.').count()).resolves.toBe(1);
      const row = j.page.locator('tr', { hasText: 'Validating the November returns' });
      await expect(row.textContent()).resolves.toContain('7.50 hours at £32.40');
      await row.getByText('Reverse', { exact: true }).click();
      await row.getByRole('button', { name: 'Reverse the entry' }).click();
      await j.page.waitForLoadState('load');
      await expect(j.page.locator('.govuk-error-summary__list a').allTextContents()).resolves.toEqual(['Say why the entry is reversed']);
      const again = j.page.locator('tr', { hasText: 'Validating the November returns' }).first();
      await again.getByLabel('Why it is reversed').fill('Recorded against the wrong contract');
      await again.getByRole('button', { name: 'Reverse the entry' }).click();
      await j.page.waitForLoadState('load');
      await j.check('costs-reversed');
      await expect(j.page.getByText('The entry is reversed, with your reason. Both stay in the ledger.').count()).resolves.toBe(1);
      await expect(j.page.locator('tr', { hasText: 'Reason: Recorded against the wrong contract' }).textContent()).resolves.toContain('-£243.00');
    });
  },
  4,
);
