import { describe, expect, it } from '@jest/globals';
import { strFromU8, strToU8, unzipSync } from 'fflate';
import { receiptBundle } from './receipt-bundle.js';
import { sha256 } from '#kernel';
import { rebuiltContent, sealedContent } from './sent-content.js';

const parts = {
  tenderId: 't-1',
  modelHash: 'm'.repeat(64),
  lotKey: 'lot-1',
  answers: { q1: 'We will “deliver” it', q0: 'First' },
  price: '430000',
  costProfile: null,
  documents: [],
  publicCharacter: null,
  socialValue: null,
};
const facts = (hash: string) => ({
  authority: 'Northmere',
  tenderReference: 'NCC-1',
  tenderTitle: 'Youth clubs',
  lot: 'Lot 1',
  version: 2,
  receivedAt: '4 December 2026 at 5:30pm',
  hash,
});

/** A stored document as the bundle reads it: in chunks, as from disk or a bucket. */
const stored =
  (bytes: Uint8Array, chunk = 64 * 1024) =>
  () =>
    (async function* () {
      for (let at = 0; at < bytes.length; at += chunk) yield bytes.subarray(at, at + chunk);
    })();

/** Everything the bundle makes, in the pieces it made it. */
async function pieces(zip: AsyncIterable<Uint8Array>): Promise<Uint8Array[]> {
  const got: Uint8Array[] = [];
  for await (const piece of zip) got.push(piece);
  return got;
}
const unzipped = async (zip: AsyncIterable<Uint8Array>) => unzipSync(Buffer.concat(await pieces(zip)));

describe('a bid receipt', () => {
  it('is the sha256 of its canonical text, whatever order the answers were written in', () => {
    const a = sealedContent(parts);
    const b = sealedContent({ ...parts, answers: { q0: 'First', q1: 'We will “deliver” it' } });
    expect(a).toEqual(b);
    expect(a.hash).toBe(sha256(a.text));
    expect(a.text.startsWith('{"answers":{"q0":"First","q1"')).toBe(true);
    // No self-assessment or commitments: no keys for them (older receipts keep their hash).
    expect(JSON.parse(a.text)).not.toHaveProperty('publicCharacter');
  });

  it('is rebuilt from stored parts only when they hash to the receipt', () => {
    const { text, hash } = sealedContent(parts);
    expect(rebuiltContent({ ...parts, contentHash: hash }, parts.modelHash)).toBe(text);
    // Stored as numeric(18,2): 430000.00 is not what was sent.
    expect(rebuiltContent({ ...parts, price: '430000.00', contentHash: hash }, parts.modelHash)).toBeNull();
  });

  it('bundles the exact text, each document under a safe name, and how to check them', async () => {
    const doc = strToU8('%PDF-1.4 a document');
    const withDoc = sealedContent({ ...parts, documents: [{ id: 'd', fileName: '../../etc/passwd', sha256: sha256(doc), sizeBytes: doc.length }] });
    const files = await unzipped(
      receiptBundle(facts(withDoc.hash), withDoc.text, [
        { fileName: '../../etc/passwd', sha256: sha256(doc), bytes: stored(doc), contentType: 'application/pdf' },
      ]),
    );
    expect(Object.keys(files).sort()).toEqual(['README.txt', 'documents/01-__.._etc_passwd', 'receipt.json']);
    expect(strFromU8(files['receipt.json'])).toBe(withDoc.text);
    expect(files['documents/01-__.._etc_passwd']).toEqual(doc);
    expect(strFromU8(files['README.txt'])).toContain(`  ${withDoc.hash}`);
  });

  it('lists a document withheld for malware by its fingerprint and what was found, without its bytes', async () => {
    const clean = strToU8('%PDF-1.4 clean');
    const withheld = sha256(strToU8('infected bytes'));
    const { text, hash } = sealedContent(parts);
    const files = await unzipped(
      receiptBundle(facts(hash), text, [
        { fileName: 'Letter.txt', sha256: withheld, withheld: 'malware found in it after it was sent, Eicar-Test-Signature' },
        { fileName: 'Plan.pdf', sha256: sha256(clean), bytes: stored(clean), contentType: 'application/pdf' },
      ]),
    );
    expect(Object.keys(files).sort()).toEqual(['README.txt', 'documents/02-Plan.pdf', 'receipt.json']);
    const readme = strFromU8(files['README.txt']);
    expect(readme).toContain(`  Letter.txt (left out: malware found in it after it was sent, Eicar-Test-Signature)\n    sha256 ${withheld}`);
    expect(readme).toContain(`  documents/02-Plan.pdf\n    sha256 ${sha256(clean)}`);
  });

  it('refuses a text that is not the receipt before making anything, and fails a zip whose document changed before its directory', async () => {
    const { text, hash } = sealedContent(parts);
    expect(() => receiptBundle(facts(hash), `${text} `, [])).toThrow(/does not hash/);
    const doc = strToU8('original');
    const made: Uint8Array[] = [];
    const zip = receiptBundle(facts(hash), text, [
      { fileName: 'a.pdf', sha256: sha256(doc), bytes: stored(strToU8('altered')), contentType: 'application/pdf' },
    ]);
    await expect(
      (async () => {
        for await (const piece of zip) made.push(piece);
      })(),
    ).rejects.toThrow(/no longer matches/);
    // What was sent before the failure is no zip any tool would read as whole: it has no central directory.
    expect(() => unzipSync(Buffer.concat(made))).toThrow();
  });

  it('is made as it is read, a piece at a time, and the same every time', async () => {
    const big = new Uint8Array(4 * 1024 * 1024).map((_, i) => (i * 2654435761) >>> 24); // 4 MB that deflate cannot shrink much
    const { text, hash } = sealedContent({ ...parts, documents: [{ id: 'd', fileName: 'Plan.pdf', sha256: sha256(big), sizeBytes: big.length }] });
    const bundle = () => receiptBundle(facts(hash), text, [{ fileName: 'Plan.pdf', sha256: sha256(big), bytes: stored(big), contentType: 'application/pdf' }]);
    const made = await pieces(bundle());
    expect(made.length).toBeGreaterThan(16);
    expect(Math.max(...made.map((p) => p.length))).toBeLessThan(256 * 1024);
    const zip = Buffer.concat(made);
    expect(Buffer.compare(unzipSync(zip)['documents/01-Plan.pdf'], big)).toBe(0);
    expect(Buffer.compare(Buffer.concat(await pieces(bundle())), zip)).toBe(0);
  });

  it('deflates text, and stores every other type as it is (compressed already)', async () => {
    const csv = strToU8('reference,quantity\nA1,12\n'.repeat(4000)); // 100 KB that deflates to almost nothing
    const sizeOf = async (contentType: string) => {
      const { text, hash } = sealedContent({ ...parts, documents: [{ id: 'd', fileName: 'f', sha256: sha256(csv), sizeBytes: csv.length }] });
      const zip = Buffer.concat(await pieces(receiptBundle(facts(hash), text, [{ fileName: 'f', sha256: sha256(csv), bytes: stored(csv), contentType }])));
      expect(Buffer.compare(unzipSync(zip)['documents/01-f'], csv)).toBe(0);
      return zip.length;
    };
    expect(await sizeOf('text/plain')).toBeLessThan(csv.length / 10);
    expect(await sizeOf('application/pdf')).toBeGreaterThan(csv.length);
  });
});
