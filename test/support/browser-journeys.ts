/// <reference lib="dom" />
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../../apps/api/src/demo/demo-world.js';
import { hasChromium, launchChromium, screenshot, seriousViolations } from './browser.js';
import { freePort } from './processes.js';
import { describeWhen } from './services.js';
import { startTestApp, type TestApp } from './test-app.js';

/** Chromium logs the HTTP status of every error page as a console error; the journeys assert those statuses themselves. */
const STATUS_LOG = /^Failed to load resource: the server responded with a status of \d{3}/;

/**
 * Types a day (YYYY-MM-DD, or what a person might type, `31/2/2030`) into a GOV.UK date input, as a person
 * would: the day, month and year boxes of the group (the fieldset its legend names).
 */
export async function fillDate(group: Locator, date: string): Promise<void> {
  const [day, month, year] = /^\d{4}-\d{2}-\d{2}$/.test(date)
    ? date
        .split('-')
        .reverse()
        .map((p, i) => (i < 2 ? String(Number(p)) : p))
    : date.split('/');
  await group.getByLabel('Day').fill(day);
  await group.getByLabel('Month').fill(month);
  await group.getByLabel('Year').fill(year);
}

/** What a journey works with: the app on the demo world, a page in Chromium, and the checks every page passes. */
export interface Journeys {
  readonly t: TestApp;
  readonly base: string;
  readonly page: Page;
  /** A new browser context (no cookies) and page; `viewport` sizes it from the start (a phone's screen, say). */
  fresh(viewport?: { width: number; height: number }): Promise<void>;
  /** Every page a journey reaches goes through here: screenshot, and axe-core's serious and critical violations recorded. */
  check(name: string): Promise<void>;
  signIn(email: string, password?: string): Promise<void>;
  /** Lets the browser go to another site on purpose (an identity provider's pages): any other host is a failure. */
  allowOrigin(origin: string): void;
}

/**
 * A suite of journeys in a real browser on a demo world of its own: every page visited passes axe-core
 * with no serious or critical WCAG 2.2 AA violation, loads without a console error and pulls nothing
 * from another host, and is saved as a screenshot under test/artifacts/. Each file of journeys is one
 * suite, so the files run side by side and none depends on what another changed.
 */
export function browserJourneys(title: string, journeys: (j: Journeys) => void, minimumPages = 1): void {
  describeWhen(
    hasChromium(),
    'Chromium not installed at /usr/bin/chromium',
    'the pages are tested in a real browser',
  )(title, () => {
    let t: TestApp;
    let base: string;
    let browser: Browser;
    let context: BrowserContext | undefined;
    let page: Page;
    const consoleErrors: string[] = [];
    const brokenResources: string[] = [];
    const visited: { name: string; violations: string[] }[] = [];
    const allowedOrigins: string[] = [];

    beforeAll(async () => {
      // The app knows the address it is reached at (links in e-mails, the identity provider's redirect address).
      const port = await freePort();
      base = `http://127.0.0.1:${port}`;
      t = await startTestApp({ env: { LOGIN_RATE_LIMIT: '1000', LOG_LEVEL: process.env.DEBUG_LOG ?? 'silent', PUBLIC_BASE_URL: base } });
      await t.app.listen(port, '127.0.0.1');
      browser = await launchChromium();
    });
    afterAll(async () => {
      await browser?.close();
      await t?.close();
    });

    const j: Journeys = {
      get t() {
        return t;
      },
      get base() {
        return base;
      },
      get page() {
        return page;
      },
      async fresh(viewport) {
        await context?.close();
        // Sized when made, never resized afterwards: a screenshot taken while Chromium settles a resized page can fail.
        context = await browser.newContext({ baseURL: base, ...(viewport ? { viewport } : {}) });
        page = await context.newPage();
        page.on('console', (m) => {
          if (m.type() === 'error' && !STATUS_LOG.test(m.text())) consoleErrors.push(`${m.location().url}: ${m.text()}`);
        });
        // Stylesheets, scripts, images: everything a page pulls in must be served (from our own origin).
        page.on('response', (r) => {
          if (['stylesheet', 'script', 'image', 'font'].includes(r.request().resourceType()) && r.status() >= 400)
            brokenResources.push(`${r.status()} ${r.url()} on ${page.url()}`);
        });
        page.on('request', (r) => {
          const own = [base, ...allowedOrigins].some((o) => r.url().startsWith(o));
          if (!own && !r.url().startsWith('data:')) brokenResources.push(`other host: ${r.url()}`);
        });
      },
      async check(name: string) {
        await page.waitForLoadState('load');
        await screenshot(page, name);
        visited.push({
          name,
          violations: (await seriousViolations(page)).map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
        });
      },
      allowOrigin(origin: string) {
        allowedOrigins.push(origin);
      },
      async signIn(email: string, password = DEMO_PASSWORD) {
        await page.goto('/sign-in');
        await page.getByLabel('E-mail address').fill(email);
        await page.getByLabel('Password').fill(password);
        await page.getByRole('button', { name: 'Sign in' }).click();
        await page.waitForLoadState('load');
      },
    };

    journeys(j);

    it('found no serious or critical accessibility violation and no console error on any page visited', () => {
      expect(visited.length).toBeGreaterThanOrEqual(minimumPages);
      expect(visited.filter((v) => v.violations.length)).toEqual([]);
      expect(consoleErrors).toEqual([]);
      expect(brokenResources).toEqual([]);
    });
  });
}
