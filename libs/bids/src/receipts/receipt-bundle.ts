import { strToU8, zipSync, type Zippable } from 'fflate';
import { sha256 } from '#kernel';

/** A document of the bid: its bytes, or, when the scanner found malware in it after it was stored, what was found instead. */
export type BundledDocument = { fileName: string; sha256: string } & ({ bytes: Uint8Array } | { withheld: string });

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

/**
 * A bid's receipt as one download: `receipt.json`, the exact bytes the receipt's hash was taken of; each document
 * the bid included, as stored, under `documents/`; and `README.txt`, saying what the hash covers and how to check
 * it, so the receipt proves itself to anyone, with any sha256 tool, without Commonweal.
 * A document whose bytes no longer match the fingerprint the bid recorded is refused rather than bundled. A document
 * withheld for malware is listed with its fingerprint and what was found, without its bytes: the receipt still proves
 * what was sent, and the provider can check its own copy against the fingerprint.
 */
export function receiptBundle(facts: ReceiptFacts, sentText: string, documents: BundledDocument[]): Uint8Array {
  const sent = strToU8(sentText);
  if (sha256(sent) !== facts.hash) throw new Error(`the stored receipt text does not hash to ${facts.hash}`);
  const files: Zippable = { 'receipt.json': sent };
  const listed: string[] = [];
  documents.forEach((d, i) => {
    if (!('bytes' in d)) {
      listed.push(`  ${safeName(d.fileName)} (left out: malware found in it after it was sent, ${d.withheld})\n    sha256 ${d.sha256}`);
      return;
    }
    if (sha256(d.bytes) !== d.sha256) throw new Error(`document ${d.fileName} no longer matches its sha256 ${d.sha256}`);
    const path = `documents/${String(i + 1).padStart(2, '0')}-${safeName(d.fileName)}`;
    files[path] = d.bytes;
    listed.push(`  ${path}\n    sha256 ${d.sha256}`);
  });
  files['README.txt'] = strToU8(readme(facts, listed));
  // Stored documents are often compressed already (PDF, DOCX); level 6 is the usual trade of time for size.
  return zipSync(files, { level: 6, mtime: new Date('2000-01-01T00:00:00Z') });
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
