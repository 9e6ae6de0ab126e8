import { createHash } from 'node:crypto';
import { type Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/**
 * A stored document's bytes as the scanner reads them, hashed on the way: one chunk in memory at a time, where the
 * whole document (up to DOCUMENT_MAX_BYTES) was read into memory before. The hash is whole once the scanner has
 * read to the end, as it has before clamd answers FOUND (INSTREAM scans what it was sent after the last chunk).
 * `failed` tells the storage's own read error (a file gone, a bucket refusing) from the scanner's: the scanner
 * reports both alike, as a document it could not send.
 */
export function hashedRead(source: Readable): { stream: Readable; sha256: () => string; failed: () => Error | null } {
  const hash = createHash('sha256');
  let failed: Error | null = null;
  const stream = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk);
      done(null, chunk);
    },
  });
  // An error while the scan still reads is the storage's. Once the scan has ended (clamd answered, or failed) and
  // destroyed what it read, the pipeline closes the file with an error of its own: that one says nothing of the
  // storage, and may come before or after the scanner's error reaches the caller.
  source.once('error', (err) => {
    if (!stream.destroyed) failed = err;
  });
  // Either end's error or close ends both: the file is closed when the scan ends early, and a read error reaches the scanner.
  pipeline(source, stream).catch(() => undefined);
  return { stream, sha256: () => hash.digest('hex'), failed: () => failed };
}
