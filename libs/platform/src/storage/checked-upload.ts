import { HttpStatus, StreamableFile } from '@nestjs/common';
import { ProblemException, validationProblem } from '../errors/problem.js';
import type { DocumentStorage } from './document-storage.js';
import { ALLOWED_TYPES, sniffFile } from './document-type.js';
import type { IncomingFile } from './incoming-files.js';
import type { ScanStatus } from './malware-scanner.js';

/** An uploaded file as the upload guard hands it on: its bytes in a temporary file (IncomingFiles), never in memory. */
export interface Upload extends IncomingFile {
  originalname: string;
  /** Set by the upload guard's malware screening (UploadScreening) as the file arrives. */
  scanStatus?: ScanStatus;
  /** Set instead, with the file removed, when the screening refused it (malware, or no verdict). */
  refused?: ProblemException;
}

export interface CheckedUpload {
  fileName: string;
  contentType: string;
  sizeBytes: string;
  sha256: string;
  scanStatus: ScanStatus;
  /** The temporary file to store (DocumentStorage.putFile). */
  path: string;
}

/** Only a name to show and to save as: no path, no control characters. */
export const cleanName = (name: string) =>
  name
    .split(/[\\/]/)
    .pop()!
    .replace(/[\u0000-\u001F\u007F"]/g, '')
    .trim()
    .slice(0, 255) || 'document';

/**
 * Any uploaded document, tender's or bid's: present, of an accepted type by
 * its bytes (never by its name or the declared type), hashed as it arrived.
 */
export async function checkedUpload(upload: Upload | undefined): Promise<CheckedUpload> {
  const file = screenedUpload(upload, 'Send the document as the multipart field "file"');
  const type = await sniffFile(file.path);
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
    sha256: file.sha256,
    // A file that never met the guard's screening is not called clean.
    scanStatus: file.scanStatus ?? 'unscanned',
    path: file.path,
  };
}

/**
 * The upload, present and not refused by the guard's screening (malware, or no verdict): what every handler
 * reads it through, checkedUpload for a document to store, directly for one read and not stored (a CSV to import).
 */
export function screenedUpload(file: Upload | undefined, missing: string): Upload {
  if (!file) throw validationProblem([{ field: 'file', rule: 'required', message: missing }]);
  if (file.refused) throw file.refused;
  return file;
}

/** A stored document as a download, named for saving. */
export const asDownload = (storage: DocumentStorage, doc: { id: string; contentType: string; sizeBytes: string; fileName: string }) =>
  new StreamableFile(storage.open(doc.id), {
    type: doc.contentType,
    length: Number(doc.sizeBytes),
    disposition: `attachment; filename="${doc.fileName.replace(/[^\x20-\x7E]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(doc.fileName)}`,
  });
