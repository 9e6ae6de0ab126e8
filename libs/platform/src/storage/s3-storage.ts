import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { createReadStream } from 'node:fs';
import { PassThrough, type Readable } from 'node:stream';
import { documentKey, type DocumentStorage } from './document-storage.js';

export interface S3StorageOptions {
  bucket: string;
  /** Objects are named `<prefix><document id>`. */
  prefix: string;
  region: string;
  /** An S3-compatible service's address (MinIO, Ceph, a cloud's own); unset, AWS's. */
  endpoint?: string;
  /** Bucket in the path rather than the host name, as most S3-compatible services want. */
  forcePathStyle: boolean;
}

/**
 * Documents in an S3 bucket, so every API replica and worker reads the same bytes (local disk is one
 * machine's). Credentials come from the AWS SDK's own chain (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY,
 * a web identity, an instance role), never from our configuration. Checksums are sent only where the
 * service requires them: the SDK's default of always sending them is not yet understood by every
 * S3-compatible service, and each document's sha256 is ours, checked where a document is bundled.
 */
export class S3Storage implements DocumentStorage {
  private readonly client: S3Client;

  constructor(private readonly options: S3StorageOptions) {
    this.client = new S3Client({
      region: options.region,
      endpoint: options.endpoint,
      forcePathStyle: options.forcePathStyle,
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
  }

  /** Resolves once S3 has the whole object: the row that names it is written only after. */
  async put(key: string, bytes: Buffer): Promise<void> {
    await this.client.send(new PutObjectCommand({ Bucket: this.options.bucket, Key: this.objectKey(key), Body: bytes, ContentLength: bytes.length }));
  }

  /** An upload's file, streamed to S3 as it is read (its length told up front, so the SDK need not buffer it). */
  async putFile(key: string, path: string, size: number): Promise<void> {
    const body = createReadStream(path);
    try {
      await this.client.send(new PutObjectCommand({ Bucket: this.options.bucket, Key: this.objectKey(key), Body: body, ContentLength: size }));
    } finally {
      body.destroy();
    }
  }

  /** The bytes as a stream at once (as from disk); a missing object or a failed read ends it with the error. */
  open(key: string): Readable {
    const out = new PassThrough();
    const objectKey = this.objectKey(key);
    this.client.send(new GetObjectCommand({ Bucket: this.options.bucket, Key: objectKey })).then(
      (res) => {
        const body = res.Body as Readable;
        body.on('error', (err) => out.destroy(err));
        body.pipe(out);
      },
      (err: unknown) => out.destroy(err as Error),
    );
    return out;
  }

  close(): void {
    this.client.destroy();
  }

  private objectKey(key: string): string {
    return `${this.options.prefix}${documentKey(key)}`;
  }
}
