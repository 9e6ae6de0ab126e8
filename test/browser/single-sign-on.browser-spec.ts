/// <reference lib="dom" />
import { afterAll, expect, it } from '@jest/globals';
import { asOwner } from '../support/test-app.js';
import { browserJourneys } from '../support/browser-journeys.js';
import { startIdentityProvider, type TestIdentityProvider } from '../support/identity-provider.js';

let idp: TestIdentityProvider | undefined;
afterAll(async () => idp?.stop());

browserJourneys(
  'single sign-on for an authority’s staff in Chromium',
  (j) => {
    it('lets an admin set up the authority’s identity provider, and staff sign in and out through it', async () => {
      idp = await startIdentityProvider([`${j.base}/sign-in/sso/northmere/callback`], [`${j.base}/sign-in?signed-out=1`]);
      j.allowOrigin(idp.issuer);

      await j.fresh();
      await j.signIn('admin@northmere.test');
      await j.page.getByRole('link', { name: 'Sign-in settings' }).click();
      await j.page.waitForLoadState('load');
      await j.check('sso-settings');
      await expect(j.page.locator('#redirect-uri').textContent()).resolves.toBe(`${j.base}/sign-in/sso/northmere/callback`);
      // Saved with nothing: each field says what it needs.
      await j.page.getByRole('button', { name: 'Save' }).click();
      await j.page.waitForLoadState('load');
      await j.check('sso-settings-errors');
      const errors = await j.page.locator('.govuk-error-summary__list a').allTextContents();
      expect(errors).toEqual(expect.arrayContaining([expect.stringMatching(/^Enter the issuer/), expect.stringMatching(/^Enter the client secret/)]));

      await j.page.getByLabel('What your staff call this account').fill('Northmere account');
      await j.page.getByLabel('Issuer').fill(idp.issuer);
      await j.page.getByLabel('Client ID').fill(idp.clientId);
      await j.page.getByLabel('Client secret').fill(idp.clientSecret);
      await j.page.getByLabel('E-mail domains').fill('northmere.test');
      await j.page.getByLabel('Groups and the roles they give (optional)').fill('Contracts team = contract manager');
      await j.page.getByLabel('With a password, or your own accounts').check();
      await j.page.getByRole('button', { name: 'Save' }).click();
      await j.page.waitForLoadState('load');
      await expect(j.page.locator('main').textContent()).resolves.toContain('Your sign-in settings have been saved');

      // A contract manager, at the sign-in page, takes the authority's button; the provider knows them.
      await j.fresh();
      idp.signInAs({ sub: 'nm-0042', email: 'contracts@northmere.test', name: 'Contracts', groups: ['Contracts team'] });
      await j.page.goto('/sign-in');
      await j.check('sign-in-with-provider');
      await j.page.getByRole('button', { name: /Sign in with your Northmere .* account/ }).click();
      await j.page.waitForURL(`${j.base}/dashboard`);
      await j.check('dashboard-through-provider');
      const [session] = await asOwner<{ signed_in_with: string; roles: string[] }>(
        j.t,
        `SELECT w.signed_in_with, w.roles FROM web_sessions w JOIN users u ON u.id = w.user_id
         WHERE u.email = 'contracts@northmere.test' AND w.revoked_at IS NULL`,
      );
      expect(session).toEqual({ signed_in_with: 'sso', roles: ['contract_manager'] });

      // Signing out ends the provider's session too, and comes back to our sign-in page.
      await j.page.getByRole('button', { name: 'Sign out' }).click();
      await j.page.waitForURL(`${idp.issuer}/**`);
      await j.page.getByRole('button', { name: 'Yes, sign me out' }).click();
      await j.page.waitForURL(`${j.base}/sign-in?signed-out=1`);
      await j.check('signed-out-through-provider');
      await expect(j.page.locator('main').textContent()).resolves.toContain('You have signed out');
    });
  },
  5,
);
