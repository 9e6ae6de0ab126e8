/// <reference lib="dom" />
import { expect, it } from '@jest/globals';
import { browserJourneys, fillDate } from '../support/browser-journeys.js';

browserJourneys(
  'the audit log in Chromium',
  (j) => {
    it('lets the auditor read the log, narrow it to the award, open an event and verify the chain', async () => {
      await j.fresh();
      await j.signIn('auditor@northmere.test');
      await j.page.goto('/');
      await j.page.getByRole('navigation').getByRole('link', { name: 'Audit log' }).click();
      await j.page.waitForLoadState('load');
      await j.check('audit-log');
      await j.page.getByLabel('Action').selectOption({ label: 'award.approved' });
      await j.page.getByRole('button', { name: 'Show' }).click();
      await j.page.waitForLoadState('load');
      await expect(j.page.locator('#events tbody tr').count()).resolves.toBe(1);
      await j.page.locator('#events tbody').getByRole('link', { name: 'award.approved' }).click();
      await j.page.waitForLoadState('load');
      await j.check('audit-event');
      await expect(j.page.locator('#event-data').textContent()).resolves.toContain('winners');
      await expect(j.page.locator('#chain').textContent()).resolves.toMatch(/[0-9a-f]{64}/);
      await j.page.goto('/audit?from=2026-02-30');
      await j.check('audit-log-error');
      await expect(j.page.locator('.govuk-error-summary').textContent()).resolves.toContain('Enter the first day as a date that exists');
      // The days are typed in GOV.UK's boxes: one that does not exist comes back as typed, with the message beside it.
      await fillDate(j.page.getByRole('group', { name: 'From (first day)' }), '31/4/2026');
      await j.page.getByRole('button', { name: 'Show' }).click();
      await j.page.waitForLoadState('load');
      await expect(j.page.locator('.govuk-error-summary').textContent()).resolves.toContain('Enter the first day as a date that exists, for example 31 3 2026');
      await expect(j.page.locator('#from-day').inputValue()).resolves.toBe('31');
      await expect(j.page.locator('#from-month').inputValue()).resolves.toBe('4');
      await fillDate(j.page.getByRole('group', { name: 'From (first day)' }), '2020-01-01');
      await j.page.getByRole('button', { name: 'Show' }).click();
      await j.page.waitForLoadState('load');
      await expect(j.page.locator('.govuk-error-summary').count()).resolves.toBe(0);
      expect(new URL(j.page.url()).searchParams.get('from-day')).toBe('1');
      await expect(j.page.locator('#events tbody tr').count()).resolves.toBeGreaterThan(0);
      await j.page.goto('/audit');
      await j.page.getByRole('link', { name: 'Verify the chain' }).click();
      await j.page.waitForLoadState('load');
      await j.check('audit-verify');
      await expect(j.page.locator('#verdict').textContent()).resolves.toContain('The chain holds');
    });
  },
  4,
);
