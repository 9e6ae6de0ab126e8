import { createHash } from 'node:crypto';
import { strToU8, Zip, ZipDeflate, ZipPassThrough } from 'fflate';
import { sha256 } from '#kernel';

/**
 * A document of the bid: its bytes, read as they are bundled, or, when it may not be sent (malware found in it after
 * it was stored, or not yet scanned), why it is left out.
 */
export type BundledDocument = { fileName: string; sha256: string } & ({ bytes: () => AsyncIterable<Uint8Array>; contentType: string } | { withheld: string });

export interface ReceiptFacts {
  authority: string;
  tenderReference: string;
  tenderTitle: string;
  lot: string;
  version: number;
  /** When the database received it, in words (London time). */
  receivedAt: string;
  hash: string;
}

/** A name safe inside a zip on every system: no folders, no control or reserved characters, not empty. */
const safeName = (name: string) =>
  name
    .replace(/[\\/:*?"<>|\p{Cc}]+/gu, '_')
    .replace(/^\.+/, '_')
    .slice(0, 120) || 'document';

/** Every entry's time, so the same bid always makes the same zip. */
const MTIME = new Date('2000-01-01T00:00:00Z');

/**
 * A bid's receipt as one download: `receipt.json`, the exact bytes the receipt's hash was taken of; each document
 * the bid included, as stored, under `documents/`; and `README.txt`, saying what the hash covers and how to check
 * it, so the receipt proves itself to anyone, with any sha256 tool, without Commonweal.
 * A document that may not be sent (malware found in it, or not yet scanned) is listed with its fingerprint and why,
 * without its bytes: the receipt still proves what was sent, and the provider can check its own copy against the
 * fingerprint.
 *
 * The zip is made as it is read, a chunk of one document at a time: a bid may include 20 documents of 25 MB each, so
 * it is never held whole. A text that is not the receipt is refused before anything is made. A document whose bytes
 * no longer match the fingerprint the bid recorded ends the zip with an error, before its entry is finished and
 * before the zip's directory is written, so no unzip tool reads a zip that lacks it as whole.
 */
export function receiptBundle(facts: ReceiptFacts, sentText: string, documents: BundledDocument[]): AsyncIterable<Uint8Array> {
  const sent = strToU8(sentText);
  if (sha256(sent) !== facts.hash) throw new Error(`the stored receipt text does not hash to ${facts.hash}`);
  return zipped(facts, sent, documents);
}

async function* zipped(facts: ReceiptFacts, sent: Uint8Array, documents: BundledDocument[]): AsyncGenerator<Uint8Array> {
  const out: Uint8Array[] = [];
  let failed: Error | null = null;
  const zip = new Zip((err, chunk) => (err ? (failed = err) : out.push(chunk)));
  /** What the zip has made since the last call (fflate's deflate is synchronous: each push makes its output at once). */
  const made = function* () {
    if (failed) throw failed;
    yield* out.splice(0);
  };
  // Text is deflated (level 6, the usual trade of time for size). Every other type accepted is compressed already
  // (PDF's streams, Office and OpenDocument files are zips, PNG, JPEG): deflating them again costs a second of CPU
  // for each 24 MB and saves almost nothing, so they are stored as they are.
  const entry = (name: string, deflate = true) => {
    const file = deflate ? new ZipDeflate(name, { level: 6 }) : new ZipPassThrough(name);
    file.mtime = MTIME;
    zip.add(file);
    return file;
  };

  entry('receipt.json').push(sent, true);
  yield* made();
  const listed: string[] = [];
  for (const [i, d] of documents.entries()) {
    if (!('bytes' in d)) {
      listed.push(`  ${safeName(d.fileName)} (left out: ${d.withheld})\n    sha256 ${d.sha256}`);
      continue;
    }
    const path = `documents/${String(i + 1).padStart(2, '0')}-${safeName(d.fileName)}`;
    const file = entry(path, d.contentType === 'text/plain');
    const hash = createHash('sha256');
    for await (const chunk of d.bytes()) {
      hash.update(chunk);
      file.push(chunk);
      yield* made();
    }
    if (hash.digest('hex') !== d.sha256) throw new Error(`document ${d.fileName} no longer matches its sha256 ${d.sha256}`);
    file.push(new Uint8Array(0), true);
    yield* made();
    listed.push(`  ${path}\n    sha256 ${d.sha256}`);
  }
  entry('README.txt').push(strToU8(readme(facts, listed)), true);
  zip.end();
  yield* made();
}

const readme = (f: ReceiptFacts, listed: string[]) =>
  [
    `Receipt for a bid sent through Commonweal`,
    ``,
    `Tender:    ${f.tenderReference}: ${f.tenderTitle}`,
    `Authority: ${f.authority}`,
    `Lot:       ${f.lot}`,
    `Version:   ${f.version}`,
    `Received:  ${f.receivedAt}`,
    ``,
    `receipt.json is exactly what the receipt covers: the answers, the price, the cost profile, the`,
    `documents' fingerprints, and (where the tender asked for them) the self-assessment and the social value`,
    `commitments, with the fingerprint of the evaluation model the bid answered. Its sha256 is the receipt:`,
    ``,
    `  ${f.hash}`,
    ``,
    `To check it: sha256sum receipt.json (Linux), shasum -a 256 receipt.json (macOS) or`,
    `Get-FileHash receipt.json (Windows) prints the same value. Change one character and it will not.`,
    ``,
    listed.length ? `The documents the bid included, each with the sha256 receipt.json records for it:` : `The bid included no documents.`,
    ...listed,
    ``,
  ].join('\r\n');
