import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { AccessTokenService } from '#auth';
import { newId, TransactionRunner } from '#platform';
import { BidSubmission } from '#bids';
import { describeWith } from '../support/services.js';
import { ncc014Answers as answers, openTenderCopy } from '../support/fixtures.js';
import { asOwner, authorityId, login, startTestApp, type TestApp, tenderIdByReference } from '../support/test-app.js';

const bid = (price = '450000.00') => ({ lotKey: 'lot-1', answers, price });

const openTender = (t: TestApp, deadline: Date) => openTenderCopy(t, deadline);

describe('sealed bids', () => {
  let t: TestApp;
  let provider: Record<string, string>;
  let commissioner: Record<string, string>;
  let tender: string;

  beforeAll(async () => {
    t = await startTestApp({ env: { LOGIN_RATE_LIMIT: '1000' } });
    provider = { authorization: `Bearer ${await login(t, 'bids@meadow.test')}` };
    commissioner = { authorization: `Bearer ${await login(t, 'commissioner@northmere.test')}` };
    tender = await openTender(t, new Date(Date.now() + 3_600_000));
  });
  afterAll(async () => t?.close());

  it('takes a bid and its replacement before the deadline, each with a receipt, keeping both versions', async () => {
    const first = await t.http.post(`/api/v1/public/tenders/${tender}/bids`).set(provider).send(bid());
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ lotKey: 'lot-1', version: 1, contentHash: expect.stringMatching(/^[0-9a-f]{64}$/) });
    const second = await t.http.post(`/api/v1/public/tenders/${tender}/bids`).set(provider).send(bid('440000.00'));
    expect(second.body.version).toBe(2);
    expect(second.body.contentHash).not.toBe(first.body.contentHash);
    const mine = await t.http.get(`/api/v1/public/tenders/${tender}/bids/mine`).set(provider);
    expect(mine.body.items.map((r: { version: number }) => r.version)).toEqual([2, 1]);
  });

  it('hides every bid from the authority before the deadline: API, and a direct query as the app role', async () => {
    expect((await t.http.get(`/api/v1/tenders/${tender}/bids`).set(commissioner)).body.items).toEqual([]);
    const tenantId = await authorityId(t, 'northmere');
    // This tender's bids (the demo's awarded tender has bids the authority opened long ago).
    const direct = await t.app.get(TransactionRunner).run({ tenantId }, (em) => em.find(BidSubmission, { where: { tenderId: tender } }));
    expect(direct).toEqual([]);
    expect((await asOwner(t, 'SELECT id FROM bid_submissions WHERE tender_id = $1', [tender])).length).toBe(2);
    const early = await t.http.post(`/api/v1/tenders/${tender}/bids/open`).set(commissioner);
    expect(early.status).toBe(409);
  });

  it('seals the demo’s bids too: two providers have bid for the youth services tender, and Northmere sees none', async () => {
    const youth = await tenderIdByReference(t, 'NCC-2026-014');
    expect((await asOwner(t, 'SELECT id FROM bid_submissions WHERE tender_id = $1', [youth])).length).toBe(2);
    expect((await t.http.get(`/api/v1/tenders/${youth}/bids`).set(commissioner)).body.items).toEqual([]);
    const brightpath = { authorization: `Bearer ${await login(t, 'bids@brightpath.test')}` };
    expect((await t.http.get(`/api/v1/public/tenders/${youth}/bids/mine`).set(brightpath)).body.items).toEqual([
      expect.objectContaining({ version: 1, lotKey: 'lot-1' }),
    ]);
  });

  it('refuses what is not a complete bid for the tender, naming each field', async () => {
    const res = await t.http
      .post(`/api/v1/public/tenders/${tender}/bids`)
      .set(provider)
      .send({ lotKey: 'lot-9', answers: { delivery: 'x', colour: 'blue' }, price: '1e5' });
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual(['price']);
    const res2 = await t.http
      .post(`/api/v1/public/tenders/${tender}/bids`)
      .set(provider)
      .send({ lotKey: 'lot-9', answers: { delivery: 'x', colour: 'blue' }, price: '100.00' });
    expect(res2.body.errors.map((e: { field: string; rule: string }) => `${e.field} ${e.rule}`).sort()).toEqual([
      'answers.colour unknown-field',
      'answers.local-jobs required',
      'answers.safeguarding required',
      'answers.shared-ownership required',
      'lotKey one-of',
    ]);
  });

  it('after the deadline refuses submissions (the database too), and shows the authority the latest bids only once opened, audited', async () => {
    await asOwner(t, `UPDATE tenders SET submission_deadline = now() - interval '1 second' WHERE id = $1`, [tender]);
    const late = await t.http.post(`/api/v1/public/tenders/${tender}/bids`).set(provider).send(bid());
    expect(late.status).toBe(409);
    expect(late.body.type).toBe('/problems/deadline-passed');
    expect(late.body.detail).toMatch(/^Bids for this tender closed on \w+day .+ (GMT|BST)$/);
    // Past the service's check, straight into the table as the provider: the trigger refuses.
    const me = (await t.http.get('/api/v1/auth/me').set(provider)).body;
    const tenantId = await authorityId(t, 'northmere');
    await expect(
      t.app.get(TransactionRunner).run({ providerId: me.provider.id, publishedRecords: true }, (em) =>
        em.query(
          `INSERT INTO bid_submissions (id, tenant_id, tender_id, provider_id, lot_key, version, answers, price, content_hash)
        VALUES ($1, $2, $3, $4, 'lot-1', 9, '{}', 1, repeat('a', 64))`,
          [newId(), tenantId, tender, me.provider.id],
        ),
      ),
    ).rejects.toThrow(/closed/);

    expect((await t.http.get(`/api/v1/tenders/${tender}/bids`).set(commissioner)).body.items).toEqual([]);
    const opened = await t.http.post(`/api/v1/tenders/${tender}/bids/open`).set(commissioner);
    expect(opened.status).toBe(200);
    expect(opened.body.bids).toBe(1);
    const bids = (await t.http.get(`/api/v1/tenders/${tender}/bids`).set(commissioner)).body.items;
    expect(bids).toEqual([expect.objectContaining({ version: 2, price: '440000.00', answers })]);
    const audit = await asOwner(t, `SELECT 1 FROM audit_events WHERE action = 'tender.bids_opened' AND entity_id = $1`, [tender]);
    expect(audit).toHaveLength(1);
    await expect(asOwner(t, `UPDATE bid_submissions SET price = 1 WHERE tender_id = $1`, [tender])).rejects.toThrow(/append-only/);
  });
});

