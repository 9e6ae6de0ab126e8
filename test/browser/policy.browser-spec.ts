/// <reference lib="dom" />
import { expect, it } from '@jest/globals';
import { browserJourneys } from '../support/browser-journeys.js';

browserJourneys(
  'the policy pack in Chromium',
  (j) => {
    it('lets the authority admin adopt a new version of the policy pack, refusing a broken one with the field named', async () => {
      await j.fresh();
      await j.signIn('admin@northmere.test');
      await j.page.getByRole('link', { name: 'Policy pack' }).click();
      await j.page.waitForLoadState('load');
      await expect(j.page.locator('main').textContent()).resolves.toContain('Version 1 is in force.');
      await j.check('policy-pack');
      await j.page.getByLabel('Abnormally low: % below the next lowest bid').fill('130');
      await j.page.getByRole('button', { name: 'Adopt the new version' }).click();
      await j.page.waitForLoadState('load');
      await expect(j.page.locator('.govuk-error-summary__list a').allTextContents()).resolves.toEqual([
        'Enter the percentage below the next lowest bid that makes a bid abnormally low as a number, for example 10',
      ]);
      await j.page.locator('.govuk-error-summary__list a').first().click();
      await expect(j.page.evaluate(() => document.activeElement?.id)).resolves.toBe('belowNextLowestPercent');
      await j.page.getByLabel('Abnormally low: % below the next lowest bid').fill('25');
      await j.page.getByLabel('Standstill (working days)').fill('10');
      await j.page.getByRole('button', { name: 'Adopt the new version' }).click();
      await j.page.waitForLoadState('load');
      await expect(j.page.getByText('Version 2 of the policy pack is now in force.').count()).resolves.toBe(1);
      await expect(j.page.locator('main').textContent()).resolves.toContain('10 working days');
      await j.check('policy-pack-adopted');
    });
  },
  2,
);
