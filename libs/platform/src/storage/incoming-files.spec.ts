import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { mkdtemp, readdir, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { IncomingFiles, type IncomingFile } from './incoming-files.js';

describe('IncomingFiles', () => {
  let dir: string;
  beforeEach(async () => (dir = await mkdtemp(join(tmpdir(), 'commonweal-incoming-'))));
  afterEach(() => rm(dir, { recursive: true, force: true }));

  const receive = (engine: IncomingFiles, stream: Readable) =>
    new Promise<IncomingFile>((resolve, reject) =>
      engine._handleFile({} as never, { stream } as never, (err, info) => (err ? reject(err as Error) : resolve(info as unknown as IncomingFile))),
    );

  it('writes the bytes to a file of their own, hashed and sized as they arrived', async () => {
    const engine = new IncomingFiles(join(dir, 'incoming'));
    const parts = Array.from({ length: 40 }, (_, i) => Buffer.alloc(64 * 1024 + i, i)); // 2.5 MB in uneven chunks
    const whole = Buffer.concat(parts);
    const got = await receive(engine, Readable.from(parts));
    expect(got.size).toBe(whole.length);
    expect(got.sha256).toBe(createHash('sha256').update(whole).digest('hex'));
    expect(Buffer.compare(await readFile(got.path), whole)).toBe(0);
  });

  it('leaves no file when the bytes stop arriving (the client went away), and multer can remove one', async () => {
    const engine = new IncomingFiles(join(dir, 'incoming'));
    const broken = new Readable({ read() {} });
    broken.on('error', () => undefined); // multer listens for the file stream's errors too (and aborts the request)
    const received = receive(engine, broken);
    broken.push(Buffer.alloc(100_000, 1));
    setImmediate(() => broken.destroy(new Error('Unexpected end of form')));
    await expect(received).rejects.toThrow('Unexpected end of form');
    expect(await readdir(join(dir, 'incoming'))).toEqual([]);
    const kept = await receive(engine, Readable.from([Buffer.from('x')]));
    await new Promise<void>((resolve, reject) => engine._removeFile({} as never, kept as never, (err) => (err ? reject(err) : resolve())));
    expect(await readdir(join(dir, 'incoming'))).toEqual([]);
  });

  it('leaves no file when the bytes stop before the disk has opened it', async () => {
    // A slow disk, made so: every open waits 30 ms. The upload fails before its file exists; removing it then and
    // letting the open come after would leave it behind until the next start.
    const open = fs.open;
    const opening: Promise<void>[] = [];
    fs.open = ((...args: unknown[]) => {
      const done = args.pop() as (...result: unknown[]) => void;
      opening.push(
        new Promise<void>((resolve) =>
          setTimeout(() => (open as (...a: unknown[]) => void)(...args, (...result: unknown[]) => (done(...result), resolve())), 30),
        ),
      );
    }) as typeof fs.open;
    const engine = new IncomingFiles(join(dir, 'incoming'));
    const broken = new Readable({ read() {} });
    broken.on('error', () => undefined);
    try {
      const received = receive(engine, broken);
      broken.push(Buffer.alloc(1000, 1));
      setImmediate(() => broken.destroy(new Error('Unexpected end of form')));
      await expect(received).rejects.toThrow('Unexpected end of form');
    } finally {
      fs.open = open;
    }
    expect(opening).toHaveLength(1);
    await Promise.all(opening);
    expect(await readdir(join(dir, 'incoming'))).toEqual([]);
  });

  it('sweeps only what is older than an upload can take', async () => {
    const engine = new IncomingFiles(join(dir, 'incoming'));
    expect(await engine.sweep()).toBe(0); // no folder yet
    const current = await receive(engine, Readable.from([Buffer.from('in flight')]));
    const stale = join(dir, 'incoming', 'left-by-a-crash');
    await writeFile(stale, 'half a document');
    const twoHoursAgo = new Date(Date.now() - 2 * 3600_000);
    await utimes(stale, twoHoursAgo, twoHoursAgo);
    expect(await engine.sweep()).toBe(1);
    expect(await readdir(join(dir, 'incoming'))).toEqual([current.path.split('/').pop()]);
  });
});