describe('bid documents', () => {
  let t: TestApp;
  let meadow: Record<string, string>;
  let harbour: Record<string, string>;
  let commissioner: Record<string, string>;
  let tender: string;
  const PDF = Buffer.from('%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n');

  beforeAll(async () => {
    t = await startTestApp({ env: { LOGIN_RATE_LIMIT: '1000' } });
    meadow = { authorization: `Bearer ${await login(t, 'bids@meadow.test')}` };
    harbour = { authorization: `Bearer ${await login(t, 'bids@harbour.test')}` };
    commissioner = { authorization: `Bearer ${await login(t, 'commissioner@northmere.test')}` };
    tender = await openTender(t, new Date(Date.now() + 3_600_000));
  });
  afterAll(async () => t?.close());

  it('takes a document with a bid, covers its sha256 with the receipt, and keeps it sealed from the authority and other bidders until opened', async () => {
    const up = await t.http.post(`/api/v1/public/tenders/${tender}/bids/documents`).set(meadow).attach('file', PDF, 'method statement.pdf');
    expect(up.status).toBe(201);
    expect(up.body).toMatchObject({ fileName: 'method statement.pdf', contentType: 'application/pdf', sizeBytes: PDF.length });
    const withDoc = await t.http
      .post(`/api/v1/public/tenders/${tender}/bids`)
      .set(meadow)
      .send({ ...bid(), documents: [up.body.id] });
    expect(withDoc.status).toBe(201);
    const without = await t.http.post(`/api/v1/public/tenders/${tender}/bids`).set(meadow).send(bid());
    expect(without.body.contentHash).not.toBe(withDoc.body.contentHash);
    const again = await t.http
      .post(`/api/v1/public/tenders/${tender}/bids`)
      .set(meadow)
      .send({ ...bid(), documents: [up.body.id] });
    expect(again.status).toBe(201);

    // Another bidder can neither name it in a bid nor download it; the authority cannot see it before opening.
    const theft = await t.http
      .post(`/api/v1/public/tenders/${tender}/bids`)
      .set(harbour)
      .send({ ...bid(), documents: [up.body.id] });
    expect(theft.status).toBe(400);
    expect(theft.body.errors).toEqual([expect.objectContaining({ field: 'documents.0', rule: 'exists' })]);
    expect((await t.http.get(`/api/v1/public/tenders/${tender}/bids/documents/${up.body.id}`).set(harbour)).status).toBe(404);
    expect((await t.http.get(`/api/v1/tenders/${tender}/bids/documents/${up.body.id}`).set(commissioner)).status).toBe(404);
    const own = await t.http.get(`/api/v1/public/tenders/${tender}/bids/documents/${up.body.id}`).set(meadow).buffer(true);
    expect(own.status).toBe(200);
    expect(Buffer.from(own.body).equals(PDF)).toBe(true);

    const refused = await t.http
      .post(`/api/v1/public/tenders/${tender}/bids/documents`)
      .set(meadow)
      .attach('file', Buffer.from('MZ\x90\x00binary'), 'tool.exe');
    expect(refused.status).toBe(415);

    await asOwner(t, `UPDATE tenders SET submission_deadline = now() - interval '1 second' WHERE id = $1`, [tender]);
    const late = await t.http.post(`/api/v1/public/tenders/${tender}/bids/documents`).set(meadow).attach('file', PDF, 'late.pdf');
    expect(late.status).toBe(409);
    expect(late.body.type).toBe('/problems/deadline-passed');
    expect((await t.http.get(`/api/v1/tenders/${tender}/bids/documents/${up.body.id}`).set(commissioner)).status).toBe(404);
    await t.http.post(`/api/v1/tenders/${tender}/bids/open`).set(commissioner);
    const bids = (await t.http.get(`/api/v1/tenders/${tender}/bids`).set(commissioner)).body.items;
    expect(bids[0].documents).toEqual([{ id: up.body.id, fileName: 'method statement.pdf', sha256: up.body.sha256, sizeBytes: PDF.length }]);
    const opened = await t.http.get(`/api/v1/tenders/${tender}/bids/documents/${up.body.id}`).set(commissioner).buffer(true);
    expect(opened.status).toBe(200);
    expect(Buffer.from(opened.body).equals(PDF)).toBe(true);
  });
});

