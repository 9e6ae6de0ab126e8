import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DEMO_AUTHORITIES } from '../../apps/api/src/demo/demo-world.js';
import { asOwner, login, startTestApp, type TestApp } from '../support/test-app.js';

interface Item {
  id: string;
  reference: string;
  status: string;
  [field: string]: unknown;
}

/**
 * An authority's own tender list (GET /api/v1/tenders), read without building entities since issue 19: in pages,
 * newest first, filtered by status, each tender exactly as its own page (GET /api/v1/tenders/:id) shows it.
 */
describe('an authority’s tender list', () => {
  let t: TestApp;
  let auth: string;
  beforeAll(async () => {
    t = await startTestApp({ env: { LOGIN_RATE_LIMIT: '1000' } });
    auth = `Bearer ${await login(t, 'commissioner@northmere.test')}`;
  });
  afterAll(async () => t?.close());

  const list = async (query: string) => {
    const res = await t.http.get(`/api/v1/tenders${query}`).set('authorization', auth);
    expect(res.status).toBe(200);
    return res.body as { items: Item[]; next: string | null };
  };

  it('pages through every tender of the authority, newest first, each as its own page shows it', async () => {
    const stored = await asOwner<{ id: string }>(
      t,
      `SELECT t.id FROM tenders t JOIN authorities a ON a.id = t.tenant_id WHERE a.slug = 'northmere' ORDER BY t.id DESC`,
    );
    expect(stored.length).toBeGreaterThan(3);
    const seen: Item[] = [];
    let next: string | null = null;
    do {
      const page = await list(`?limit=2${next ? `&after=${next}` : ''}`);
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items);
      next = page.next;
    } while (next);
    expect(seen.map((i) => i.id)).toEqual(stored.map((r) => r.id));
    // Every field the view has, with the same types and values as the one-tender route gives.
    for (const item of seen) {
      const one = await t.http.get(`/api/v1/tenders/${item.id}`).set('authorization', auth);
      expect(item).toEqual(one.body);
    }
    const published = seen.find((i) => i.status === 'published')!;
    expect(published).toMatchObject({
      publishedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      createdAt: expect.stringMatching(/Z$/),
      version: expect.any(Number),
      policyPackVersion: expect.any(Number),
      currency: 'GBP',
    });
    expect(seen.some((i) => typeof i.estimatedValue === 'string' && /^\d+\.\d\d$/.test(i.estimatedValue))).toBe(true);
  });

  it('filters by status, and says when there is no next page', async () => {
    const demo = DEMO_AUTHORITIES.find((a) => a.slug === 'northmere')!.tenders;
    for (const status of ['draft', 'published']) {
      const page = await list(`?status=${status}&limit=100`);
      expect(page.items.map((i) => i.reference).sort()).toEqual(
        demo
          .filter((x) => x.status === status)
          .map((x) => x.reference)
          .sort(),
      );
      expect(page.next).toBeNull();
    }
  });
});
