import type TestAgent from 'supertest/lib/agent.js';

/** Same-site links on a page, without their fragment; never the API (a person's pages link it as documentation only). */
export function linksOn(html: string): string[] {
  const out: string[] = [];
  for (const m of html.matchAll(/<a\s[^>]*href="([^"#]*)(?:#[^"]*)?"/g)) {
    const href = m[1].replace(/&amp;/g, '&');
    if (href.startsWith('/') && !href.startsWith('//') && !/^\/(api|assets)\//.test(href)) out.push(href);
  }
  return out;
}

export interface Visit {
  href: string;
  from: string;
  status: number;
  /** The page's HTML, for a page answered 200 with HTML; otherwise empty. */
  html: string;
}

/**
 * Every page a signed-in person reaches from the dashboard by following same-site links, breadth first,
 * up to `limit` pages (never sign-out). What each answered, and its HTML when it is a page.
 */
export async function crawl(agent: TestAgent, limit: number): Promise<Visit[]> {
  const seen = new Set<string>(['/dashboard']);
  const queue: { href: string; from: string }[] = [{ href: '/dashboard', from: 'sign-in' }];
  const visits: Visit[] = [];
  while (queue.length && seen.size <= limit) {
    const { href, from } = queue.shift()!;
    const res = await agent.get(href).redirects(0);
    const page = res.status === 200 && String(res.headers['content-type']).startsWith('text/html');
    visits.push({ href, from, status: res.status, html: page ? res.text : '' });
    if (!page) continue;
    for (const next of linksOn(res.text)) {
      if (next.startsWith('/sign-out') || seen.has(next)) continue;
      seen.add(next);
      queue.push({ href: next, from: href });
    }
  }
  return visits;
}

/** One demo person of every kind: an evaluator, a scrutiny member, a contract manager, an auditor, an admin, a commissioner, a provider. */
export const EVERY_KIND_OF_PERSON = [
  'evaluator1@northmere.test',
  'scrutiny@northmere.test',
  'contracts@northmere.test',
  'auditor@northmere.test',
  'admin@northmere.test',
  'commissioner@northmere.test',
  'bids@brightpath.test',
];
