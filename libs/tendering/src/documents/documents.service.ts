import { HttpStatus, Inject, Injectable, StreamableFile } from '@nestjs/common';
import {
  AuditLog,
  checkedUpload,
  DocumentDownloads,
  DOCUMENT_STORAGE,
  type DocumentStorage,
  newId,
  notFound,
  type Principal,
  ProblemException,
  RequestDb,
  type Upload,
} from '#platform';
import { PublishedTenders } from '../public/published-tenders.service.js';
import { TenderDocument } from './document.entity.js';
import { tenderOr404, requireTender } from '../tenders/tender-lookup.query.js';

/** Tender documents: checked by their bytes, hashed, stored, listed and served. */
@Injectable()
export class Documents {
  constructor(
    private readonly db: RequestDb,
    private readonly audit: AuditLog,
    @Inject(DOCUMENT_STORAGE) private readonly storage: DocumentStorage,
    private readonly tenders: PublishedTenders,
    private readonly downloads: DocumentDownloads,
  ) {}

  async attach(tenderId: string, file: Upload | undefined, principal: Principal): Promise<TenderDocument> {
    const tender = await tenderOr404(this.db.manager, tenderId);
    if (tender.status !== 'draft' && tender.status !== 'published') {
      throw new ProblemException(HttpStatus.CONFLICT, 'not-open', 'Documents can no longer be added', `The tender is ${tender.status}`);
    }
    const { path, ...checked } = await checkedUpload(file);
    const doc: TenderDocument = { id: newId(), tenantId: tender.tenantId, tenderId, ...checked, uploadedBy: principal.userId ?? null, uploadedAt: new Date() };
    // Bytes first: a row never points at a file that is not there (an orphan file is harmless).
    await this.storage.putFile(doc.id, path, Number(doc.sizeBytes));
    await this.db.manager.insert(TenderDocument, doc);
    await this.audit.record({
      action: 'document.attached',
      entityType: 'document',
      entityId: doc.id,
      data: { tenderId, sha256: doc.sha256, fileName: doc.fileName },
    });
    return doc;
  }

  /** The documents of a tender this request may see (its authority's, or published ones on public routes). */
  async list(tenderId: string, publicOnly: boolean): Promise<TenderDocument[]> {
    if (publicOnly) await this.tenders.published(tenderId);
    else await requireTender(this.db.manager, tenderId);
    return this.db.manager.find(TenderDocument, { where: { tenderId }, order: { uploadedAt: 'ASC' } });
  }

  async download(tenderId: string, id: string, publicOnly: boolean): Promise<StreamableFile> {
    const docs = await this.list(tenderId, publicOnly);
    const doc = docs.find((d) => d.id === id);
    if (!doc) throw notFound('Document');
    return this.downloads.open(doc);
  }
}
