/// <reference lib="dom" />
import { expect, it } from '@jest/globals';
import { browserJourneys } from '../support/browser-journeys.js';

browserJourneys(
  'the social value catalogue in Chromium',
  (j) => {
    it('lets a commissioner import the social value catalogue from CSV, with every bad line reported and nothing imported', async () => {
      await j.fresh();
      await j.signIn('commissioner@northmere.test');
      await j.page.getByRole('link', { name: 'Social value', exact: true }).click();
      await expect(j.page.locator('.govuk-warning-text').textContent()).resolves.toContain('illustrative');
      await j.check('social-value-catalogue');
      const header = 'theme,outcome,measure_code,measure,unit,proxy_value,source';
      const bad = [
        header,
        'Jobs,Local work,J-1,Local hires,FTE year,28000,Council study',
        'Jobs,Local work,J-1,Apprentices,week,two hundred,Council study',
      ].join('\n');
      await j.page.getByLabel('CSV file').setInputFiles({ name: 'catalogue.csv', mimeType: 'text/csv', buffer: Buffer.from(bad) });
      await j.page.getByRole('button', { name: 'Import the catalogue' }).click();
      await j.page.waitForLoadState('load');
      await expect(j.page.locator('.govuk-error-summary__list a').allTextContents()).resolves.toEqual([
        'The file has 2 problems to correct, listed below. Nothing was imported.',
      ]);
      await expect(j.page.locator('#report tbody tr').allTextContents()).resolves.toEqual([
        expect.stringMatching(/^3\s*measure_code/),
        expect.stringMatching(/^3\s*proxy_value/),
      ]);
      await j.check('social-value-import-report');
      const good = [header, 'Jobs,Local work,J-1,Local hires,FTE year,28000,Council study', 'Jobs,Local work,J-2,Apprentices,week,200.50,Council study'].join(
        '\n',
      );
      await j.page.getByLabel('CSV file').setInputFiles({ name: 'catalogue.csv', mimeType: 'text/csv', buffer: Buffer.from(good) });
      await j.page.getByRole('button', { name: 'Import the catalogue' }).click();
      await j.page.waitForLoadState('load');
      await expect(j.page.getByText('Version 1 of the catalogue is now in force.').count()).resolves.toBe(1);
      await expect(j.page.locator('main table').first().textContent()).resolves.toContain('£200.50');
      // One measure changed in the page: a bad proxy value comes back on its field; a good one is the next version.
      await j.page.getByRole('link', { name: 'J-2 (change)' }).click();
      await j.page.waitForLoadState('load');
      await j.check('social-value-measure');
      await j.page.getByLabel('Proxy value per unit, in pounds').fill('a lot');
      await j.page.getByRole('button', { name: 'Save as the next version' }).click();
      await j.page.waitForLoadState('load');
      await expect(j.page.locator('.govuk-error-summary__list a').first().getAttribute('href')).resolves.toBe('#proxyValue');
      await j.page.getByLabel('Proxy value per unit, in pounds').fill('210.00');
      await j.page.getByRole('button', { name: 'Save as the next version' }).click();
      await j.page.waitForLoadState('load');
      await expect(j.page.getByText('Version 2 of the catalogue is now in force.').count()).resolves.toBe(1);
      await expect(j.page.locator('main table').first().textContent()).resolves.toContain('£210.00');
      await j.page.getByRole('link', { name: 'J-1 (change)' }).click();
      await j.page.waitForLoadState('load');
      await j.page.getByRole('button', { name: 'Remove this measure' }).click();
      await j.page.waitForLoadState('load');
      await expect(j.page.getByText('Version 3 of the catalogue is now in force.').count()).resolves.toBe(1);
      await expect(j.page.getByRole('link', { name: 'J-1 (change)' }).count()).resolves.toBe(0);
    });
  },
  3,
);
