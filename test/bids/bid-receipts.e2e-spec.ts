import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import type { Server } from 'node:http';
import { join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { newId, TransactionRunner } from '#platform';
import { sealedContent } from '#bids';
import { binary, closeAndOpenBids, ncc014Answers as answers, openTenderCopy } from '../support/fixtures.js';
import { asOwner, authorityId, login, startTestApp, type TestApp } from '../support/test-app.js';
import { waitUntil } from '../support/wait.js';
import { signedInAgent } from '../support/web-agent.js';

/** A page's words, without its markup. */
const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
const sha256 = (b: string | Uint8Array) => createHash('sha256').update(b).digest('hex');
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n');

/**
 * Receipts a provider can keep (issue 17, item 4): each version it sent is shown and downloaded exactly as sent,
 * byte for byte under its hash, with its documents, and e-mailed to whoever sent it, as the provider's own message.
 */
describe('bid receipts', () => {
  let t: TestApp;
  let meadow: Record<string, string>;
  let tender: string;
  let sent: { id: string; contentHash: string; version: number };
  let documentId: string;

  beforeAll(async () => {
    t = await startTestApp({ env: { LOGIN_RATE_LIMIT: '1000' } });
    meadow = { authorization: `Bearer ${await login(t, 'bids@meadow.test')}` };
    tender = await openTenderCopy(t, new Date(Date.now() + 3_600_000));
    documentId = (await t.http.post(`/api/v1/public/tenders/${tender}/bids/documents`).set(meadow).attach('file', PDF, 'method statement.pdf')).body.id;
    // A price written without pence: stored as 430000.00, but the receipt is of what was sent.
    const res = await t.http
      .post(`/api/v1/public/tenders/${tender}/bids`)
      .set(meadow)
      .send({ lotKey: 'lot-1', answers, price: '430000', documents: [documentId] });
    expect(res.status).toBe(201);
    sent = res.body;
  }, 120_000);
  afterAll(async () => t?.close());

  const download = (path: string, who: Record<string, string>) => t.http.get(path).set(who).buffer(true).parse(binary);

  it('downloads exactly what was sent: receipt.json hashes to the receipt, with each document as uploaded and how to check them', async () => {
    expect(sent.id).toMatch(/^[0-9a-f-]{36}$/);
    const res = await download(`/api/v1/public/tenders/${tender}/bids/${sent.id}/receipt`, meadow);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/zip');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="receipt-COPY-[\w-]+-lot-1-v1\.zip"$/);
    const files = unzipSync(new Uint8Array(res.body as Buffer));
    expect(Object.keys(files).sort()).toEqual(['README.txt', 'documents/01-method statement.pdf', 'receipt.json']);
    expect(sha256(files['receipt.json'])).toBe(sent.contentHash);
    const content = JSON.parse(strFromU8(files['receipt.json']));
    expect(content).toMatchObject({ tenderId: tender, lotKey: 'lot-1', answers, price: '430000' });
    expect(content.documents).toEqual([{ id: documentId, fileName: 'method statement.pdf', sha256: sha256(PDF), sizeBytes: PDF.length }]);
    expect(Buffer.from(files['documents/01-method statement.pdf']).equals(PDF)).toBe(true);
    const readme = strFromU8(files['README.txt']);
    expect(readme).toContain(sent.contentHash);
    expect(readme).toContain(`sha256 ${sha256(PDF)}`);
    expect(readme).toContain('sha256sum receipt.json');
  });

  it('lists each version with its id, and the database holds each kept text to its hash and never changes it', async () => {
    const mine = await t.http.get(`/api/v1/public/tenders/${tender}/bids/mine`).set(meadow);
    expect(mine.body.items).toEqual([expect.objectContaining({ id: sent.id, version: 1, contentHash: sent.contentHash })]);
    const [row] = await asOwner<{ content: string }>(t, `SELECT content FROM bid_submissions WHERE id = $1`, [sent.id]);
    expect(sha256(row.content)).toBe(sent.contentHash);
    await expect(asOwner(t, `UPDATE bid_submissions SET content = content || ' ' WHERE id = $1`, [sent.id])).rejects.toThrow(/append-only/);
    // A text that is not the receipt's cannot be written at all.
    const forged = sealedContent({
      tenderId: tender,
      modelHash: null,
      lotKey: 'lot-1',
      answers,
      price: '1.00',
      costProfile: null,
      documents: [],
      publicCharacter: null,
      socialValue: null,
    });
    await expect(
      asOwner(
        t,
        `INSERT INTO bid_submissions (id, tenant_id, tender_id, provider_id, lot_key, version, answers, price, documents, content_hash, content)
           SELECT $1, tenant_id, id, (SELECT id FROM provider_organisations WHERE name LIKE 'Meadow%'), 'lot-1', 9, '{}', 1, '[]', $2, $3 FROM tenders WHERE id = $4`,
        [newId(), forged.hash, `${forged.text} `, tender],
      ),
    ).rejects.toThrow(/bid_submissions_content_is_the_receipt/);
  });

  it('keeps one provider’s receipts from every other provider, and from the authority, before and after opening', async () => {
    const brightpath = { authorization: `Bearer ${await login(t, 'bids@brightpath.test')}` };
    const commissioner = { authorization: `Bearer ${await login(t, 'commissioner@northmere.test')}` };
    const path = `/api/v1/public/tenders/${tender}/bids/${sent.id}/receipt`;
    expect((await download(path, brightpath)).status).toBe(404);
    expect((await download(path, commissioner)).status).toBe(403);
    const copy = await openTenderCopy(t, new Date(Date.now() + 3_600_000));
    // Another tender's id with this bid's: not found, not this bid.
    expect((await download(`/api/v1/public/tenders/${copy}/bids/${sent.id}/receipt`, meadow)).status).toBe(404);
    const agent = await signedInAgent(t, 'bids@brightpath.test');
    expect((await agent.get(`/tenders/${tender}/receipts/${sent.id}`)).status).toBe(404);
    expect((await agent.get(`/tenders/${tender}/receipts/${sent.id}/download`)).status).toBe(404);
    const staff = await signedInAgent(t, 'commissioner@northmere.test');
    expect((await staff.get(`/tenders/${tender}/receipts/${sent.id}`)).status).toBe(403);
  });

  it('shows the receipt in a page, what was sent as the authority will read it, and the exact text, linked from the tender', async () => {
    const agent = await signedInAgent(t, 'bids@meadow.test');
    const show = await agent.get(`/tenders/${tender}`);
    expect(show.text).toContain(`href="/tenders/${tender}/receipts/${sent.id}"`);
    const page = await agent.get(`/tenders/${tender}/receipts/${sent.id}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Receipt for version 1');
    expect(page.text).toContain(sent.contentHash);
    expect(page.text).toContain('£430,000.00');
    expect(page.text).toContain('How we keep people safe');
    // This copy of the tender has no public character framework, so the bid carried no self-assessment to show
    // (the Chromium journey reads one on the demo tender's receipt).
    expect(text(page.text)).not.toContain('Public character self-assessment');
    expect(page.text).toContain(`href="/tenders/${tender}/bid-documents/${documentId}"`);
    expect(page.text).toContain(`href="/tenders/${tender}/receipts/${sent.id}/download"`);
    // The exact text, as the page shows it (escaped for HTML), is the stored one.
    const [row] = await asOwner<{ content: string }>(t, `SELECT content FROM bid_submissions WHERE id = $1`, [sent.id]);
    expect(page.text).toContain(row.content.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;'));
    const zip = await agent.get(`/tenders/${tender}/receipts/${sent.id}/download`).buffer(true).parse(binary);
    expect(zip.status).toBe(200);
    expect(sha256(unzipSync(new Uint8Array(zip.body as Buffer))['receipt.json'])).toBe(sent.contentHash);
  });

  it('offers a version sent before texts were kept only if its stored parts rebuild it exactly', async () => {
    const model = (await asOwner<{ model_hash: string }>(t, `SELECT model_hash FROM tenders WHERE id = $1`, [tender]))[0].model_hash;
    const parts = { tenderId: tender, modelHash: model, lotKey: 'lot-2', answers, costProfile: null, documents: [], publicCharacter: null, socialValue: null };
    const old = async (sentPrice: string, version: number) => {
      const id = newId();
      await asOwner(
        t,
        `INSERT INTO bid_submissions (id, tenant_id, tender_id, provider_id, lot_key, version, answers, price, documents, content_hash)
           SELECT $1, tenant_id, id, (SELECT id FROM provider_organisations WHERE name LIKE 'Meadow%'), 'lot-2', $5, $2, $3, '[]', $4 FROM tenders WHERE id = $6`,
        [id, answers, sentPrice, sealedContent({ ...parts, price: sentPrice }).hash, version, tender],
      );
      return id;
    };
    // Sent as 420000.00, stored as 420000.00: rebuilt, and it hashes to the receipt.
    const exact = await old('420000.00', 1);
    const res = await download(`/api/v1/public/tenders/${tender}/bids/${exact}/receipt`, meadow);
    expect(res.status).toBe(200);
    expect(sha256(unzipSync(new Uint8Array(res.body as Buffer))['receipt.json'])).toBe(sealedContent({ ...parts, price: '420000.00' }).hash);
    // Sent as 420000, stored as 420000.00: no exact copy exists, and none is pretended.
    const inexact = await old('420000', 2);
    const refused = await t.http.get(`/api/v1/public/tenders/${tender}/bids/${inexact}/receipt`).set(meadow);
    expect(refused.status).toBe(404);
    expect(refused.body.type).toBe('/problems/receipt-text-not-kept');
    const page = await (await signedInAgent(t, 'bids@meadow.test')).get(`/tenders/${tender}/receipts/${inexact}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('before Commonweal kept an exact copy');
    expect(page.text).not.toContain('/download"');
  });

  it('e-mails the receipt to the person who sent the bid, as the provider’s message the authority never sees', async () => {
    const query = `SELECT to_address, subject, text_body, tenant_id, provider_id FROM email_deliveries WHERE template = 'bid-received' AND text_body LIKE $1`;
    await waitUntil(async () => (await asOwner(t, query, [`%${sent.contentHash}%`])).length > 0, 20_000, 'the receipt e-mail');
    const mails = await asOwner<{ to_address: string; subject: string; text_body: string; tenant_id: string | null; provider_id: string }>(t, query, [
      `%${sent.contentHash}%`,
    ]);
    expect(mails).toHaveLength(1);
    expect(mails[0]).toMatchObject({ to_address: 'bids@meadow.test', tenant_id: null, provider_id: expect.any(String) });
    expect(mails[0].subject).toMatch(/^Bid received: COPY-[\w-]+, version 1$/);
    expect(mails[0].text_body).toContain(`/tenders/${tender}/receipts/${sent.id}`);
    expect(mails[0].text_body).toContain('with 1 document.');
    // Sealed bids stay sealed in the outbox too: the authority's own view of its e-mails holds no receipt, even after opening.
    await closeAndOpenBids(t, tender);
    const tenantId = await authorityId(t, 'northmere');
    const seen = await t.app
      .get(TransactionRunner)
      .run({ tenantId }, (em) => em.query(`SELECT id FROM email_deliveries WHERE template = 'bid-received'`) as Promise<unknown[]>);
    expect(seen).toEqual([]);
  });

  it('leaves out a document found to hold malware after it was sent, listing its fingerprint and what was found', async () => {
    const copy = await openTenderCopy(t, new Date(Date.now() + 3_600_000));
    const upload = async (name: string) =>
      (await t.http.post(`/api/v1/public/tenders/${copy}/bids/documents`).set(meadow).attach('file', PDF, name)).body.id as string;
    const [kept, caught] = [await upload('plan.pdf'), await upload('letter.pdf')];
    const bid = await t.http
      .post(`/api/v1/public/tenders/${copy}/bids`)
      .set(meadow)
      .send({ lotKey: 'lot-1', answers, price: '1000', documents: [kept, caught] });
    expect(bid.status).toBe(201);
    // The verdict as the scanning job records it (the real clamd path: stored-document-scans.e2e-spec.ts).
    await asOwner(t, `INSERT INTO document_scans (document_id, result, signature) VALUES ($1, 'infected', 'Eicar-Test-Signature')`, [caught]);
    const res = await download(`/api/v1/public/tenders/${copy}/bids/${bid.body.id}/receipt`, meadow);
    expect(res.status).toBe(200);
    const files = unzipSync(new Uint8Array(res.body as Buffer));
    expect(Object.keys(files).sort()).toEqual(['README.txt', 'documents/01-plan.pdf', 'receipt.json']);
    expect(sha256(files['receipt.json'])).toBe(bid.body.contentHash);
    expect(strFromU8(files['README.txt'])).toContain(
      `letter.pdf (left out: malware found in it after it was sent, Eicar-Test-Signature)\n    sha256 ${sha256(PDF)}`,
    );
  });

  it('breaks the download off, never a whole-looking zip, when a stored document no longer matches its fingerprint', async () => {
    const copy = await openTenderCopy(t, new Date(Date.now() + 3_600_000));
    const doc = (await t.http.post(`/api/v1/public/tenders/${copy}/bids/documents`).set(meadow).attach('file', PDF, 'plan.pdf')).body.id as string;
    const bid = await t.http
      .post(`/api/v1/public/tenders/${copy}/bids`)
      .set(meadow)
      .send({ lotKey: 'lot-1', answers, price: '1000', documents: [doc] });
    expect(bid.status).toBe(201);
    // The bytes on disk changed after the bid was sent (a fault, or a hand that should not have touched them).
    await writeFile(join(t.config.documentsDir, doc.slice(-2), doc.slice(-4, -2), doc), Buffer.from(PDF.toString().replace('1 0 obj', '2 0 obj')));
    const server = t.app.getHttpServer() as Server;
    if (!server.listening) await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/api/v1/public/tenders/${copy}/bids/${bid.body.id}/receipt`;
    // The zip is sent as it is made, so its first bytes may be out before the document is found changed: the client
    // must then see a broken transfer, not a complete response it would save as the receipt.
    const outcome = await fetch(url, { headers: meadow })
      .then((res) => res.arrayBuffer())
      .then(
        () => 'complete',
        () => 'broken off',
      );
    expect(outcome).toBe('broken off');
  });
});
