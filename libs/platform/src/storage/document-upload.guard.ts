import { applyDecorators, type CanActivate, type ExecutionContext, HttpStatus, Inject, Injectable, SetMetadata, UseGuards } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import multer from 'multer';
import { joinDateParts } from '#kernel';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { ProblemException, validationProblem } from '../errors/problem.js';
import type { Upload } from './checked-upload.js';
import type { UploadPurpose } from './malware-scanner.js';
import { discard, IncomingFiles } from './incoming-files.js';
import { UploadScreening } from './upload-screening.service.js';

const UPLOAD_PURPOSE = 'commonweal:upload-purpose';

/**
 * Reads one multipart file (field `file`), up to DOCUMENT_MAX_BYTES, into a temporary file (IncomingFiles: hashed
 * as it arrives, never held whole in memory), removed once the response has been sent; and
 * answers multer's refusals as problem+json naming the limit or the field.
 *
 * A guard, not an interceptor, on purpose: route guards run after the access
 * guard (no anonymous upload is ever read) and before the request's database
 * transaction opens, so a slow upload never holds a connection (or the
 * embedded database's single session) while its bytes arrive. The file is screened for malware here too
 * (UploadScreening): an infected one reaches the handler without its bytes, refused.
 */
@Injectable()
export class DocumentUpload implements CanActivate {
  private readonly single: ReturnType<ReturnType<typeof multer>['single']>;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly screening: UploadScreening,
    private readonly reflector: Reflector,
    incoming: IncomingFiles,
  ) {
    this.single = multer({ storage: incoming, limits: { fileSize: config.DOCUMENT_MAX_BYTES, files: 1, fields: 8 } }).single('file');
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const http = context.switchToHttp();
    const req = http.getRequest<Request & { file?: Upload }>();
    const res = http.getResponse<Response>();
    // Whatever the handler did with it (stored it by a link, read it, refused it), the temporary file goes when the
    // exchange ends: answered, failed, or the client gone. Multer removes one it refused itself.
    res.once('close', () => void discard(req.file?.path).catch(() => undefined));
    await new Promise<void>((resolve, reject) => this.single(req, res, (err: unknown) => (err ? reject(this.problem(err)) : resolve())));
    const purpose = this.reflector.get<UploadPurpose | undefined>(UPLOAD_PURPOSE, context.getHandler()) ?? null;
    if (req.file) await this.screening.screen(req.file, req.path, purpose);
    // A page's date in three boxes, joined as for every other form (configureHttp does it for urlencoded ones).
    const body = http.getRequest<Request>().body as Record<string, unknown> | undefined;
    if (body && typeof body === 'object') joinDateParts(body);
    return true;
  }

  private problem(err: unknown) {
    const e = err as { code?: string; field?: string; message?: string };
    if (e.code === 'LIMIT_FILE_SIZE') {
      return new ProblemException(
        HttpStatus.PAYLOAD_TOO_LARGE,
        'body-too-large',
        'The document is too large',
        `The limit is ${this.config.DOCUMENT_MAX_BYTES} bytes`,
        { limitBytes: this.config.DOCUMENT_MAX_BYTES },
      );
    }
    if (e.code === 'LIMIT_UNEXPECTED_FILE')
      return validationProblem([{ field: e.field ?? 'file', rule: 'unexpected-file', message: 'Send exactly one document, as the multipart field "file"' }]);
    return validationProblem([{ field: 'file', rule: 'multipart', message: `The upload could not be read: ${e.message ?? 'malformed multipart body'}` }]);
  }
}

/**
 * The route takes one document, for this purpose: read and screened before the handler runs (DocumentUpload),
 * and named by its purpose wherever malware found in it is shown.
 */
export const DocumentUploadFor = (purpose: UploadPurpose) => applyDecorators(SetMetadata(UPLOAD_PURPOSE, purpose), UseGuards(DocumentUpload));
