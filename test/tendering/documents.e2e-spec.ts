import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readlinkSync } from 'node:fs';
import { readdir, rm } from 'node:fs/promises';
import type { Server } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { binary } from '../support/fixtures.js';
import { asOwner, login, startTestApp, tenderIdByReference, type TestApp } from '../support/test-app.js';
import { waitUntil } from '../support/wait.js';

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
const ELF = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), Buffer.alloc(120, 1)]);

describe('tender documents', () => {
  let t: TestApp;
  let commissioner: Record<string, string>;
  const idOf = (reference: string) => tenderIdByReference(t, reference);
  const upload = (tender: string, bytes: Buffer, name: string) =>
    t.http.post(`/api/v1/tenders/${tender}/documents`).set(commissioner).attach('file', bytes, name);

  // A documents folder of this suite's own, so the uploads arriving in it (its .incoming folder) are this suite's.
  const documents = mkdtempSync(join(tmpdir(), 'commonweal-documents-'));
  const incoming = join(documents, '.incoming');
  const arriving = () => readdir(incoming).catch(() => [] as string[]);
  /** This process's open files in the incoming folder (the API runs in the test's process). */
  const openArriving = () =>
    readdirSync('/proc/self/fd').filter((fd) => {
      try {
        return readlinkSync(`/proc/self/fd/${fd}`).startsWith(incoming);
      } catch {
        return false; // closed since it was listed
      }
    });

  beforeAll(async () => {
    t = await startTestApp({ env: { DOCUMENT_MAX_BYTES: '4096', DOCUMENTS_DIR: documents } });
    commissioner = { authorization: `Bearer ${await login(t, 'commissioner@northmere.test')}` };
  });
  afterAll(async () => {
    await t?.close();
    await rm(documents, { recursive: true, force: true });
  });

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

  it('keeps no upload behind, stored, refused or cut short by the client: no temporary file, none left open', async () => {
    const tender = await idOf('NCC-2026-014');
    expect((await upload(tender, PDF, 'kept.pdf')).status).toBe(201);
    expect((await upload(tender, ELF, 'refused.pdf')).status).toBe(415);
    expect((await upload(tender, Buffer.concat([PDF, Buffer.alloc(5000, 32)]), 'too-big.pdf')).status).toBe(413);
    await waitUntil(async () => (await arriving()).length === 0, 5000, 'the uploads’ temporary files to be removed');
    const before = (await asOwner(t, 'SELECT id FROM documents')).length;

    // A connection that drops halfway through a document, as a bidder's train goes into a tunnel.
    const server = t.app.getHttpServer() as Server;
    if (!server.listening) await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const socket = connect((server.address() as { port: number }).port, '127.0.0.1');
    socket.on('error', () => undefined);
    socket.write(
      `POST /api/v1/tenders/${tender}/documents HTTP/1.1\r\nHost: commonweal.test\r\nAuthorization: ${commissioner.authorization}\r\n` +
        'Content-Type: multipart/form-data; boundary=cut\r\nContent-Length: 4000\r\n\r\n' +
        '--cut\r\nContent-Disposition: form-data; name="file"; filename="half.pdf"\r\nContent-Type: application/pdf\r\n\r\n',
    );
    socket.write(Buffer.concat([PDF, Buffer.alloc(1000, 32)]));
    await waitUntil(async () => (await arriving()).length === 1, 5000, 'the document to start arriving');
    socket.destroy();
    await waitUntil(async () => (await arriving()).length === 0 && openArriving().length === 0, 5000, 'the half document to be removed and closed');
    expect((await asOwner(t, 'SELECT id FROM documents')).length).toBe(before);
    expect((await upload(tender, PDF, 'after.pdf')).status).toBe(201);
  });
});
