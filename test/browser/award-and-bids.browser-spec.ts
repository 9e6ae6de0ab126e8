/// <reference lib="dom" />
import { expect, it } from '@jest/globals';
import { browserJourneys } from '../support/browser-journeys.js';
import { tenderIdByReference } from '../support/test-app.js';

browserJourneys(
  'the award, the opened bids and a provider’s own bids in Chromium',
  (j) => {
    it('lets an evaluator go from the awarded tender to a bid as it was sent, and a commissioner see who won and take the bundle', async () => {
      const awarded = await tenderIdByReference(j.t, 'NCC-2023-031');
      await j.fresh();
      await j.signIn('evaluator1@northmere.test');
      await j.page.goto(`/authority/tenders/${awarded}`);
      await expect(j.page.locator('#award').textContent()).resolves.toContain('Brightpath Community Interest Company');
      await j.check('tender-awarded');
      await j.page.getByRole('link', { name: /Castleton Care Ltd/ }).click();
      await j.page.waitForLoadState('load');
      await expect(j.page.locator('h1').textContent()).resolves.toBe('Castleton Care Ltd');
      await expect(j.page.locator('main').textContent()).resolves.toContain('£2,300,000.00');
      await j.check('authority-bid');
      // An evaluator meets no link to the award decision they may not open.
      await j.page.goto(`/authority/tenders/${awarded}`);
      await expect(j.page.getByRole('link', { name: 'The award decision and how it was reached' }).count()).resolves.toBe(0);

      await j.fresh();
      await j.signIn('commissioner@northmere.test');
      await j.page.goto(`/authority/tenders/${awarded}/evaluation/award`);
      await expect(j.page.locator('#complete').textContent()).resolves.toContain('at a price of £3,950,000.00');
      await j.check('award-page');
      const download = j.page.waitForEvent('download');
      await j.page.getByRole('link', { name: 'Download the evaluation bundle' }).click();
      expect((await download).suggestedFilename()).toBe('evaluation-bundle-NCC-2023-031.json');
    });

    it('lists a provider’s bids at every authority with where each stands', async () => {
      await j.fresh();
      await j.signIn('bids@castleton.test');
      await j.page.getByRole('link', { name: 'Your bids' }).click();
      await j.page.waitForLoadState('load');
      const main = (await j.page.locator('main').textContent())!;
      expect(main).toContain('NCC-2023-031');
      expect(main).toContain('Not successful');
      await j.check('provider-bids');
    });
  },
  4,
);
