import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, readdir, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Request } from 'express';
import type { StorageEngine } from 'multer';

/** What an upload's bytes were found to be as they arrived, beside multer's own fields. */
export interface IncomingFile {
  /** The temporary file holding the bytes. */
  path: string;
  size: number;
  /** Hex SHA-256 of the bytes. */
  sha256: string;
}

/**
 * Where an upload's bytes go as they arrive (a multer storage engine): a temporary file of its own, hashed on the
 * way, so the API holds a chunk of an upload in memory at a time, not the whole document (32 bidders sending 24 MB
 * each took the API to 1.7 GB resident when uploads were held in memory; 236 MB like this). The folder sits beside
 * the documents (incomingFiles in storage-choice.ts), so storing a document on disk is a link, not a copy.
 *
 * The file is removed when the response has been sent (DocumentUpload), by multer when it refuses the request
 * (over the size limit, say), and here when the bytes stop arriving (the client went away). A process killed in
 * the middle leaves its files behind: `sweep` removes those at the next start.
 */
export class IncomingFiles implements StorageEngine {
  constructor(readonly dir: string) {}

  _handleFile(_req: Request, file: Express.Multer.File, callback: (error?: unknown, info?: Partial<Express.Multer.File>) => void): void {
    this.receive(file.stream).then(
      (info) => callback(null, info as Partial<Express.Multer.File>),
      (err: unknown) => callback(err),
    );
  }

  _removeFile(_req: Request, file: Express.Multer.File, callback: (error: Error | null) => void): void {
    discard(file.path).then(() => callback(null), callback);
  }

  private async receive(stream: Readable): Promise<IncomingFile> {
    await mkdir(this.dir, { recursive: true, mode: 0o750 }); // each time: an operator may have cleared the folder
    const path = join(this.dir, randomUUID());
    const hash = createHash('sha256');
    let size = 0;
    const file = createWriteStream(path, { mode: 0o640 });
    try {
      await pipeline(
        stream,
        async function* (chunks: AsyncIterable<Buffer>) {
          for await (const chunk of chunks) {
            hash.update(chunk);
            size += chunk.length;
            yield chunk;
          }
        },
        file,
      );
    } catch (err) {
      // When the bytes stop first, pipeline gives up before the file has even been opened; removed then, the open
      // that follows would make it again and leave it behind. Its close comes after the open.
      await closed(file);
      await discard(path);
      throw err;
    }
    return { path, size, sha256: hash.digest('hex') };
  }

  /** Removes what uploads cut short by a stopped process left, older than `olderThanMs` (no upload takes so long). */
  async sweep(olderThanMs = 60 * 60 * 1000): Promise<number> {
    let names: string[];
    try {
      names = await readdir(this.dir);
    } catch {
      return 0; // no upload yet
    }
    let removed = 0;
    for (const name of names) {
      const path = join(this.dir, name);
      const age = await stat(path).then(
        (s) => Date.now() - s.mtimeMs,
        () => 0,
      );
      if (age > olderThanMs && (await discard(path))) removed++;
    }
    return removed;
  }
}

const closed = (file: WriteStream) => (file.closed ? Promise.resolve() : new Promise<void>((resolve) => file.once('close', () => resolve())));

/** Removes a temporary file; one already gone (stored by a link and removed, or never written) is not an error. */
export async function discard(path: string | undefined): Promise<boolean> {
  if (!path) return false;
  try {
    await unlink(path);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw err;
  }
}
