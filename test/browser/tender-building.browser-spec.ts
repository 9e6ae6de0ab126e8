/// <reference lib="dom" />
import { expect, it } from '@jest/globals';
import { browserJourneys } from '../support/browser-journeys.js';
import { asOwner } from '../support/test-app.js';
import { waitUntil } from '../support/wait.js';

browserJourneys(
  'a tender built wholly in pages, in Chromium',
  (j) => {
    it('lets an admin invite a commissioner, who joins, drafts a tender with two lots and a question of their own and publishes it, and a bidder read the question', async () => {
      // A council's first day: the admin invites a commissioner, who joins from the e-mailed link.
      await j.fresh();
      await j.signIn('admin@northmere.test');
      await j.page.goto('/staff');
      await j.page.getByLabel('Name', { exact: true }).fill('Sam Rowe');
      await j.page.getByLabel('E-mail address').fill('sam.rowe@northmere.test');
      await j.page.getByLabel('Commissioner', { exact: true }).check();
      await j.page.getByRole('button', { name: 'Send the invitation' }).click();
      await j.page.waitForLoadState('load');
      await expect(j.page.locator('main').textContent()).resolves.toContain('The invitation has been sent.');
      const read = () =>
        asOwner<{ text_body: string }>(
          j.t,
          `SELECT text_body FROM email_deliveries WHERE to_address = 'sam.rowe@northmere.test' AND template = 'staff-invitation'`,
        );
      await waitUntil(async () => (await read()).length > 0, 20_000, 'the invitation e-mail');
      const link = /https?:\/\/\S+(\/staff-invitations\/[A-Za-z0-9_-]{43})/.exec((await read())[0].text_body)![1];
      await j.fresh();
      await j.page.goto(link);
      await j.page.getByLabel('Password').fill('sam chooses a long password');
      await j.page.getByRole('button', { name: 'Create my account and join' }).click();
      await j.page.waitForLoadState('load');
      expect(new URL(j.page.url()).pathname).toBe('/dashboard');

      // Sam, new today, builds the tender in pages.
      await j.page.getByRole('link', { name: 'Tenders' }).first().click();
      await j.page.waitForLoadState('load');
      expect(new URL(j.page.url()).pathname).toBe('/authority/tenders');
      await j.page.getByRole('button', { name: 'Draft a tender' }).click();
      await j.page.waitForLoadState('load');
      await j.page.getByLabel('Reference').fill('NCC-2027-BF1');
      await j.page.getByLabel('Title', { exact: true }).fill('Befriending for older people');
      await j.page.getByLabel('Estimated value (optional)').fill('£300,000');
      const deadline = j.page.getByRole('group', { name: 'Deadline for bids (optional until you publish)' });
      await deadline.getByLabel('Day').fill('30');
      await deadline.getByLabel('Month').fill('7');
      await deadline.getByLabel('Year').fill('2020');
      await j.page.getByRole('button', { name: 'Save the draft' }).click();
      await j.page.waitForLoadState('load');
      // A deadline already passed is refused as it is entered, beside the date, and the rest is kept.
      await expect(j.page.locator('.govuk-error-summary__list a').allTextContents()).resolves.toEqual(['The deadline for bids must be in the future']);
      await expect(j.page.getByLabel('Estimated value (optional)').inputValue()).resolves.toBe('£300,000');
      await j.check('tender-draft-past-deadline');
      await deadline.getByLabel('Year').fill(String(new Date().getUTCFullYear() + 1));
      await j.page.getByRole('button', { name: 'Save the draft' }).click();
      await j.page.waitForLoadState('load');
      await expect(j.page.locator('main').textContent()).resolves.toContain('£300,000.00');

      // The model: the standard one's lot renamed, a second lot, and a question of the commissioner's own under quality.
      await j.page.getByRole('button', { name: 'Build the evaluation model' }).click();
      await j.page.waitForLoadState('load');
      await j.check('tender-model');
      await j.page.getByRole('link', { name: 'Change lot Whole service' }).click();
      await j.page.waitForLoadState('load');
      await j.page.getByLabel('Title').fill('North locality');
      await j.page.getByRole('button', { name: 'Save the lot' }).click();
      await j.page.waitForLoadState('load');
      await j.page.getByRole('link', { name: 'Add a lot' }).click();
      await j.page.waitForLoadState('load');
      await j.page.getByLabel('Title').fill('South locality');
      await j.page.getByLabel('linear deviation', { exact: false }).first().check();
      await j.check('tender-lot');
      await j.page.getByRole('button', { name: 'Save the lot' }).click();
      await j.page.waitForLoadState('load');
      await expect(j.page.locator('#lots ~ .govuk-form-group label[for^="method-"]').allTextContents()).resolves.toEqual([
        'North locality: how its price is scored',
        'South locality: how its price is scored',
      ]);

      await j.page.getByRole('link', { name: 'Add a sub-criterion to Quality' }).click();
      await j.page.waitForLoadState('load');
      await j.page.getByLabel('Question').fill('How will you match volunteers with the people they visit?');
      await j.page.getByLabel('Weight (% of its parent)').fill('20');
      await j.page.getByLabel('Guidance for bidders (optional)').fill('Describe how you learn what each person enjoys, and how you review a match.');
      await j.page.getByLabel('Word limit (optional)').fill('300');
      await j.check('tender-criterion');
      await j.page.getByRole('button', { name: 'Save the criterion' }).click();
      await j.page.waitForLoadState('load');
      // Saved as it stands: the problem is listed in words, and publication would refuse it.
      await expect(j.page.locator('#problem-list').textContent()).resolves.toContain('The weights of the sub-criteria of “Quality” add up to 120%, not 100%');
      await j.check('tender-model-problem');
      await j.page.getByLabel('Weight of Service delivery (%)').fill('50');
      await j.page.getByLabel('Weight of Safeguarding (%)').fill('30');
      // Two lots: one supplier may win at most one of them, the lots awarded in the order listed.
      await j.page.getByLabel('The most lots one supplier may win (optional)').fill('1');
      await j.page.getByLabel('In the order the lots are listed here').check();
      await j.page.getByRole('button', { name: 'Save the weights, price methods, limit and tie-break' }).click();
      await j.page.waitForLoadState('load');
      await expect(j.page.locator('#model-ready').count()).resolves.toBe(1);
      await expect(j.page.getByLabel('The most lots one supplier may win (optional)').inputValue()).resolves.toBe('1');

      await j.page.getByRole('link', { name: 'Back to Befriending for older people' }).click();
      await j.page.waitForLoadState('load');
      await j.page.getByRole('button', { name: 'Publish the tender' }).click();
      await j.page.waitForLoadState('load');
      await expect(j.page.locator('main').textContent()).resolves.toContain('The tender is published and open for bids.');
      const tender = new URL(j.page.url()).pathname.split('/')[3];

      // A bidder reads the question, its guidance and its word limit, and chooses between the two lots.
      await j.fresh();
      await j.signIn('bids@castleton.test');
      await j.page.goto(`/tenders/${tender}`);
      await j.page.waitForLoadState('load');
      const main = (await j.page.locator('main').textContent()) ?? '';
      expect(main).toContain('How will you match volunteers with the people they visit?');
      expect(main).toContain('Describe how you learn what each person enjoys, and how you review a match. Up to 300 words.');
      expect(main).toContain('South locality');
      await j.check('tender-built-bidder');
    });
  },
  6,
);
