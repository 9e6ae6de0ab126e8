import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { AppConfig } from '../config/app-config.js';
import { DOCUMENT_STORAGE, type DocumentStorage, LocalDiskStorage } from './document-storage.js';
import { IncomingFiles } from './incoming-files.js';
import { TracedStorage } from './traced-storage.js';
import type { Tracing } from '../tracing/tracing.js';

/** The storage the configuration names, each write and read a span when tracing is on. */
export async function documentStorage(c: AppConfig, tracing: Tracing): Promise<DocumentStorage> {
  const storage = await chosenStorage(c);
  return tracing.enabled ? new TracedStorage(storage, tracing, c.DOCUMENTS_S3_BUCKET ? 's3' : 'disk') : storage;
}

/**
 * An S3 bucket when DOCUMENTS_S3_BUCKET is set, else the documents folder. The AWS SDK is loaded only for a bucket:
 * a deployment on disk never holds its megabyte of code (issue 19, memory).
 */
async function chosenStorage(c: AppConfig): Promise<DocumentStorage> {
  if (!c.DOCUMENTS_S3_BUCKET) return new LocalDiskStorage(c.documentsDir);
  const { S3Storage } = await import('./s3-storage.js');
  return new S3Storage({
    bucket: c.DOCUMENTS_S3_BUCKET,
    prefix: c.DOCUMENTS_S3_PREFIX,
    region: c.DOCUMENTS_S3_REGION,
    endpoint: c.DOCUMENTS_S3_ENDPOINT,
    forcePathStyle: c.DOCUMENTS_S3_FORCE_PATH_STYLE === 'true',
  });
}

/** Closes the storage's connections (S3's keep-alive sockets) when the application stops. */
@Injectable()
export class StorageShutdown implements OnApplicationShutdown {
  constructor(@Inject(DOCUMENT_STORAGE) private readonly storage: DocumentStorage) {}

  onApplicationShutdown(): void {
    this.storage.close?.();
  }
}

/**
 * Where uploads arrive. On disk, a folder beside the documents, so that storing one is a hard link and not a copy.
 * With a bucket, the system's temporary folder (TMPDIR): the documents folder is not used then, and the bytes are
 * streamed from there to S3. Either way on disk, never in memory (docs/operations.md, "Uploads").
 */
export const incomingFiles = (c: AppConfig) =>
  new IncomingFiles(c.DOCUMENTS_S3_BUCKET ? join(tmpdir(), 'commonweal-incoming') : join(c.documentsDir, '.incoming'));

/** At the start, removes what uploads cut short by a stopped process left behind (IncomingFiles.sweep). */
@Injectable()
export class IncomingFilesSweep implements OnApplicationBootstrap {
  private readonly logger = new Logger('IncomingFiles');

  constructor(private readonly incoming: IncomingFiles) {}

  onApplicationBootstrap(): void {
    void this.incoming.sweep().then(
      (n) => n && this.logger.log(`Removed ${n} unfinished upload${n === 1 ? '' : 's'} left in ${this.incoming.dir}`),
      (err: Error) => this.logger.warn(`Could not sweep ${this.incoming.dir}: ${err.message}`),
    );
  }
}