describeWith('DATABASE_URL', 'concurrent submissions need real PostgreSQL connections')('sealed bids across the deadline, concurrently', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ mode: 'postgres', env: { DATABASE_POOL_SIZE: '20' } });
  });
  afterAll(async () => t?.close());

  it('300 submissions from 60 providers across the deadline: each accepted one is stored and readable after, each later one refused, none lost or doubled', async () => {
    const providers = Array.from({ length: 60 }, () => ({ id: newId(), user: newId() }));
    for (const p of providers) {
      await asOwner(t, `INSERT INTO provider_organisations (id, name, legal_form, size) VALUES ($1, $2, 'charity', 'small')`, [
        p.id,
        `Bidder ${p.id.slice(-6)}`,
      ]);
      await asOwner(t, `INSERT INTO users (id, email, display_name) VALUES ($1, $2, 'Bidder')`, [p.user, `b${p.user.slice(-12)}@bidders.test`]);
      await asOwner(t, `INSERT INTO provider_memberships (id, provider_id, user_id, roles) VALUES ($1, $2, $3, '{bid_writer}')`, [newId(), p.id, p.user]);
    }
    const tokens = t.app.get(AccessTokenService);
    const deadline = new Date(Date.now() + 2500);
    const tender = await openTender(t, deadline);
    const results: { status: number; type?: string; version?: number; hash?: string; provider: string }[] = [];
    await Promise.all(
      providers.map(async (p, i) => {
        const auth = { authorization: `Bearer ${tokens.issue({ kind: 'user', userId: p.user, providerId: p.id, roles: ['provider'] }).accessToken}` };
        await new Promise((r) => setTimeout(r, (i % 10) * 90));
        for (let k = 0; k < 5; k++) {
          const res = await t.http
            .post(`/api/v1/public/tenders/${tender}/bids`)
            .set(auth)
            .send(bid(`${400000 + k}.00`));
          results.push({ status: res.status, type: res.body.type, version: res.body.version, hash: res.body.contentHash, provider: p.id });
          await new Promise((r) => setTimeout(r, 400));
        }
      }),
    );
    expect(results).toHaveLength(300);
    const accepted = results.filter((r) => r.status === 201);
    const refused = results.filter((r) => r.status !== 201);
    expect(refused.every((r) => r.status === 409 && r.type === '/problems/deadline-passed')).toBe(true);
    expect(accepted.length).toBeGreaterThan(0);
    expect(refused.length).toBeGreaterThan(0);

    await new Promise((r) => setTimeout(r, Math.max(0, deadline.getTime() - Date.now() + 50)));
    const stored = await asOwner<{ provider_id: string; version: number; content_hash: string; submitted_at: Date }>(
      t,
      `SELECT provider_id, version, content_hash, submitted_at FROM bid_submissions WHERE tender_id = $1`,
      [tender],
    );
    expect(stored).toHaveLength(accepted.length);
    expect(new Set(stored.map((s) => `${s.provider_id}/${s.version}`)).size).toBe(stored.length);
    for (const a of accepted) expect(stored).toContainEqual(expect.objectContaining({ provider_id: a.provider, version: a.version, content_hash: a.hash }));
    for (const s of stored) expect(new Date(s.submitted_at).getTime()).toBeLessThan(deadline.getTime());

    const commissioner = { authorization: `Bearer ${await login(t, 'commissioner@northmere.test')}` };
    expect((await t.http.post(`/api/v1/tenders/${tender}/bids/open`).set(commissioner)).status).toBe(200);
    const visible = (await t.http.get(`/api/v1/tenders/${tender}/bids`).set(commissioner)).body.items as { providerId: string; version: number }[];
    const lastAccepted = new Map<string, number>();
    for (const a of accepted) lastAccepted.set(a.provider, Math.max(lastAccepted.get(a.provider) ?? 0, a.version!));
    expect(new Map(visible.map((v) => [v.providerId, v.version]))).toEqual(lastAccepted);
  });
});
