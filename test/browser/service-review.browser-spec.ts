/// <reference lib="dom" />
import { expect, it } from '@jest/globals';
import { browserJourneys } from '../support/browser-journeys.js';

browserJourneys(
  'the service review in Chromium',
  (j) => {
    it('lets the commissioner review a service against its outcomes, fix what is missing, and open the next cycle', async () => {
      await j.fresh();
      await j.signIn('commissioner@northmere.test');
      await j.page.goto('/cycles');
      await j.page.locator('tr', { hasText: 'NCC-CYC-2025-04' }).getByRole('link').first().click();
      await j.page.waitForLoadState('load');
      await expect(j.page.locator('#review ~ p').first().textContent()).resolves.toContain('Not reviewed yet');
      await j.page.getByRole('button', { name: 'Review the service' }).click();
      await j.page.waitForLoadState('load');
      await j.check('service-review-form');
      await j.page.getByRole('button', { name: 'Record the review and open the next cycle' }).click();
      await j.page.waitForLoadState('load');
      await j.check('service-review-errors');
      const summary = await j.page.locator('.govuk-error-summary').textContent();
      expect(summary).toContain('Select a finding for “Fewer young people not in education, employment or training”');
      expect(summary).toContain('Say what the finding on');
      expect(summary).toContain('Select what happens to the service next');
      for (const group of await j.page.locator('fieldset[id^="finding-"]').all()) await group.getByLabel('Partly achieved').check();
      for (const box of await j.page.locator('textarea[id^="evidence-"]').all()) await box.fill('Quarterly NEET figures and the clubs’ own reports');
      await j.page.getByLabel('What those promises came to').fill('Young people on club boards, as promised in two clubs of five.');
      await j.page.getByLabel('What the review found').fill('NEET fell by half; boards need support.');
      await j.page.getByLabel('Change the service').check();
      await j.page.getByLabel('Why').fill('The franchise works; board places need training to fill.');
      await j.page.getByRole('button', { name: 'Record the review and open the next cycle' }).click();
      await j.page.waitForLoadState('load');
      await j.check('service-reviewed');
      await expect(j.page.locator('.govuk-notification-banner').textContent()).resolves.toContain('The service review has been recorded');
      await expect(j.page.locator('#review-summary').textContent()).resolves.toContain('Change the service');
      await j.page
        .locator('#review-summary')
        .getByRole('link', { name: /NCC-CYC-2025-04-R1/ })
        .click();
      await j.page.waitForLoadState('load');
      await j.check('service-next-cycle');
      await expect(j.page.locator('main').textContent()).resolves.toContain('This cycle was opened by the review of NCC-CYC-2025-04');
    });
  },
  4,
);
