import { constants, createReadStream } from 'node:fs';
import { copyFile, link, mkdir, open, rename } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Readable } from 'node:stream';

/**
 * Where document bytes live: local disk (LocalDiskStorage, one machine's) or an S3 bucket (S3Storage,
 * shared by every replica). Keys are ours (ids), never a user's file name.
 */
export interface DocumentStorage {
  put(key: string, bytes: Buffer): Promise<void>;
  /** Stores an upload's temporary file (IncomingFiles) under `key`; the file is left where it was, for its owner to remove. */
  putFile(key: string, path: string, size: number): Promise<void>;
  open(key: string): Readable;
  /** Lets go of connections when the process stops. */
  close?(): void;
}

export const DOCUMENT_STORAGE = Symbol('DOCUMENT_STORAGE');

const KEY = /^[0-9a-f-]{36}$/;

/** A document's id as a storage key: anything else (a path, a user's text) is refused. */
export function documentKey(key: string): string {
  if (!KEY.test(key)) throw new Error('invalid document key');
  return key;
}

export class LocalDiskStorage implements DocumentStorage {
  constructor(private readonly root: string) {}

  async put(key: string, bytes: Buffer): Promise<void> {
    const file = this.path(key);
    await mkdir(dirname(file), { recursive: true });
    // Write aside, flush to disk, then rename: a reader never sees half a file, and a receipt
    // (the row, committed after this returns) never names bytes a power cut could lose.
    const handle = await open(`${file}.part`, 'w', 0o640);
    try {
      await handle.writeFile(bytes);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(`${file}.part`, file);
  }

  /**
   * The upload's bytes, flushed to disk, then linked in under the key: no copy, as the temporary file sits in this
   * folder (IncomingFiles). On another file system (DOCUMENTS_DIR moved after the start), or one without hard links,
   * it is copied aside, flushed and renamed into place as `put` does.
   */
  async putFile(key: string, path: string): Promise<void> {
    const file = this.path(key);
    await mkdir(dirname(file), { recursive: true });
    await flush(path);
    try {
      await link(path, file);
      return;
    } catch (err) {
      if (!['EXDEV', 'EPERM', 'ENOTSUP', 'EOPNOTSUPP'].includes((err as NodeJS.ErrnoException).code ?? '')) throw err;
    }
    await copyFile(path, `${file}.part`, constants.COPYFILE_FICLONE);
    await flush(`${file}.part`);
    await rename(`${file}.part`, file);
  }

  open(key: string): Readable {
    return createReadStream(this.path(key));
  }

  /** Two levels of fan-out by the id's last characters, so no folder grows huge. */
  private path(key: string): string {
    documentKey(key);
    return join(this.root, key.slice(-2), key.slice(-4, -2), key);
  }
}

/** Waits until a file's bytes are on disk, not only in the page cache. */
async function flush(path: string): Promise<void> {
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
