import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import type { AppConfig } from '../config/app-config.js';
import { DOCUMENT_STORAGE, type DocumentStorage, LocalDiskStorage } from './document-storage.js';
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
