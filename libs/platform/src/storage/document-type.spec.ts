import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { sniffFile } from './document-type.js';

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
