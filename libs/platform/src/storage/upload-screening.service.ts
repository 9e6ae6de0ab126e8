import { HttpStatus, Inject, Injectable, Logger } from '@nestjs/common';
import { SpanKind } from '@opentelemetry/api';
import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { newId } from '../database/ids.js';
import { ProblemException } from '../errors/problem.js';
import { Metrics } from '../metrics/metrics.service.js';
import { ContextRunner } from '../tenancy/context-runner.service.js';
import { Tracing } from '../tracing/tracing.js';
import { cleanName, type Upload } from './checked-upload.js';
import { discard } from './incoming-files.js';
import { MalwareDetection } from './malware-detection.entity.js';
import { MALWARE_SCANNER, type MalwareScanner, ScannerUnavailable, type ScanVerdict, type UploadPurpose } from './malware-scanner.js';

/**
 * Every upload is screened for malware as it arrives, before anything is stored (the upload guard calls this
 * before the request's transaction opens). Clean: the file goes on, marked clean. Infected: refused (422) and
 * recorded for the uploader's admin, never stored. The scanner unable to say: refused (503) as not checked;
 * a document is never let through on an error. No scanner configured: marked unscanned, as the admin's page says.
 *
 * A refusal is not thrown here but left on the upload, its file removed, for the handler's checkedUpload to
 * throw: the handler's own error handling then answers it (a page shows it beside the file field, as it does
 * every other problem with the file), and a handler that forgot to check has no bytes to store.
 */
@Injectable()
export class UploadScreening {
  private readonly logger = new Logger('UploadScreening');

  constructor(
    @Inject(MALWARE_SCANNER) private readonly scanner: MalwareScanner | null,
    private readonly metrics: Metrics,
    private readonly runner: ContextRunner,
    private readonly tracing: Tracing,
  ) {}

  /** Where uploads are scanned, or null when they are not (for the admin's page). */
  get scannerAt(): string | null {
    return this.scanner?.where ?? null;
  }

  async screen(file: Upload, path: string, purpose: UploadPurpose | null = null): Promise<void> {
    const refused = await this.refusal(file, path, purpose);
    if (!refused) return;
    file.refused = refused;
    // Removed now, and no path left: a handler that forgot to check has nothing to store.
    await discard(file.path);
    file.path = '';
  }

  /**
   * What the scanner says of these bytes, traced and counted by result; throws when it cannot say (never clean
   * on an error). Only while a scanner is configured: an upload as it arrives (read from its file as it is sent),
   * a stored document scanned later (read from storage as it is sent). Either way a chunk at a time, never whole.
   */
  async verdict(source: { file: string } | { stream: Readable; failed?: () => Error | null }, size: number): Promise<ScanVerdict> {
    const scanner = this.scanner;
    if (!scanner) throw new ScannerUnavailable('no scanner is configured');
    try {
      const attributes = { 'commonweal.scan.bytes': size };
      const said = await this.tracing.span('malware scan', { kind: SpanKind.CLIENT, attributes }, async (span) => {
        const v = await scanner.scan('stream' in source ? source.stream : createReadStream(source.file));
        span?.setAttribute('commonweal.scan.result', v.infected ? 'infected' : 'clean');
        return v;
      });
      this.metrics.scans.inc({ result: said.infected ? 'infected' : 'clean' });
      return said;
    } catch (err) {
      // A stream's own read error (hashedRead) is the storage's, not the scanner's: counted apart, so that `error` still means clamd.
      this.metrics.scans.inc({ result: 'stream' in source && source.failed?.() ? 'unreadable' : 'error' });
      throw err;
    }
  }

  /** Null when the file may be stored (marked clean or unscanned); otherwise why it may not. */
  private async refusal(file: Upload, path: string, purpose: UploadPurpose | null): Promise<ProblemException | null> {
    if (!this.scanner) {
      file.scanStatus = 'unscanned';
      this.metrics.scans.inc({ result: 'unscanned' });
      return null;
    }
    let verdict;
    try {
      verdict = await this.verdict({ file: file.path }, file.size);
    } catch (err) {
      this.logger.warn(`Upload to ${path} refused unscanned: ${(err as Error).message}`);
      const message = 'The file could not be checked for malware just now, so it was not kept: try again in a few minutes';
      return new ProblemException(
        HttpStatus.SERVICE_UNAVAILABLE,
        'malware-scan-unavailable',
        'The document could not be checked for malware',
        'It was not kept. Try again in a few minutes; if it keeps happening, tell the service’s IT team.',
        { errors: [{ field: 'file', rule: 'scan-unavailable', message }] },
      );
    }
    if (!verdict.infected) {
      file.scanStatus = 'clean';
      return null;
    }
    const hash = file.sha256;
    this.logger.warn(`Upload to ${path} refused: ${verdict.signature} found (sha256 ${hash})`);
    await this.record(file, hash, verdict.signature, path, purpose);
    const message = `The file contains malware (${verdict.signature}) and was not kept: check it with your own antivirus and send a clean copy`;
    return new ProblemException(
      HttpStatus.UNPROCESSABLE_ENTITY,
      'malware-found',
      'The document contains malware',
      `The scanner found ${verdict.signature}. The file was not kept.`,
      { signature: verdict.signature, sha256: hash, errors: [{ field: 'file', rule: 'malware', message }] },
    );
  }

  /**
   * Kept for whoever sent it, in their own context and transaction (the request's has not opened yet, and the
   * refusal would roll it back): an authority's staff's upload is the authority's, a provider's is the provider's.
   * A record that cannot be written (nobody's upload) is logged, and the refusal stands either way.
   */
  private async record(file: Upload, hash: string, signature: string, path: string, purpose: UploadPurpose | null): Promise<void> {
    const ctx = this.runner.callerContext();
    const owner = ctx.tenantId ? { tenantId: ctx.tenantId, providerId: null } : ctx.providerId ? { tenantId: null, providerId: ctx.providerId } : null;
    if (!owner) return;
    try {
      await this.runner.run(ctx, (em) =>
        em.insert(MalwareDetection, {
          id: newId(),
          ...owner,
          userId: ctx.userId ?? null,
          fileName: cleanName(file.originalname ?? ''),
          sizeBytes: String(file.size),
          sha256: hash,
          signature: signature.slice(0, 300),
          path: path.slice(0, 2000),
          purpose,
          detectedAt: new Date(),
        }),
      );
    } catch (err) {
      this.logger.error(`Could not record the malware found in an upload to ${path}: ${(err as Error).message}`);
    }
  }
}
