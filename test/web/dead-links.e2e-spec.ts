import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { signedInAgent } from '../support/web-agent.js';
import { crawl, EVERY_KIND_OF_PERSON } from '../support/page-crawl.js';

/** Pages a crawl visits per person: enough to reach every kind of page the demo has from the dashboard. */
const LIMIT = 400;

/**
 * Every link a person is shown leads somewhere they may go: signed in as each kind of person, a crawl from
 * the dashboard follows every same-site link (breadth first) and fails on any that answers 403, 404 or 5xx.
 * A link a role cannot follow should not be shown to that role.
 */
describe('no dead links for anyone, and dates read one way', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ env: { LOGIN_RATE_LIMIT: '1000' } });
  });
  afterAll(async () => t?.close());

  for (const email of EVERY_KIND_OF_PERSON)
    it(`leads ${email} to no page that refuses them or is missing`, async () => {
      const agent = await signedInAgent(t, email);
      const visits = await crawl(agent, LIMIT);
      const dead = visits.filter((v) => v.status === 403 || v.status === 404 || v.status >= 500).map((v) => `${v.href} (${v.status}) linked from ${v.from}`);
      // Dates and times read one way, GOV.UK's (4 December 2026 at 5:30pm GMT), never as a machine's timestamp.
      const machineTimes = visits.flatMap((v) => {
        const shown = v.html.replace(/<(script|code|pre)\b[\s\S]*?<\/\1>/g, ' ').replace(/<[^>]+>/g, ' ');
        const found = /\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}[^\s]*/.exec(shown);
        return found ? [`${v.href} shows ${found[0]}`] : [];
      });
      if (process.env.CRAWL_COUNTS) console.log(`${email}: ${visits.length} pages`);
      expect(dead).toEqual([]);
      expect(machineTimes).toEqual([]);
      // The whole of what the person can reach (each crawl ends well under LIMIT): never a crawl stuck at the dashboard.
      expect(visits.length).toBeGreaterThan(20);
    }, 120_000);
});
