/// <reference lib="dom" />
import { expect, it } from '@jest/globals';
import { browserJourneys } from '../support/browser-journeys.js';
import { publicationsDone } from '../support/publication.js';

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
  },
  4,
);
