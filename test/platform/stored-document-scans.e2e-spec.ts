import { mkdtempSync, rmSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { strFromU8, unzipSync } from 'fflate';
import { StoredDocumentScanJob } from '#jobs';
import { sha256 } from '#kernel';
import { clamdInstalled, EICAR, startClamd } from '../support/clamd.js';
import { binary, ncc014Answers, openTenderCopy } from '../support/fixtures.js';
import { describeWhen } from '../support/services.js';
import { asOwner, login, startTestApp, tenderIdByReference, type TestApp } from '../support/test-app.js';
import { signedInAgent } from '../support/web-agent.js';

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
const LETTER = Buffer.from(`Dear commissioner,\nPlease find our method statement below.\n${EICAR}\nYours faithfully\n`);
const METRICS_TOKEN = 'stored-scans-metrics-token-0123456789';

/**
 * Issue 20, item 2: documents stored while no scanner was configured (the embedded default) are scanned once one
 * is, through the job system. Until a document has been scanned nobody can download it; the scanner being down
 * passes none; one found infected is withheld from every download for good, on every API, and shown to its owner.
 * Two APIs on one database and one documents folder: the first without a scanner (as the service ran before), the
 * second with Debian's clamd (a database holding only the EICAR signature).
 */
describeWhen(
  clamdInstalled && Boolean(process.env.DATABASE_URL),
  'clamd not installed (Debian: apt-get install clamav-daemon) or DATABASE_URL not set',
  'two APIs on one database, one scanning with a real ClamAV daemon',
)('documents stored before malware scanning was turned on', () => {
  let unscanning: TestApp;
  let scanning: TestApp;
  let clamd: Awaited<ReturnType<typeof startClamd>>;
  let documents: string;
  let tender: string;
  let commissioner: Record<string, string>;
  let bidder: Record<string, string>;
  const ids = { pdf: '', letter: '', evidence: '', bidDocument: '' };
  const tenderDocument = (t: TestApp, id: string) => t.http.get(`/api/v1/tenders/${tender}/documents/${id}`).set(commissioner);
  /** The provider's receipt for the bid it sent in the first test, unzipped. */
  let receiptPath = '';
  const receipt = async (t: TestApp) => {
    const res = await t.http.get(receiptPath).set(bidder).buffer(true).parse(binary);
    expect(res.status).toBe(200);
    return unzipSync(new Uint8Array(res.body as Buffer));
  };

  beforeAll(async () => {
    clamd = await startClamd();
    documents = mkdtempSync(join(tmpdir(), 'commonweal-stored-documents-'));
    unscanning = await startTestApp({ env: { DOCUMENTS_DIR: documents, LOGIN_RATE_LIMIT: '1000' } });
    tender = await tenderIdByReference(unscanning, 'NCC-2026-014');
    commissioner = { authorization: `Bearer ${await login(unscanning, 'commissioner@northmere.test')}` };
    bidder = { authorization: `Bearer ${await login(unscanning, 'bids@brightpath.test')}` };
  }, 90_000);
  afterAll(async () => {
    await scanning?.close();
    await unscanning?.close();
    await clamd?.stop();
    if (documents) rmSync(documents, { recursive: true, force: true });
  });

  it('stores uploads unscanned while no scanner is configured', async () => {
    const upload = (bytes: Buffer, name: string) => unscanning.http.post(`/api/v1/tenders/${tender}/documents`).set(commissioner).attach('file', bytes, name);
    const pdf = await upload(PDF, 'Specification.pdf');
    const letter = await upload(LETTER, 'Method statement.txt');
    const evidence = await unscanning.http
      .post('/api/v1/provider/evidence/documents')
      .set(bidder)
      .field('title', 'Board minutes, March')
      .field('evidenceType', 'board_minutes')
      .attach('file', LETTER, 'Minutes.txt');
    // And a bid, with a document, on a tender open for bids: its receipt carries the document.
    const open = await openTenderCopy(unscanning, new Date(Date.now() + 3_600_000));
    const bidDocument = await unscanning.http.post(`/api/v1/public/tenders/${open}/bids/documents`).set(bidder).attach('file', PDF, 'Plan.pdf');
    for (const res of [pdf, letter, evidence, bidDocument]) expect(res.status).toBe(201);
    expect([pdf.body.malwareScan, letter.body.malwareScan]).toEqual(['unscanned', 'unscanned']);
    Object.assign(ids, { pdf: pdf.body.id, letter: letter.body.id, evidence: evidence.body.id, bidDocument: bidDocument.body.id });
    expect((await tenderDocument(unscanning, ids.letter)).status).toBe(200);
    const bid = await unscanning.http
      .post(`/api/v1/public/tenders/${open}/bids`)
      .set(bidder)
      .send({ lotKey: 'lot-1', answers: ncc014Answers, price: '1000', documents: [ids.bidDocument] });
    expect(bid.status).toBe(201);
    receiptPath = `/api/v1/public/tenders/${open}/bids/${bid.body.id}/receipt`;
    expect(Object.keys(await receipt(unscanning))).toContain('documents/01-Plan.pdf');
  });

  it('once a scanner is configured, lets nobody download an unscanned document, and passes none while the scanner is down', async () => {
    // The scanner is configured but not answering when the second API starts: its start-up scan can pass nothing.
    await clamd.stop();
    scanning = await startTestApp({
      database: unscanning.db,
      seed: false,
      env: { CLAMD_URL: clamd.url, DOCUMENTS_DIR: documents, LOGIN_RATE_LIMIT: '1000', METRICS_TOKEN },
    });
    const pending = await tenderDocument(scanning, ids.pdf);
    expect(pending.status).toBe(503);
    expect(pending.headers['retry-after']).toBe('600');
    expect(pending.body).toMatchObject({ type: '/problems/malware-scan-pending', title: 'The document has not been checked for malware yet' });
    expect(pending.body.detail).toContain('“Specification.pdf” was stored before malware scanning was turned on');
    expect((await scanning.http.get(`/api/v1/public/tenders/${tender}/documents/${ids.pdf}`)).status).toBe(503);
    expect((await scanning.http.get(`/api/v1/provider/evidence/${ids.evidence}/document`).set(bidder)).status).toBe(503);
    // The bid's receipt too: it still proves what was sent, and says why the document is not in it yet.
    const pendingReceipt = await receipt(scanning);
    expect(Object.keys(pendingReceipt).sort()).toEqual(['README.txt', 'receipt.json']);
    expect(strFromU8(pendingReceipt['README.txt'])).toContain(
      'Plan.pdf (left out: not yet checked for malware, as it was stored before scanning was turned on',
    );

    expect(await scanning.app.get(StoredDocumentScanJob).run()).toBeNull();
    expect(await asOwner(scanning, 'SELECT document_id FROM document_scans')).toEqual([]);
    const admin = await signedInAgent(scanning, 'admin@northmere.test');
    expect((await admin.get('/admin/malware')).text).toContain('2 documents stored before scanning was turned on are waiting to be scanned.');
    const metrics = await scanning.http.get('/metrics').set({ authorization: `Bearer ${METRICS_TOKEN}` });
    expect(metrics.text).toMatch(/commonweal_malware_scans_total\{result="error"\} [1-9]/);
  }, 90_000);

  it('scans them when the scanner answers: a clean one is served, an infected one withheld on every API and shown to its owner', async () => {
    clamd = await startClamd(clamd.port);
    // The API's own start-up scan may be running beside this one: each verdict is written once, whoever wins.
    expect(await scanning.app.get(StoredDocumentScanJob).run()).not.toBeNull();
    const verdicts = await asOwner<{ document_id: string; result: string; signature: string | null }>(
      scanning,
      'SELECT document_id, result, signature FROM document_scans ORDER BY result, document_id',
    );
    expect(verdicts).toEqual(
      expect.arrayContaining([
        { document_id: ids.pdf, result: 'clean', signature: null },
        { document_id: ids.letter, result: 'infected', signature: 'Eicar-Test-Signature.UNOFFICIAL' },
        { document_id: ids.evidence, result: 'infected', signature: 'Eicar-Test-Signature.UNOFFICIAL' },
        { document_id: ids.bidDocument, result: 'clean', signature: null },
      ]),
    );
    expect(verdicts).toHaveLength(4);
    // Recorded once each, for its owner: the authority's tender document, the provider's evidence.
    const caught = await asOwner<{
      document_id: string;
      tenant_id: string | null;
      provider_id: string | null;
      file_name: string;
      purpose: string;
      sha256: string;
    }>(scanning, 'SELECT document_id, tenant_id, provider_id, file_name, purpose, sha256 FROM malware_detections ORDER BY file_name');
    // With the fingerprint of the bytes scanned, hashed as they were read to the scanner.
    const letterHash = sha256(LETTER);
    expect(caught.map((c) => [c.file_name, c.document_id, c.purpose, c.tenant_id !== null, c.provider_id !== null, c.sha256])).toEqual([
      ['Method statement.txt', ids.letter, 'tender document', true, false, letterHash],
      ['Minutes.txt', ids.evidence, 'evidence', false, true, letterHash],
    ]);

    const served = await tenderDocument(scanning, ids.pdf).buffer(true);
    expect(served.status).toBe(200);
    expect(Buffer.from(served.body as Buffer)).toEqual(PDF);
    expect(Buffer.from((await receipt(scanning))['documents/01-Plan.pdf']).equals(PDF)).toBe(true);
    // Withheld on both APIs, the one without a scanner too, to staff, the public and the provider alike.
    for (const t of [scanning, unscanning]) {
      const refused = await tenderDocument(t, ids.letter);
      expect(refused.status).toBe(403);
      expect(refused.body).toMatchObject({ type: '/problems/malware-withheld', signature: 'Eicar-Test-Signature.UNOFFICIAL' });
      expect(refused.body.detail).toContain('in “Method statement.txt” after it was stored');
      expect((await t.http.get(`/api/v1/public/tenders/${tender}/documents/${ids.letter}`)).status).toBe(403);
      expect((await t.http.get(`/api/v1/provider/evidence/${ids.evidence}/document`).set(bidder)).status).toBe(403);
    }

    const admin = await signedInAgent(scanning, 'admin@northmere.test');
    const page = (await admin.get('/admin/malware')).text;
    expect(page).toContain('Method statement.txt <strong class="govuk-tag govuk-tag--red">Withheld</strong>');
    expect(page).toContain('A tender document (Your staff)');
    expect(page).not.toContain('Minutes.txt');
    expect(page).not.toContain('id="waiting"');
    const own = (await (await signedInAgent(scanning, 'bids@brightpath.test')).get('/admin/malware')).text;
    expect(own).toContain('Minutes.txt <strong class="govuk-tag govuk-tag--red">Withheld</strong>');
    expect(own).toContain('Public character evidence (your organisation)');
    expect((await (await signedInAgent(scanning, 'bids@meadow.test')).get('/admin/malware')).text).not.toContain('Minutes.txt');

    // A second run finds nothing left to scan.
    expect(await scanning.app.get(StoredDocumentScanJob).run()).toEqual({ clean: 0, infected: 0 });
  }, 90_000);

  it('leaves a document whose bytes cannot be read waiting, and scans the ones after it', async () => {
    const upload = (name: string) => unscanning.http.post(`/api/v1/tenders/${tender}/documents`).set(commissioner).attach('file', PDF, name);
    // Ids are time-ordered, and a pass scans in id order: the lost one comes first.
    const lost = (await upload('Lost.pdf')).body.id as string;
    const kept = (await upload('Kept.pdf')).body.id as string;
    expect(lost < kept).toBe(true);
    unlinkSync(join(documents, lost.slice(-2), lost.slice(-4, -2), lost));
    const scans = async () => {
      const text = (await scanning.http.get('/metrics').set({ authorization: `Bearer ${METRICS_TOKEN}` })).text;
      const count = (result: string) => Number(new RegExp(`commonweal_malware_scans_total\\{result="${result}"\\} (\\d+)`).exec(text)?.[1] ?? 0);
      return { error: count('error'), unreadable: count('unreadable') };
    };
    const before = await scans();

    expect(await scanning.app.get(StoredDocumentScanJob).run()).toEqual({ clean: 1, infected: 0 });
    // Counted as the storage's failing, not the scanner's: `error` stays what an operator is paged for when clamd is down.
    expect(await scans()).toEqual({ error: before.error, unreadable: before.unreadable + 1 });
    const verdicts = await asOwner<{ document_id: string; result: string }>(
      scanning,
      'SELECT document_id, result FROM document_scans WHERE document_id = ANY($1)',
      [[lost, kept]],
    );
    expect(verdicts).toEqual([{ document_id: kept, result: 'clean' }]);
    expect((await tenderDocument(scanning, kept)).status).toBe(200);
    expect((await tenderDocument(scanning, lost)).status).toBe(503);
  }, 90_000);
});
