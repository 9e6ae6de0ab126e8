/// <reference lib="dom" />
import { expect, it } from '@jest/globals';
import { asOwner } from '../support/test-app.js';
import { waitUntil } from '../support/wait.js';
import { browserJourneys } from '../support/browser-journeys.js';

browserJourneys(
  'an authority admin’s staff and API keys in Chromium',
  (j) => {
    it('lets an admin invite a commissioner, who joins from the e-mailed link and works; then deactivates and reactivates them', async () => {
      await j.fresh();
      await j.signIn('admin@northmere.test');
      await j.page.getByRole('link', { name: 'Staff' }).click();
      await j.page.waitForLoadState('load');
      await expect(j.page.locator('main').textContent()).resolves.toContain('auditor@northmere.test');
      await j.check('staff-list');

      // Nothing filled in and no role: every problem at once, each beside its field.
      await j.page.getByLabel('Commissioner', { exact: true }).uncheck();
      await j.page.getByRole('button', { name: 'Send the invitation' }).click();
      await j.page.waitForLoadState('load');
      const summary = await j.page.locator('.govuk-error-summary__list a').allTextContents();
      expect(summary).toEqual(['Enter the person’s name', 'Enter the person’s e-mail address', 'Select at least one role']);
      await j.check('staff-invite-errors');

      await j.page.getByLabel('Name', { exact: true }).fill('Robin Hale');
      await j.page.getByLabel('E-mail address').fill('robin.hale@northmere.test');
      await j.page.getByLabel('Commissioner', { exact: true }).check();
      await j.page.getByLabel('Evaluator', { exact: true }).check();
      await j.page.getByRole('button', { name: 'Send the invitation' }).click();
      await j.page.waitForLoadState('load');
      await expect(j.page.locator('main').textContent()).resolves.toContain('The invitation has been sent.');
      await expect(j.page.locator('main').textContent()).resolves.toContain('Commissioner, Evaluator');
      await j.check('staff-invited');

      const read = () =>
        asOwner<{ text_body: string }>(
          j.t,
          `SELECT text_body FROM email_deliveries WHERE to_address = 'robin.hale@northmere.test' AND template = 'staff-invitation'`,
        );
      await waitUntil(async () => (await read()).length > 0, 20_000, 'the invitation e-mail');
      const link = /https?:\/\/\S+(\/staff-invitations\/[A-Za-z0-9_-]{43})/.exec((await read())[0].text_body)![1];

      await j.fresh();
      await j.page.goto(link);
      await expect(j.page.locator('h1').textContent()).resolves.toBe('Join Northmere City Council');
      await expect(j.page.locator('main').textContent()).resolves.toContain('as commissioner and evaluator');
      await j.check('staff-invitation');
      await j.page.getByLabel('Password').fill('robin chooses a long password');
      await j.page.getByRole('button', { name: 'Create my account and join' }).click();
      await j.page.waitForLoadState('load');
      expect(new URL(j.page.url()).pathname).toBe('/dashboard');
      await expect(j.page.getByRole('link', { name: 'Tenders' }).count()).resolves.toBeGreaterThan(0);
      await expect(j.page.getByRole('link', { name: 'Staff' }).count()).resolves.toBe(0);
      await j.check('staff-joined-dashboard');

      // The admin lets Robin go: Robin's session is ended at once.
      const robinCookie = (await j.page.context().cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
      const asRobin = () => fetch(`${j.base}/authority/tenders`, { headers: { cookie: robinCookie }, redirect: 'manual' });
      expect((await asRobin()).status).toBe(200);
      await j.fresh();
      await j.signIn('admin@northmere.test');
      await j.page.goto('/staff');
      await j.page.getByRole('link', { name: 'Robin Hale' }).click();
      await j.page.waitForLoadState('load');
      await j.check('staff-person');
      await j.page.getByRole('button', { name: 'Deactivate Robin Hale' }).click();
      await j.page.waitForLoadState('load');
      await expect(j.page.locator('main').textContent()).resolves.toContain('Deactivated. They have been signed out');
      await j.check('staff-deactivated');
      const signedOut = await asRobin();
      expect(signedOut.status).toBe(303);
      expect(signedOut.headers.get('location')).toMatch(/^\/sign-in/);
      await j.page.getByRole('button', { name: 'Reactivate Robin Hale' }).click();
      await j.page.waitForLoadState('load');
      await expect(j.page.locator('main').textContent()).resolves.toContain('Reactivated.');
    });

    it('refuses to take the admin role from the last admin, saying why beside the roles', async () => {
      await j.fresh();
      await j.signIn('admin@southvale.test');
      await j.page.goto('/staff');
      await j.page.getByRole('link', { name: /Authority Admin/ }).click();
      await j.page.waitForLoadState('load');
      await j.page.getByLabel('Authority admin', { exact: true }).uncheck();
      await j.page.getByLabel('Auditor', { exact: true }).check();
      await j.page.getByRole('button', { name: 'Save roles' }).click();
      await j.page.waitForLoadState('load');
      await expect(j.page.locator('.govuk-error-summary__list a').allTextContents()).resolves.toEqual([
        'Give another person the authority admin role before taking it from the last one',
      ]);
      await expect(j.page.locator('#roles .govuk-error-message').count()).resolves.toBe(1);
      await j.check('staff-last-admin');
    });

    it('lets an admin create an API key, shown once, and revoke it', async () => {
      await j.fresh();
      await j.signIn('admin@northmere.test');
      await j.page.getByRole('link', { name: 'API keys' }).click();
      await j.page.waitForLoadState('load');
      await j.check('api-keys');
      await j.page.getByRole('button', { name: 'Create the key' }).click();
      await j.page.waitForLoadState('load');
      await expect(j.page.locator('.govuk-error-summary__list a').allTextContents()).resolves.toEqual(['Enter a name for the key', 'Select at least one role']);
      await j.page.getByLabel('Name').fill('Finance system export');
      await j.page.getByLabel('Auditor', { exact: true }).check();
      const [answer] = await Promise.all([
        j.page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/api-keys'),
        j.page.getByRole('button', { name: 'Create the key' }).click(),
      ]);
      await j.page.waitForLoadState('load');
      // The only page that ever shows the key: nothing may keep it, nor a validator to ask for it again.
      expect([answer.status(), answer.headers()['cache-control'], answer.headers()['etag']]).toEqual([201, 'no-store', undefined]);
      const key = (await j.page.locator('#new-key').textContent())!;
      expect(key).toMatch(/^cw_[A-Za-z0-9]{8}_[A-Za-z0-9_-]{43}$/);
      await j.check('api-key-created');
      const works = await fetch(`${j.base}/api/v1/audit/events`, { headers: { 'x-api-key': key } });
      expect(works.status).toBe(200);

      await j.page.goto('/api-keys');
      expect(await j.page.content()).not.toContain(key);
      await j.page.getByRole('button', { name: 'Revoke Finance system export' }).click();
      await j.page.waitForLoadState('load');
      await expect(j.page.locator('main').textContent()).resolves.toContain('The key has been revoked');
      const refused = await fetch(`${j.base}/api/v1/audit/events`, { headers: { 'x-api-key': key } });
      expect(refused.status).toBe(401);
    });

    it('lets the platform operator set up an authority whose first admin joins from the e-mailed link', async () => {
      await j.fresh();
      await j.signIn('operator@commonweal.test');
      await j.page.getByRole('link', { name: 'Set up an authority' }).first().click();
      await j.page.waitForLoadState('load');
      await j.check('authority-new');
      await j.page.getByLabel('Authority’s name').fill('Eastbrook Borough Council');
      await j.page.getByLabel('Short name').fill('Southvale');
      await j.page.getByLabel('First admin’s name').fill('Ola Eastbrook');
      await j.page.getByLabel('First admin’s e-mail address').fill('not an address');
      await j.page.getByRole('button', { name: 'Set up the authority' }).click();
      await j.page.waitForLoadState('load');
      await expect(j.page.locator('.govuk-error-summary__list a').allTextContents()).resolves.toEqual([
        'Enter an e-mail address in the correct format, like name@example.gov.uk',
      ]);
      await j.check('authority-new-errors');
      // A short name another authority has: said beside the field, and what was typed is kept.
      await j.page.getByLabel('First admin’s e-mail address').fill('ola@eastbrook.test');
      await j.page.getByRole('button', { name: 'Set up the authority' }).click();
      await j.page.waitForLoadState('load');
      await expect(j.page.locator('#slug-error').textContent()).resolves.toContain('Another authority already has the short name southvale');
      await expect(j.page.getByLabel('Authority’s name').inputValue()).resolves.toBe('Eastbrook Borough Council');
      await j.page.getByLabel('Short name').fill('eastbrook');
      await j.page.getByRole('button', { name: 'Set up the authority' }).click();
      await j.page.waitForLoadState('load');
      await expect(j.page.locator('main').textContent()).resolves.toContain(
        'Eastbrook Borough Council is set up. We have e-mailed ola@eastbrook.test an invitation to be its admin.',
      );

      const read = () => asOwner<{ text_body: string }>(j.t, `SELECT text_body FROM email_deliveries WHERE to_address = 'ola@eastbrook.test'`);
      await waitUntil(async () => (await read()).length > 0, 20_000, 'the first admin’s invitation');
      const link = /https?:\/\/\S+(\/staff-invitations\/[A-Za-z0-9_-]{43})/.exec((await read())[0].text_body)![1];
      await j.fresh();
      await j.page.goto(link);
      await expect(j.page.locator('h1').textContent()).resolves.toBe('Join Eastbrook Borough Council');
      await j.page.getByLabel('Password').fill('ola picks a long password');
      await j.page.getByRole('button', { name: 'Create my account and join' }).click();
      await j.page.waitForLoadState('load');
      await j.page.getByRole('link', { name: 'Staff' }).click();
      await j.page.waitForLoadState('load');
      await expect(j.page.locator('main').textContent()).resolves.toContain('Eastbrook Borough Council');
      await expect(j.page.locator('tbody').first().textContent()).resolves.toContain('ola@eastbrook.test');
    });
  },
  8,
);
