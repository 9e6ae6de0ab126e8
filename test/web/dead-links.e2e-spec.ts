import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import supertest from 'supertest';
import { DEMO_PASSWORD } from '../../apps/api/src/demo/demo-world.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const csrfOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
/** Pages a crawl visits per person: enough to reach every kind of page the demo has from the dashboard. */
const LIMIT = 400;

/** Same-site links on a page, without their fragment; never the API (a person's pages link it as documentation only). */
function linksOn(html: string): string[] {
  const out: string[] = [];
  for (const m of html.matchAll(/<a\s[^>]*href="([^"#]*)(?:#[^"]*)?"/g)) {
    const href = m[1].replace(/&amp;/g, '&');
    if (href.startsWith('/') && !href.startsWith('//') && !/^\/(api|assets)\//.test(href)) out.push(href);
  }
  return out;
}

/**
 * Every link a person is shown leads somewhere they may go: signed in as each kind of person, a crawl from
 * the dashboard follows every same-site link (breadth first) and fails on any that answers 403, 404 or 5xx.
 * A link a role cannot follow should not be shown to that role.
 */
describe('no dead links for anyone', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ env: { LOGIN_RATE_LIMIT: '1000' } });
  });
  afterAll(async () => t?.close());

  for (const email of [
    'evaluator1@northmere.test',
    'scrutiny@northmere.test',
    'contracts@northmere.test',
    'auditor@northmere.test',
    'admin@northmere.test',
    'commissioner@northmere.test',
    'bids@brightpath.test',
  ])
    it(`leads ${email} to no page that refuses them or is missing`, async () => {
      const agent = supertest.agent(t.app.getHttpServer());
      const form = await agent.get('/sign-in');
      expect(
        (
          await agent
            .post('/sign-in')
            .type('form')
            .send({ _csrf: csrfOf(form.text), email, password: DEMO_PASSWORD })
        ).status,
      ).toBe(303);
      const seen = new Set<string>(['/dashboard']);
      const queue: { href: string; from: string }[] = [{ href: '/dashboard', from: 'sign-in' }];
      const dead: string[] = [];
      while (queue.length && seen.size <= LIMIT) {
        const { href, from } = queue.shift()!;
        const res = await agent.get(href).redirects(0);
        if (res.status === 403 || res.status === 404 || res.status >= 500) dead.push(`${href} (${res.status}) linked from ${from}`);
        if (res.status !== 200 || !String(res.headers['content-type']).startsWith('text/html')) continue;
        for (const next of linksOn(res.text)) {
          if (next.startsWith('/sign-out') || seen.has(next)) continue;
          seen.add(next);
          queue.push({ href: next, from: href });
        }
      }
      if (process.env.CRAWL_COUNTS) console.log(`${email}: ${seen.size} pages`);
      expect(dead).toEqual([]);
      // The whole of what the person can reach (each crawl ends well under LIMIT): never a crawl stuck at the dashboard.
      expect(seen.size).toBeGreaterThan(20);
    }, 120_000);
});
