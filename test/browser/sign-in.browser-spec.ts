/// <reference lib="dom" />
import { expect, it } from '@jest/globals';
import { DEMO_PASSWORD } from '../../apps/api/src/demo/demo-world.js';
import { browserJourneys } from '../support/browser-journeys.js';

browserJourneys(
  'signing in, dashboards, errors and the admin’s e-mails in Chromium',
  (j) => {
    const roles: [string, string, string[]][] = [
      ['admin@northmere.test', 'Authority admin', ['E-mails sent for your authority']],
      ['commissioner@northmere.test', 'Commissioner', ['Youth services: community youth clubs under franchise']],
      ['evaluator1@northmere.test', 'Evaluator', ['Reducing re-offending: outcomes partnership']],
      ['contracts@northmere.test', 'Contract manager', ['NCC-2023-031: Reducing re-offending: outcomes partnership']],
      [
        'auditor@northmere.test',
        'Auditor',
        [
          'The audit log of your authority holds',
          '1 contract (1 running) worth £',
          'after their variations and extensions (£3,950,000.00 at award)',
          'in deductions; 1 review before sanction open',
        ],
      ],
      [
        'scrutiny@northmere.test',
        'Scrutiny member',
        ['concerns the public raised about contracts', '1 contract (1 running) worth £', 'after their variations and extensions (£3,950,000.00 at award)'],
      ],
      [
        'bids@brightpath.test',
        'Provider',
        [
          'Tenders you follow at Northmere City Council',
          'Your bids, at every authority',
          'Won: your contract',
          'Sent: you can replace it until',
          'Your contracts, at every authority',
          'Nothing waiting',
        ],
      ],
      ['operator@commonweal.test', 'Platform operator', ['Southvale NHS Integrated Care Board']],
    ];

    it.each(roles)('%s signs in and sees the %s dashboard', async (email, heading, content) => {
      await j.fresh();
      await j.signIn(email);
      expect(new URL(j.page.url()).pathname).toBe('/dashboard');
      await expect(j.page.getByRole('heading', { level: 2, name: heading }).count()).resolves.toBe(1);
      const main = await j.page.locator('main').textContent();
      for (const text of content) expect(main).toContain(text);
      // Only the navigation this role may use.
      await expect(j.page.getByRole('link', { name: 'E-mails sent', exact: true }).count()).resolves.toBe(heading === 'Authority admin' ? 1 : 0);
      await j.check(`dashboard-${heading}`);
      await j.page.getByRole('button', { name: 'Sign out' }).click();
      await j.page.waitForLoadState('load');
      await expect(j.page.getByText('You have signed out').count()).resolves.toBe(1);
      await j.page.goto('/dashboard');
      expect(new URL(j.page.url()).pathname).toBe('/sign-in');
    });

    it('offers a skip link as the first thing a keyboard reaches, leading to the main content', async () => {
      await j.fresh();
      await j.page.goto('/sign-in');
      await j.page.keyboard.press('Tab');
      await expect(j.page.evaluate(() => document.activeElement?.textContent?.trim())).resolves.toBe('Skip to main content');
      await j.page.keyboard.press('Enter');
      await expect(j.page.evaluate(() => document.activeElement?.id)).resolves.toBe('main-content');
    });

    it('shows the GOV.UK error summary for a wrong password and for empty fields, linked to the fields', async () => {
      await j.fresh();
      await j.signIn('commissioner@northmere.test', 'not-the-password');
      const summary = j.page.locator('.govuk-error-summary');
      await expect(summary.textContent()).resolves.toContain('The e-mail address or password is not right');
      await expect(j.page.title()).resolves.toMatch(/^Error: /);
      // GOV.UK Frontend moves focus to the summary so a screen reader announces it.
      await expect(j.page.evaluate(() => document.activeElement?.classList.contains('govuk-error-summary'))).resolves.toBe(true);
      await expect(j.page.getByLabel('E-mail address').inputValue()).resolves.toBe('commissioner@northmere.test');
      await j.check('sign-in-wrong-password');

      await j.page.getByLabel('E-mail address').fill('');
      await j.page.getByRole('button', { name: 'Sign in' }).click();
      await j.page.waitForLoadState('load');
      await expect(j.page.locator('.govuk-error-summary__list a').allTextContents()).resolves.toEqual(['Enter your e-mail address', 'Enter your password']);
      await j.page.locator('.govuk-error-summary__list a').first().click();
      await expect(j.page.evaluate(() => document.activeElement?.id)).resolves.toBe('email');
      await j.check('sign-in-empty');
    });

    it('refuses a form posted without its CSRF token, signed in or not', async () => {
      await j.fresh();
      await j.page.goto('/sign-in');
      await j.page.evaluate(() => document.querySelector('input[name=_csrf]')?.remove());
      await j.page.getByLabel('E-mail address').fill('admin@northmere.test');
      await j.page.getByLabel('Password').fill(DEMO_PASSWORD);
      const [response] = await Promise.all([
        j.page.waitForResponse((r) => r.url().endsWith('/sign-in') && r.request().method() === 'POST'),
        j.page.getByRole('button', { name: 'Sign in' }).click(),
      ]);
      expect(response.status()).toBe(403);
      await expect(j.page.locator('h1').textContent()).resolves.toBe('The form has expired');
      await j.check('csrf-refused');

      await j.signIn('admin@northmere.test');
      // A form from another site: right cookies (the browser sends them), no token.
      const status = await j.page.evaluate(
        async () => (await fetch('/sign-out', { method: 'POST', body: new URLSearchParams({ _csrf: 'forged' }), redirect: 'manual' })).status,
      );
      expect(status).toBe(403);
      await j.page.goto('/dashboard');
      expect(new URL(j.page.url()).pathname).toBe('/dashboard');
    });

    it('shows the authority admin the e-mails sent, each with its message, and the failed jobs', async () => {
      await j.fresh();
      await j.signIn('admin@northmere.test');
      await j.page.getByRole('link', { name: 'E-mails sent', exact: true }).click();
      await j.page.waitForLoadState('load');
      await j.check('admin-emails');
      const subjects = await j.page.locator('tbody a').allTextContents();
      expect(subjects.length).toBeGreaterThan(0);
      // A deadline reminder (the demo's contract manager is sent a commitment review reminder too).
      await j.page.locator('tbody a', { hasText: 'Closes in' }).first().click();
      await j.page.waitForLoadState('load');
      await expect(j.page.locator('main').textContent()).resolves.toContain('Bids cannot be submitted or replaced after the deadline.');
      await j.check('admin-email');
      await j.page.getByRole('link', { name: 'Failed jobs' }).click();
      await j.page.waitForLoadState('load');
      await expect(j.page.locator('h1').textContent()).resolves.toBe('Failed jobs');
      await j.check('admin-failed-jobs');
    });

    it('shows error pages in the same style: 404, 403, and sign-in for a signed-out visitor', async () => {
      await j.fresh();
      await j.page.goto('/accessibility');
      await j.check('accessibility');
      await j.page.goto('/cookies');
      await j.check('cookies');
      await j.page.goto('/admin/emails');
      expect(new URL(j.page.url()).pathname + new URL(j.page.url()).search).toBe('/sign-in?next=%2Fadmin%2Femails');
      await j.signIn('evaluator1@northmere.test');
      await j.page.goto('/admin/emails');
      await expect(j.page.locator('h1').textContent()).resolves.toBe('You cannot open this page');
      await j.check('error-403');
      const missing = await j.page.goto('/no-such-j.page');
      expect(missing?.status()).toBe(404);
      await expect(j.page.locator('h1').textContent()).resolves.toBe('Page not found');
      await j.check('error-404');
    });
  },
  11,
);
