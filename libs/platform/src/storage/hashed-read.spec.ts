import { createServer } from 'node:net';
import { Readable } from 'node:stream';
import { setImmediate as tick } from 'node:timers/promises';
import { describe, expect, it } from '@jest/globals';
import { sha256 } from '#kernel';
import { hashedRead } from './hashed-read.js';
import { ClamdScanner, ScannerUnavailable } from './malware-scanner.js';

const bytes = [Buffer.from('%PDF-1.7\n'), Buffer.alloc(200_000, 0x20), Buffer.from('\n%%EOF\n')];

/** An address where nothing listens: a port just given up. */
async function refusingClamd(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `tcp://127.0.0.1:${port}`;
}

/** A stored document's read as the late scan makes it (StoredDocumentScans): its fingerprint, and whose error. */
describe('hashedRead', () => {
  it('passes the bytes on unchanged and gives their sha256 once they are read', async () => {
    const read = hashedRead(Readable.from(bytes));
    const passed: Buffer[] = [];
    for await (const chunk of read.stream) passed.push(chunk as Buffer);
    expect(Buffer.concat(passed)).toEqual(Buffer.concat(bytes));
    expect(read.sha256()).toBe(sha256(Buffer.concat(bytes)));
    expect(read.failed()).toBeNull();
  });

  it("names the storage's own error when the bytes cannot be read", async () => {
    const lost = new Error('NoSuchKey: the object is gone');
    const source = new Readable({ read() {} });
    const read = hashedRead(source);
    source.push(bytes[0]);
    setTimeout(() => source.destroy(lost), 10);
    await expect(read.stream.toArray()).rejects.toThrow();
    expect(read.failed()).toBe(lost);
  });

  it('does not blame the storage when the scanner fails: the scan stops, and the read it ended is no read error', async () => {
    // A stream closed without a file to close (a bucket's, say) ends at once when the scan destroys it.
    for (const source of [Readable.from(bytes), new Readable({ read() {} })]) {
      const read = hashedRead(source);
      await expect(new ClamdScanner(await refusingClamd()).scan(read.stream)).rejects.toThrow(ScannerUnavailable);
      await tick();
      await tick();
      expect(source.destroyed).toBe(true);
      expect(read.failed()).toBeNull();
    }
  });
});
