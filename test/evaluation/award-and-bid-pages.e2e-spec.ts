import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import supertest from 'supertest';
import { pounds } from '#web';
import { asOwner, DEMO_PASSWORD, startTestApp, type TestApp, tenderIdByReference } from '../support/test-app.js';
import { openedBidWithDocument } from '../support/fixtures.js';
import { csrfOf, signedInAgent } from '../support/web-agent.js';

const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .replace(/ ,/g, ',');

describe('the award and the opened bids, as the authority reads them in pages', () => {
  let t: TestApp;
  let awarded: string;
  let winner: { name: string; price: string; bidId: string; hash: string };

  beforeAll(async () => {
    t = await startTestApp({ env: { LOGIN_RATE_LIMIT: '1000' } });
    awarded = await tenderIdByReference(t, 'NCC-2023-031');
    const [w] = await asOwner<{ name: string; price: string; id: string; content_hash: string }>(
      t,
      `SELECT p.name, b.price, b.id, b.content_hash FROM award_steps s, jsonb_array_elements(s.winners) w
         JOIN bid_submissions b ON b.id = (w->>'bidId')::uuid JOIN provider_organisations p ON p.id = b.provider_id
        WHERE s.tender_id = $1 AND s.step = 'awarded'`,
      [awarded],
    );
    winner = { name: w.name, price: pounds(w.price), bidId: w.id, hash: w.content_hash };
  });
  afterAll(async () => t?.close());

  it('names the winner and the price on the tender’s page for all its staff, and on the award page with the bundle to download', async () => {
    for (const who of ['commissioner@northmere.test', 'scrutiny@northmere.test', 'contracts@northmere.test']) {
      const page = text((await (await signedInAgent(t, who)).get(`/authority/tenders/${awarded}`)).text);
      expect([who, page]).toEqual([who, expect.stringContaining(`${winner.name}, at a price of ${winner.price}`)]);
      expect(page).toContain('Awarded');
    }
    const commissioner = await signedInAgent(t, 'commissioner@northmere.test');
    const award = await commissioner.get(`/authority/tenders/${awarded}/evaluation/award`);
    expect(text(award.text)).toContain(`${winner.name}, at a price of ${winner.price}`);
    expect(award.text).toContain(`href="/authority/tenders/${awarded}/evaluation/bundle"`);
    const bundle = await commissioner.get(`/authority/tenders/${awarded}/evaluation/bundle`);
    expect(bundle.status).toBe(200);
    expect(bundle.headers['content-disposition']).toBe('attachment; filename="evaluation-bundle-NCC-2023-031.json"');
    const api = await t.http.get(`/api/v1/tenders/${awarded}/evaluation/bundle`).set({
      authorization: `Bearer ${(await t.http.post('/api/v1/auth/login').send({ email: 'commissioner@northmere.test', password: DEMO_PASSWORD })).body.accessToken}`,
    });
    expect(JSON.parse(bundle.text)).toEqual(api.body);
    // The admin reads the award page but may not take the bundle away: no link to a page that would refuse them.
    const admin = await (await signedInAgent(t, 'admin@northmere.test')).get(`/authority/tenders/${awarded}/evaluation/award`);
    expect(admin.status).toBe(200);
    expect(admin.text).not.toContain('/evaluation/bundle');
  });

  it('lets each opened bid be read from the bids table, with its documents, and refuses in words those who may not', async () => {
    const evaluator = await signedInAgent(t, 'evaluator1@northmere.test');
    const tenderPage = await evaluator.get(`/authority/tenders/${awarded}`);
    expect(tenderPage.text).toContain(`href="/authority/tenders/${awarded}/bids/${winner.bidId}"`);
    const bid = await evaluator.get(`/authority/tenders/${awarded}/bids/${winner.bidId}`);
    expect(bid.status).toBe(200);
    const shown = text(bid.text);
    expect(shown).toContain(winner.name);
    expect(shown).toContain(winner.price);
    expect(shown).toContain(winner.hash);

    const opened = await openedBidWithDocument(t, 'northmere');
    const withDoc = await evaluator.get(opened.bid);
    expect(withDoc.text).toContain(`href="${opened.document}"`);
    const file = await evaluator.get(opened.document);
    expect(file.status).toBe(200);
    expect(file.headers['content-type']).toMatch(/application\/pdf/);

    const scrutiny = await (await signedInAgent(t, 'scrutiny@northmere.test')).get(`/authority/tenders/${awarded}/bids/${winner.bidId}`);
    expect(scrutiny.status).toBe(403);
    expect(text(scrutiny.text)).toContain('Only a commissioner, an evaluator or an auditor can open this page. You are signed in as a scrutiny member.');
    expect(scrutiny.text).not.toMatch(/scrutiny_member|contract_manager/);
  });

  it('lists each provider’s bids at every authority with where each stands: the winner’s successful, the others not', async () => {
    const bidders = await asOwner<{ email: string; provider_id: string; won: boolean }>(
      t,
      `SELECT DISTINCT ON (b.provider_id) u.email, b.provider_id, b.id = $2 AS won
         FROM bid_submissions b JOIN provider_memberships pm ON pm.provider_id = b.provider_id JOIN users u ON u.id = pm.user_id
        WHERE b.tender_id = $1 ORDER BY b.provider_id, u.email`,
      [awarded, winner.bidId],
    );
    expect(bidders.filter((b) => b.won)).toHaveLength(1);
    expect(bidders.length).toBeGreaterThan(1);
    for (const b of bidders) {
      const page = await (await signedInAgent(t, b.email)).get('/my-bids');
      expect(page.status).toBe(200);
      const row = text(page.text).split('NCC-2023-031')[1] ?? '';
      expect([b.email, row]).toEqual([b.email, expect.stringContaining(b.won ? 'Successful' : 'Not successful')]);
      expect(page.text).toContain(`href="/tenders/${awarded}/assessment-summary"`);
    }
    // A bid on a tender still open is sent and sealed.
    const youth = await tenderIdByReference(t, 'NCC-2026-014');
    const [open] = await asOwner<{ email: string }>(
      t,
      `SELECT u.email FROM bid_submissions b JOIN provider_memberships pm ON pm.provider_id = b.provider_id JOIN users u ON u.id = pm.user_id
        WHERE b.tender_id = $1 ORDER BY u.email LIMIT 1`,
      [youth],
    );
    const mine = text((await (await signedInAgent(t, open.email)).get('/my-bids')).text);
    expect(mine.split('NCC-2026-014')[1]).toContain('Sent: sealed until the deadline');
  });

  it('starts a provider’s next version from the one it sent, and adds commitment slots on asking without sending', async () => {
    const youth = await tenderIdByReference(t, 'NCC-2026-014');
    const [sent] = await asOwner<{ email: string; price: string; version: number; answers: Record<string, string> }>(
      t,
      `SELECT u.email, b.price, b.version, b.answers FROM bid_submissions b JOIN provider_memberships pm ON pm.provider_id = b.provider_id
         JOIN users u ON u.id = pm.user_id WHERE b.tender_id = $1 ORDER BY b.submitted_at DESC, u.email LIMIT 1`,
      [youth],
    );
    const agent = await signedInAgent(t, sent.email);
    const page = await agent.get(`/tenders/${youth}`);
    expect(page.status).toBe(200);
    expect(text(page.text)).toContain(`The form starts from your version ${sent.version}`);
    expect(page.text).toMatch(new RegExp(`id="price"[^>]*value="${sent.price.replace('.', '\\.')}"`));
    const [key, answer] = Object.entries(sent.answers).find(([, a]) => /^[\w ,.]+$/.test(a.slice(0, 40)))!;
    expect(page.text).toContain(`name="answer-${key}"`);
    expect(page.text).toContain(answer.slice(0, 40));

    expect(page.text).toContain('name="sv-2-measure"');
    expect(page.text).not.toContain('name="sv-3-measure"');
    const form = { _csrf: csrfOf(page.text), 'sv-0-measure': '', 'sv-1-measure': '', 'sv-2-measure': '', 'sv-0-method': 'kept as typed', addCommitment: '1' };
    const before = await asOwner<{ n: number }>(t, `SELECT count(*)::int AS n FROM bid_submissions WHERE tender_id = $1`, [youth]);
    const more = await agent.post(`/tenders/${youth}/bid`).type('form').send(form);
    expect(more.status).toBe(200);
    expect(more.text).toContain('name="sv-3-measure"');
    expect(more.text).toContain('kept as typed');
    expect(text(more.text)).toContain('Your bid has not been sent yet');
    expect(await asOwner(t, `SELECT count(*)::int AS n FROM bid_submissions WHERE tender_id = $1`, [youth])).toEqual(before);
  });

  it('keeps a bid sealed until its tender’s bids are opened', async () => {
    const youth = await tenderIdByReference(t, 'NCC-2026-014');
    const [sealed] = await asOwner<{ id: string }>(t, `SELECT id FROM bid_submissions WHERE tender_id = $1 LIMIT 1`, [youth]);
    const res = await (await signedInAgent(t, 'commissioner@northmere.test')).get(`/authority/tenders/${youth}/bids/${sealed.id}`);
    expect(res.status).toBe(404);
  });

  it('keeps the navigation and sign-out on a page that does not exist, for someone signed in', async () => {
    const agent = await signedInAgent(t, 'auditor@northmere.test');
    const res = await agent.get('/no/such/page');
    expect(res.status).toBe(404);
    expect(res.text).toContain('Page not found');
    expect(res.text).toContain('href="/audit"');
    expect(res.text).toMatch(/Sign out/);
    const anonymous = await supertest(t.app.getHttpServer()).get('/no/such/page');
    expect(anonymous.status).toBe(404);
    expect(anonymous.text).not.toContain('href="/audit"');
  });
});
