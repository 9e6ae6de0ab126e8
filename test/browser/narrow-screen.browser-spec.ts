/// <reference lib="dom" />
import { expect, it } from '@jest/globals';
import { browserJourneys } from '../support/browser-journeys.js';

/** A phone held upright: the width GOV.UK's own services are checked at. */
const PHONE = { width: 375, height: 812 };

browserJourneys(
  'pages on a 375 px phone screen',
  (j) => {
    /** Pages wider than the screen, each with its width: a wide table must scroll inside its own box, never the page. */
    async function tooWide(paths: string[]): Promise<string[]> {
      const wide: string[] = [];
      for (const path of paths) {
        await j.page.goto(path);
        await j.check(`narrow${path.replaceAll(/[0-9a-f]{8}-[0-9a-f-]{27}/g, 'id').replaceAll(/[^a-z0-9]+/g, '-')}`);
        const width = await j.page.evaluate(() => document.documentElement.scrollWidth);
        if (width > PHONE.width) wide.push(`${path}: ${width} px, widened by ${await widenedBy()}`);
      }
      return wide;
    }

    /** The innermost elements, outside any scroll box, whose content is wider than the screen: what widened the page. */
    function widenedBy(): Promise<string> {
      return j.page.evaluate((limit) => {
        const wide = Array.from(document.querySelectorAll('body, body *')).filter(
          (e) => e.scrollWidth > limit && !e.parentElement?.closest('.cw-table-scroll'),
        );
        const innermost = wide.filter((e) => !wide.some((d) => d !== e && e.contains(d)));
        return innermost.map((e) => `${e.tagName.toLowerCase()}.${Array.from(e.classList).join('.')} (${e.scrollWidth} px)`).join(', ');
      }, PHONE.width);
    }

    /** Every page the person's navigation leads to, and the dashboard. */
    async function navigationPaths(): Promise<string[]> {
      await j.page.goto('/');
      const hrefs = await j.page.locator('header a[href^="/"], nav a[href^="/"]').evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));
      return [...new Set(['/', ...hrefs.filter((h) => !h.startsWith('/sign-out'))])];
    }

    async function signedIn(email: string): Promise<void> {
      await j.fresh(PHONE);
      await j.signIn(email);
    }

    it('keeps every page a commissioner reaches, the evaluation of the demo’s tender included, within the screen', async () => {
      await signedIn('commissioner@northmere.test');
      await j.page.goto('/authority/tenders');
      await j.page.getByRole('link', { name: 'Reducing re-offending: outcomes partnership' }).click();
      const tender = new URL(j.page.url()).pathname.split('/')[3];
      const evaluation = ['', '/matrix', '/moderation', '/award'].map((p) => `/authority/tenders/${tender}/evaluation${p}`);
      await expect(tooWide([...(await navigationPaths()), `/authority/tenders/${tender}`, ...evaluation])).resolves.toEqual([]);
      // The matrix is wider than the phone: it scrolls in its own box, which a keyboard can reach.
      const box = j.page.locator('main .cw-table-scroll').first();
      await j.page.goto(`/authority/tenders/${tender}/evaluation/matrix`);
      await expect(box.evaluate((b) => b.scrollWidth > b.clientWidth)).resolves.toBe(true);
      await expect(box.getAttribute('tabindex')).resolves.toBe('0');
    });

    it('keeps a contract manager’s, an auditor’s and a provider’s pages within the screen', async () => {
      for (const email of ['contracts@northmere.test', 'auditor@northmere.test', 'bids@castleton.test']) {
        await signedIn(email);
        await expect(tooWide(await navigationPaths())).resolves.toEqual([]);
      }
    });
  },
  12,
);
