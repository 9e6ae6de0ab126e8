/// <reference lib="dom" />
import { expect, it } from '@jest/globals';
import { asOwner } from '../support/test-app.js';
import { waitUntil } from '../support/wait.js';
import { browserJourneys } from '../support/browser-journeys.js';

browserJourneys(
  'providers’ own accounts and finding tenders in Chromium',
  (j) => {
    it('lets a provider switch between the authorities it bids to', async () => {
      await j.fresh();
      await j.signIn('bids@castleton.test');
      await expect(j.page.locator('main').textContent()).resolves.toContain('Tenders you follow at Northmere City Council');
      await expect(j.page.locator('main').textContent()).resolves.toContain('NCC-2026-017');
      await j.page.getByLabel('Authority you are looking at').selectOption({ label: 'Southvale NHS Integrated Care Board' });
      await j.page.getByRole('button', { name: 'Switch authority' }).click();
      await j.page.waitForLoadState('load');
      const main = await j.page.locator('main').textContent();
      expect(main).toContain('Tenders you follow at Southvale NHS Integrated Care Board');
      expect(main).toContain('SVICB-2026-004');
      expect(main).not.toContain('NCC-2026-017');
      await j.check('provider-switched');
    });

    it('lets a provider find open tenders of every authority and follow one, which then shows on its dashboard', async () => {
      await j.fresh();
      await j.signIn('bids@meadow.test');
      await j.page.getByRole('link', { name: 'Find a tender' }).click();
      await j.page.waitForLoadState('load');
      const main = await j.page.locator('main').textContent();
      expect(main).toContain('Northmere City Council');
      expect(main).toContain('Southvale NHS Integrated Care Board');
      await j.check('find-a-tender');
      await j.page.getByRole('button', { name: 'Follow Youth services: community youth clubs under franchise' }).click();
      await j.page.waitForLoadState('load');
      await expect(j.page.getByText('You are following the tender').count()).resolves.toBe(1);
      await j.check('find-a-tender-followed');
      await j.page.getByRole('link', { name: 'Dashboard' }).click();
      await j.page.waitForLoadState('load');
      await j.page.getByLabel('Authority you are looking at').selectOption({ label: 'Northmere City Council' });
      await j.page.getByRole('button', { name: 'Switch authority' }).click();
      await j.page.waitForLoadState('load');
      await expect(j.page.locator('main').textContent()).resolves.toContain('NCC-2026-014');
    });

    it('lets a provider register its organisation, invite a colleague by e-mail, and the colleague join from the link', async () => {
      await j.fresh();
      await j.page.goto('/sign-in');
      await j.page.getByRole('link', { name: 'register your organisation' }).click();
      await j.page.waitForLoadState('load');
      await j.page.getByRole('button', { name: 'Register' }).click();
      await j.page.waitForLoadState('load');
      await expect(j.page.locator('.govuk-error-summary__list a').first().textContent()).resolves.toBe('Enter your organisation’s name');
      await j.check('register-errors');
      await j.page.getByLabel('Name', { exact: true }).fill('Westfield Food Co-operative');
      await j.page.getByLabel('Co-operative or mutual').check();
      await j.page.getByLabel('Micro (fewer than 10 staff)').check();
      await j.page.locator('#vcs-yes').check();
      await j.page.getByLabel('Your name').fill('Jo Park');
      await j.page.getByLabel('E-mail address').fill('jo@westfield.test');
      await j.page.getByLabel('Choose a password').fill('westfield grows vegetables');
      await j.page.getByRole('button', { name: 'Register' }).click();
      await j.page.waitForLoadState('load');
      expect(new URL(j.page.url()).pathname).toBe('/team');
      await expect(j.page.locator('main').textContent()).resolves.toContain('Your organisation is registered');
      await j.check('team');

      await j.page.getByLabel('Name', { exact: true }).fill('Ravi Shah');
      await j.page.getByLabel('E-mail address').fill('ravi@westfield.test');
      await j.page.getByRole('button', { name: 'Send the invitation' }).click();
      await j.page.waitForLoadState('load');
      await expect(j.page.locator('main').textContent()).resolves.toContain('ravi@westfield.test');

      // The colleague, in another browser, follows the link in the e-mail.
      const mail = async () => asOwner<{ text_body: string }>(j.t, `SELECT text_body FROM email_deliveries WHERE to_address = 'ravi@westfield.test'`);
      await waitUntil(async () => (await mail()).length > 0, 20_000, 'the invitation e-mail');
      const link = /https?:\/\/\S+(\/invitations\/[A-Za-z0-9_-]{43})/.exec((await mail())[0].text_body)![1];
      await j.fresh();
      await j.page.goto(link);
      await expect(j.page.locator('h1').textContent()).resolves.toBe('Join Westfield Food Co-operative');
      await j.check('invitation');
      await j.page.getByLabel('Choose a password').fill('ravi picks a long one');
      await j.page.getByRole('button', { name: 'Create my account and join' }).click();
      await j.page.waitForLoadState('load');
      await expect(j.page.locator('main').textContent()).resolves.toContain('You have joined the team.');
      await expect(j.page.locator('tbody').first().textContent()).resolves.toContain('Ravi Shah');
    });
  },
  6,
);
