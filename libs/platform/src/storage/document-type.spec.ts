import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { PlainText, sniffFile } from './document-type.js';

/** The rule for text on the whole file at once: valid UTF-8, not empty, no control characters but tab and line ends. */
const isText = (bytes: Uint8Array) => {
  try {
    return bytes.length > 0 && !/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/.test(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    return false;
  }
};

/** Cuts bytes into chunks at the given points, as a socket would deliver them. */
const cut = (bytes: Uint8Array, at: number[]) => {
  const points = [...new Set(at.map((p) => p % (bytes.length + 1)))].sort((a, b) => a - b);
  return [0, ...points].map((from, i) => bytes.subarray(from, points[i] ?? bytes.length)).filter((c) => c.length);
};

describe('PlainText, fed in chunks', () => {
  // Text, text with a multi-byte character cut across two chunks, and bytes that are not text.
  const samples = fc.oneof(
    fc.string({ unit: 'grapheme', maxLength: 300 }).map((s) => new TextEncoder().encode(s)),
    fc.string({ unit: 'grapheme', maxLength: 300 }).map((s) => new TextEncoder().encode(`a,b\n${s}\té\n`)),
    fc.uint8Array({ maxLength: 300 }),
  );

  it('gives the verdict the whole file would, wherever the chunks are cut', () => {
    fc.assert(
      fc.property(samples, fc.array(fc.nat(), { maxLength: 8 }), (bytes, at) => {
        const check = new PlainText();
        for (const chunk of cut(bytes, at)) check.push(chunk);
        expect(check.end()).toBe(isText(bytes));
      }),
      { numRuns: 500 },
    );
  });

  it('calls a file cut off inside a character, an empty one, or one with a control character not text', () => {
    const verdict = (...chunks: Buffer[]) => {
      const check = new PlainText();
      chunks.forEach((c) => check.push(c));
      return check.end();
    };
    const euro = Buffer.from('€'); // three bytes
    expect(verdict(Buffer.from('price '), euro.subarray(0, 1), euro.subarray(1))).toBe(true);
    expect(verdict(Buffer.from('price '), euro.subarray(0, 2))).toBe(false);
    expect(verdict()).toBe(false);
    expect(verdict(Buffer.from('a\u0007b'))).toBe(false);
  });
});

describe('sniffFile: a file’s type from its bytes on disk', () => {
  let dir: string;
  beforeAll(async () => (dir = await mkdtemp(join(tmpdir(), 'commonweal-sniff-'))));
  afterAll(() => rm(dir, { recursive: true, force: true }));
  const sniffed = async (bytes: Buffer) => {
    const path = join(dir, String(Math.random()).slice(2));
    await writeFile(path, bytes);
    return sniffFile(path);
  };

  it('finds a signature, and names a refused one', async () => {
    expect(await sniffed(Buffer.from('%PDF-1.7\n%\xE2\xE3\xCF\xD3\n1 0 obj\n%%EOF\n', 'latin1'))).toEqual({ ok: true, contentType: 'application/pdf' });
    expect(await sniffed(Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), Buffer.alloc(120, 1)]))).toEqual({
      ok: false,
      found: 'application/x-elf',
    });
  });

  it('takes a file without a signature as text only if all of it is UTF-8 without control characters', async () => {
    const csv = `reference,description\n${'A1,Home care – visits £12.50\n'.repeat(5000)}`; // 150 KB, several chunks
    expect(await sniffed(Buffer.from(csv))).toEqual({ ok: true, contentType: 'text/plain' });
    // The first bad byte far past the first chunk the file is read in.
    expect(await sniffed(Buffer.concat([Buffer.from(csv), Buffer.from([0xff]), Buffer.from('tail\n')]))).toEqual({
      ok: false,
      found: 'unrecognised binary data',
    });
    expect(await sniffed(Buffer.concat([Buffer.from(csv), Buffer.from('\u0000')]))).toMatchObject({ ok: false });
    expect(await sniffed(Buffer.alloc(0))).toMatchObject({ ok: false });
  });
});
