import { createHash } from 'node:crypto';
import { HttpStatus, Inject, Injectable, StreamableFile } from '@nestjs/common';
import { AuditLog, newId, notFound, type Principal, ProblemException, RequestDb, validationProblem } from '#platform';
import { PublishedTenders } from '../public/published-tenders.service.js';
import { Tender } from '../tenders/tender.entity.js';
import { DOCUMENT_STORAGE, type DocumentStorage } from './document-storage.js';
import { ALLOWED_TYPES, sniff } from './document-type.js';
import { TenderDocument } from './document.entity.js';

export interface Upload {
  originalname: string;
  buffer: Buffer;
  size: number;
}

export const documentView = (d: TenderDocument) => ({
  id: d.id, fileName: d.fileName, contentType: d.contentType, sizeBytes: Number(d.sizeBytes), sha256: d.sha256, uploadedAt: d.uploadedAt.toISOString(),
});

/** Only a name to show and to save as: no path, no control characters. */
const cleanName = (name: string) =>
  name.split(/[\\/]/).pop()!.replace(/[\u0000-\u001F\u007F"]/g, '').trim().slice(0, 255) || 'document';

/** Tender documents: checked by their bytes, hashed, stored, listed and served. */
@Injectable()
export class Documents {
  constructor(
    private readonly db: RequestDb,
    private readonly audit: AuditLog,
    @Inject(DOCUMENT_STORAGE) private readonly storage: DocumentStorage,
    private readonly tenders: PublishedTenders,
  ) {}

  async attach(tenderId: string, file: Upload | undefined, principal: Principal): Promise<TenderDocument> {
    if (!file) throw validationProblem([{ field: 'file', rule: 'required', message: 'Send the document as the multipart field "file"' }]);
    const tender = await this.db.manager.findOne(Tender, { where: { id: tenderId } });
    if (!tender) throw notFound('Tender');
    if (tender.status !== 'draft' && tender.status !== 'published') {
      throw new ProblemException(HttpStatus.CONFLICT, 'not-open', 'Documents can no longer be added', `The tender is ${tender.status}`);
    }
    const type = await sniff(file.buffer);
    if (!type.ok) {
      throw new ProblemException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, 'unsupported-document-type', 'This kind of file is not accepted',
        `The file is ${type.found}. Accepted: ${Object.values(ALLOWED_TYPES).join(', ')}`, { found: type.found, accepted: Object.keys(ALLOWED_TYPES) });
    }
    const doc: TenderDocument = {
      id: newId(), tenantId: tender.tenantId, tenderId, fileName: cleanName(file.originalname), contentType: type.contentType,
      sizeBytes: String(file.size), sha256: createHash('sha256').update(file.buffer).digest('hex'), uploadedBy: principal.userId ?? null, uploadedAt: new Date(),
    };
    // Bytes first: a row never points at a file that is not there (an orphan file is harmless).
    await this.storage.put(doc.id, file.buffer);
    await this.db.manager.insert(TenderDocument, doc);
    await this.audit.record({ action: 'document.attached', entityType: 'document', entityId: doc.id, data: { tenderId, sha256: doc.sha256, fileName: doc.fileName } });
    return doc;
  }

  /** The documents of a tender this request may see (its authority's, or published ones on public routes). */
  async list(tenderId: string, publicOnly: boolean): Promise<TenderDocument[]> {
    if (publicOnly) await this.tenders.published(tenderId);
    else if (!(await this.db.manager.exists(Tender, { where: { id: tenderId } }))) throw notFound('Tender');
    return this.db.manager.find(TenderDocument, { where: { tenderId }, order: { uploadedAt: 'ASC' } });
  }

  async download(tenderId: string, id: string, publicOnly: boolean): Promise<StreamableFile> {
    const docs = await this.list(tenderId, publicOnly);
    const doc = docs.find((d) => d.id === id);
    if (!doc) throw notFound('Document');
    return new StreamableFile(this.storage.open(doc.id), {
      type: doc.contentType,
      length: Number(doc.sizeBytes),
      disposition: `attachment; filename="${doc.fileName.replace(/[^\x20-\x7E]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(doc.fileName)}`,
    });
  }
}
