import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { binary } from '../support/fixtures.js';
import { asOwner, login, startTestApp, tenderIdByReference, type TestApp } from '../support/test-app.js';

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
const ELF = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), Buffer.alloc(120, 1)]);

describe('tender documents', () => {
  let t: TestApp;
  let commissioner: Record<string, string>;
  const idOf = (reference: string) => tenderIdByReference(t, reference);
  const upload = (tender: string, bytes: Buffer, name: string) =>
    t.http.post(`/api/v1/tenders/${tender}/documents`).set(commissioner).attach('file', bytes, name);

  beforeAll(async () => {
    t = await startTestApp({ env: { DOCUMENT_MAX_BYTES: '4096' } });
    commissioner = { authorization: `Bearer ${await login(t, 'commissioner@northmere.test')}` };
  });
  afterAll(async () => t?.close());

  it('stores a document with its sha256, and serves the same bytes to staff and, once published, to anyone', async () => {
    const tender = await idOf('NCC-2026-014');
    const res = await upload(tender, PDF, 'Service specification.pdf');
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      fileName: 'Service specification.pdf',
      contentType: 'application/pdf',
      sizeBytes: PDF.length,
      sha256: createHash('sha256').update(PDF).digest('hex'),
      // No CLAMD_URL here: stored, and said to be unscanned.
      malwareScan: 'unscanned',
    });
    const listed = await t.http.get(`/api/v1/public/tenders/${tender}/documents`);
    expect(listed.body.items.map((d: { id: string }) => d.id)).toContain(res.body.id);
    const got = await t.http.get(`/api/v1/public/tenders/${tender}/documents/${res.body.id}`).buffer(true).parse(binary);
    expect(got.status).toBe(200);
    expect(got.headers['content-type']).toBe('application/pdf');
    expect(got.headers['content-disposition']).toMatch(/^attachment; filename="Service specification.pdf"/);
    expect(got.headers['x-content-type-options']).toBe('nosniff');
    expect(Buffer.compare(got.body as Buffer, PDF)).toBe(0);
    const staff = await t.http.get(`/api/v1/tenders/${tender}/documents/${res.body.id}`).set(commissioner).buffer(true).parse(binary);
    expect(Buffer.compare(staff.body as Buffer, PDF)).toBe(0);
  });

  it('judges a file by its bytes, not its name, and refuses other kinds listing what is accepted; nothing is stored', async () => {
    const tender = await idOf('NCC-2026-014');
    const text = await upload(tender, Buffer.from('reference,quantity\nA,1\n'), 'prices.pdf');
    expect(text.status).toBe(201);
    expect(text.body.contentType).toBe('text/plain');
    const before = (await asOwner(t, 'SELECT id FROM documents')).length;
    const exe = await upload(tender, ELF, 'guidance.pdf');
    expect(exe.status).toBe(415);
    expect(exe.body).toMatchObject({ type: '/problems/unsupported-document-type', found: 'application/x-elf' });
    expect(exe.body.detail).toContain('PDF, Word (.docx), Excel (.xlsx)');
    expect((await asOwner(t, 'SELECT id FROM documents')).length).toBe(before);
  });

  it('refuses a document over the size limit with 413 and the limit, and an upload without a file with the field', async () => {
    const tender = await idOf('NCC-2026-014');
    const big = await upload(tender, Buffer.concat([PDF, Buffer.alloc(5000, 32)]), 'big.pdf');
    expect(big.status).toBe(413);
    expect(big.body).toMatchObject({ type: '/problems/body-too-large', limitBytes: 4096 });
    const none = await t.http.post(`/api/v1/tenders/${tender}/documents`).set(commissioner).field('note', 'no file');
    expect(none.status).toBe(400);
    expect(none.body.errors[0]).toMatchObject({ field: 'file', rule: 'required' });
  });

  it('keeps a draft’s documents from the public, and takes no documents once bids have closed', async () => {
    const draft = await idOf('NCC-2026-009');
    expect((await upload(draft, PDF, 'draft.pdf')).status).toBe(201);
    expect((await t.http.get(`/api/v1/public/tenders/${draft}/documents`)).status).toBe(404);
    const awarded = await upload(await idOf('NCC-2023-031'), PDF, 'late.pdf');
    expect(awarded.status).toBe(409);
  });
});
