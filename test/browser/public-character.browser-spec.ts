/// <reference lib="dom" />
import { expect, it } from '@jest/globals';
import { browserJourneys, fillDate } from '../support/browser-journeys.js';

browserJourneys(
  'public character evidence and framework in Chromium',
  (j) => {
    it('lets a provider build its evidence library and assess itself on a test, with the level descriptors beside the choice', async () => {
      await j.fresh();
      await j.signIn('bids@castleton.test');
      await j.page.getByRole('link', { name: 'Public character', exact: true }).click();
      await j.page.waitForLoadState('load');
      await j.check('public-character-overview');
      await j.page.getByRole('button', { name: 'Add the link' }).click();
      await j.page.waitForLoadState('load');
      await expect(j.page.locator('.govuk-error-summary__list a').allTextContents()).resolves.toEqual(['Enter a title', 'Enter the web address']);
      await j.page.getByLabel('Title', { exact: true }).fill('Freedom of information policy');
      await j.page.getByLabel('Type', { exact: true }).selectOption('foi_policy');
      await j.page.getByLabel('Web address').fill('https://castleton.example/foi');
      await fillDate(j.page.getByRole('group', { name: 'Expires on (optional)', exact: true }), '2025-03-31');
      await j.page.getByRole('button', { name: 'Add the link' }).click();
      await j.page.waitForLoadState('load');
      await expect(j.page.getByText('The evidence is in your library.').count()).resolves.toBe(1);
      await expect(j.page.locator('#library tbody tr').first().textContent()).resolves.toMatch(/Freedom of information policy[\s\S]*Expired/);

      await j.page.getByRole('link', { name: 'Values' }).click();
      await j.page.waitForLoadState('load');
      await expect(j.page.locator('#level-3-hint').textContent()).resolves.toContain('Largely');
      await j.check('public-character-test');
      // The demo's Castleton has assessed itself already: its answer is in the form, to change.
      await expect(j.page.getByLabel('1: Emerging').isChecked()).resolves.toBe(true);
      await j.page.getByLabel('What shows this level').fill('');
      await j.page.getByRole('button', { name: 'Save this test' }).click();
      await j.page.waitForLoadState('load');
      await expect(j.page.locator('.govuk-error-summary__list a').allTextContents()).resolves.toEqual(['Say what shows this level']);
      await j.page.getByLabel('1: Emerging').check();
      await j.page.getByLabel('What shows this level').fill('A new transparency policy, adopted in October; publication of board papers starts next year.');
      await j.page.getByLabel(/Freedom of information policy/).check();
      await j.page.getByRole('button', { name: 'Save this test' }).click();
      await j.page.waitForLoadState('load');
      await expect(j.page.getByText('Your answer on Values is saved.').count()).resolves.toBe(1);
      await expect(j.page.getByRole('row', { name: /^Values Champions/ }).textContent()).resolves.toMatch(/1: Emerging[\s\S]*1[\s\S]*Expired evidence/);
    });

    it('lets the authority admin rewrite a public character test’s descriptors and add a test, each a new version', async () => {
      await j.fresh();
      await j.signIn('admin@southvale.test');
      await j.page.getByRole('link', { name: 'Public character', exact: true }).click();
      await j.page.waitForLoadState('load');
      await expect(j.page.locator('main').textContent()).resolves.toContain('(the default)');
      await j.check('framework');
      await j.page.getByRole('link', { name: 'Change Values' }).click();
      await j.page.waitForLoadState('load');
      await j.page.getByLabel('Level 4: Fully').fill('');
      await j.page.getByRole('button', { name: 'Adopt as the next version' }).click();
      await j.page.waitForLoadState('load');
      await expect(j.page.locator('.govuk-error-summary__list a').allTextContents()).resolves.toEqual(['Describe level 4 (Fully)']);
      await j.check('framework-test-errors');
      await j.page
        .getByLabel('Level 4: Fully')
        .fill('Fully: answers information requests as a public body would, and publishes board papers and contract spend.');
      await j.page.getByRole('button', { name: 'Adopt as the next version' }).click();
      await j.page.waitForLoadState('load');
      await expect(j.page.getByText(/Version \d+ of the framework is now in force/).count()).resolves.toBe(1);
      await expect(j.page.locator('#values').textContent()).resolves.toContain('publishes board papers and contract spend');
      await j.page.getByRole('link', { name: 'Add a test of your own' }).click();
      await j.page.waitForLoadState('load');
      await j.page.getByLabel('Code').fill('values');
      await j.page.getByLabel('Name').fill('Welsh language');
      await j.page.getByLabel('The question it asks').fill('Serves people in Welsh as well as English');
      for (let i = 0; i < 5; i++) await j.page.locator(`#descriptor-${i}`).fill(`Level ${i} descriptor`);
      await j.page.getByRole('button', { name: 'Adopt as the next version' }).click();
      await j.page.waitForLoadState('load');
      await expect(j.page.locator('.govuk-error-summary__list a').allTextContents()).resolves.toEqual(['The framework already has a test values']);
      await j.page.getByLabel('Code').fill('welsh_language');
      await j.page.getByRole('button', { name: 'Adopt as the next version' }).click();
      await j.page.waitForLoadState('load');
      await expect(j.page.locator('#welsh_language').textContent()).resolves.toContain('Serves people in Welsh as well as English');
    });
  },
  4,
);
