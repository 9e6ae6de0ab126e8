import { createHash } from 'node:crypto';
import { HttpStatus, StreamableFile } from '@nestjs/common';
import { ProblemException, validationProblem } from '../errors/problem.js';
import type { DocumentStorage } from './document-storage.js';
import { ALLOWED_TYPES, sniff } from './document-type.js';

export interface Upload {
  originalname: string;
  buffer: Buffer;
  size: number;
}

export interface CheckedUpload {
  fileName: string;
  contentType: string;
  sizeBytes: string;
  sha256: string;
  buffer: Buffer;
}

/** Only a name to show and to save as: no path, no control characters. */
const cleanName = (name: string) =>
  name
    .split(/[\\/]/)
    .pop()!
    .replace(/[\u0000-\u001F\u007F"]/g, '')
    .trim()
    .slice(0, 255) || 'document';

/**
 * Any uploaded document, tender's or bid's: present, of an accepted type by
 * its bytes (never by its name or the declared type), hashed.
 */
export async function checkedUpload(file: Upload | undefined): Promise<CheckedUpload> {
  if (!file) throw validationProblem([{ field: 'file', rule: 'required', message: 'Send the document as the multipart field "file"' }]);
  const type = await sniff(file.buffer);
  if (!type.ok) {
    throw new ProblemException(
      HttpStatus.UNSUPPORTED_MEDIA_TYPE,
      'unsupported-document-type',
      'This kind of file is not accepted',
      `The file is ${type.found}. Accepted: ${Object.values(ALLOWED_TYPES).join(', ')}`,
      { found: type.found, accepted: Object.keys(ALLOWED_TYPES) },
    );
  }
  return {
    fileName: cleanName(file.originalname),
    contentType: type.contentType,
    sizeBytes: String(file.size),
    sha256: createHash('sha256').update(file.buffer).digest('hex'),
    buffer: file.buffer,
  };
}

/** A stored document as a download, named for saving. */
export const asDownload = (storage: DocumentStorage, doc: { id: string; contentType: string; sizeBytes: string; fileName: string }) =>
  new StreamableFile(storage.open(doc.id), {
    type: doc.contentType,
    length: Number(doc.sizeBytes),
    disposition: `attachment; filename="${doc.fileName.replace(/[^\x20-\x7E]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(doc.fileName)}`,
  });
