import { SpanKind } from '@opentelemetry/api';
import type { Readable } from 'node:stream';
import { finished } from 'node:stream/promises';
import type { Tracing } from '../tracing/tracing.js';
import type { DocumentStorage } from './document-storage.js';

/**
 * Document storage with a span for each write and each read (from opening to the last byte sent on), in the trace
 * of the request or job that asked: an S3 bucket's latency is often the story of a slow upload or download. Only
 * while tracing is on (PlatformModule wraps the storage then); the bytes pass through untouched.
 */
export class TracedStorage implements DocumentStorage {
  constructor(
    private readonly inner: DocumentStorage,
    private readonly tracing: Tracing,
    private readonly kind: 's3' | 'disk',
  ) {}

  put(key: string, bytes: Buffer): Promise<void> {
    const attributes = { 'commonweal.storage': this.kind, 'commonweal.document.bytes': bytes.length };
    return this.tracing.span('document write', { kind: SpanKind.CLIENT, attributes }, () => this.inner.put(key, bytes));
  }

  putFile(key: string, path: string, size: number): Promise<void> {
    const attributes = { 'commonweal.storage': this.kind, 'commonweal.document.bytes': size };
    return this.tracing.span('document write', { kind: SpanKind.CLIENT, attributes }, () => this.inner.putFile(key, path, size));
  }

  open(key: string): Readable {
    const stream = this.inner.open(key);
    // The span ends when the stream does (read to the end, failed, or dropped by a client that went away).
    void this.tracing
      .span('document read', { kind: SpanKind.CLIENT, attributes: { 'commonweal.storage': this.kind } }, () => finished(stream))
      .catch(() => undefined);
    return stream;
  }

  close(): void {
    this.inner.close?.();
  }
}
