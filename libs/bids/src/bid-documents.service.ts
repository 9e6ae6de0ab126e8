import { Inject, Injectable, StreamableFile } from '@nestjs/common';
import { In } from 'typeorm';
import {
  checkedUpload,
  DocumentDownloads,
  DOCUMENT_STORAGE,
  type DocumentStorage,
  namedRows,
  newId,
  notFound,
  type Principal,
  RequestDb,
  sqlState,
  type Upload,
} from '#platform';
import { PublishedTenders } from '#tendering';
import { BidDocument, type BidDocumentRef } from './bid-submission.entity.js';
import { bidsClosed, takingBids } from './bids-closed.problem.js';

/**
 * Documents a provider sends with its bid. Uploaded first (each gets an id and
 * its sha256), then named in the submission, whose content hash covers them.
 * The database seals them with the bid and refuses them after the deadline.
 * The row itself (append-only, with who uploaded it and when) is the record:
 * the audit log belongs to an authority, and a sealed upload is not yet theirs to see.
 */
@Injectable()
export class BidDocuments {
  constructor(
    private readonly db: RequestDb,
    private readonly tenders: PublishedTenders,
    @Inject(DOCUMENT_STORAGE) private readonly storage: DocumentStorage,
    private readonly downloads: DocumentDownloads,
  ) {}

  /** Runs in a published-records transaction with the provider's context. */
  async upload(tenderId: string, file: Upload | undefined, principal: Principal): Promise<BidDocument> {
    const tender = await this.tenders.openForBids(tenderId);
    if (!takingBids(tender)) throw bidsClosed(tender.submissionDeadline);
    const { path, ...checked } = await checkedUpload(file);
    const doc: BidDocument = {
      id: newId(),
      tenantId: tender.tenantId,
      tenderId,
      providerId: principal.providerId!,
      ...checked,
      uploadedBy: principal.userId ?? null,
      uploadedAt: new Date(),
    };
    await this.storage.putFile(doc.id, path, Number(doc.sizeBytes));
    try {
      await this.db.manager.insert(BidDocument, doc);
    } catch (err) {
      // The deadline passed while the bytes were being stored: the database's trigger has the last word.
      throw sqlState(err) === 'P0B01' ? bidsClosed(tender.submissionDeadline) : err;
    }
    return doc;
  }

  /** The caller's own documents for a tender, oldest first (a provider's transaction sees only its own). */
  mine(tenderId: string): Promise<BidDocument[]> {
    return this.db.manager.find(BidDocument, { where: { tenderId }, order: { uploadedAt: 'ASC' } });
  }

  /** The caller's own documents named by a submission, in the order given; a missing one is a 400 naming it. */
  async refs(tenderId: string, ids: string[]): Promise<BidDocumentRef[]> {
    if (!ids.length) return [];
    const rows = await this.db.manager.find(BidDocument, { where: { tenderId, id: In(ids) } });
    return namedRows(ids, rows, 'documents', 'is not a document you uploaded for this tender').map((d) => ({
      id: d.id,
      fileName: d.fileName,
      sha256: d.sha256,
      sizeBytes: Number(d.sizeBytes),
    }));
  }

  /** A provider's own document, or, for the authority, one of an opened tender: the database decides which rows are there. */
  async download(tenderId: string, id: string): Promise<StreamableFile> {
    const doc = await this.db.manager.findOne(BidDocument, { where: { id, tenderId } });
    if (!doc) throw notFound('Document');
    return this.downloads.open(doc);
  }
}
