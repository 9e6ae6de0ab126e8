import { Inject, Injectable, type StreamableFile } from '@nestjs/common';
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
  type Upload,
  validationProblem,
} from '#platform';
import { londonToday } from '#kernel';
import type { CreateLinkEvidenceDto, EvidenceFieldsDto, UpdateEvidenceDto } from './evidence.dto.js';
import { EvidenceItem } from './evidence.entities.js';
import { type EvidenceType, isExpired, type LibraryItem, type SnapshotEvidence } from './snapshot.js';

/** How the API shows an evidence item: with whether it has expired today. */
export const evidenceView = (e: EvidenceItem, today = londonToday()) => ({
  ...libraryItem(e),
  expired: isExpired(e.expiresOn, today),
  createdAt: e.createdAt.toISOString(),
  updatedAt: e.updatedAt.toISOString(),
});

export const libraryItem = (e: EvidenceItem): LibraryItem => ({
  id: e.id,
  title: e.title,
  evidenceType: e.evidenceType,
  description: e.description,
  url: e.url,
  document: e.sha256 ? { fileName: e.fileName!, contentType: e.contentType!, sizeBytes: Number(e.sizeBytes), sha256: e.sha256 } : null,
  issuedOn: e.issuedOn,
  expiresOn: e.expiresOn,
  withdrawn: e.withdrawnAt !== null,
});

type Fields = Omit<EvidenceFieldsDto, 'issuedOn' | 'expiresOn'> & { issuedOn?: string | null; expiresOn?: string | null };

const datesInOrder = (d: Fields) => {
  if (d.issuedOn && d.expiresOn && d.expiresOn < d.issuedOn)
    throw validationProblem([{ field: 'expiresOn', rule: 'after-issued', message: 'expiresOn must not be before issuedOn' }]);
};

/**
 * A provider's evidence library: written once, named in self-assessments for any authority. Owned by the
 * provider organisation; the database shows it to that organisation's people only. A document's bytes
 * never change (a new file is a new item), so every copy a bid took still points at what it saw.
 */
@Injectable()
export class EvidenceLibrary {
  constructor(
    private readonly db: RequestDb,
    @Inject(DOCUMENT_STORAGE) private readonly storage: DocumentStorage,
    private readonly downloads: DocumentDownloads,
  ) {}

  list(includeWithdrawn = false): Promise<EvidenceItem[]> {
    const q = this.db.manager.getRepository(EvidenceItem).createQueryBuilder('e').orderBy('e.created_at', 'DESC');
    if (!includeWithdrawn) q.where('e.withdrawn_at IS NULL');
    return q.getMany();
  }

  async get(id: string): Promise<EvidenceItem> {
    const row = await this.db.manager.findOne(EvidenceItem, { where: { id } });
    if (!row) throw notFound('Evidence item');
    return row;
  }

  /** The named items of the caller's library; an id that is not in it is a 400 naming its place. */
  async named(ids: string[], field = 'evidenceIds'): Promise<EvidenceItem[]> {
    const rows = ids.length ? await this.db.manager.find(EvidenceItem, { where: { id: In(ids) } }) : [];
    return namedRows(ids, rows, field, 'is not an item in your evidence library', (row) =>
      row.withdrawnAt ? { rule: 'not-withdrawn', message: `“${row.title}” has been withdrawn from your library` } : null,
    );
  }

  /** Copies of the named items as they are today (with whether each has expired), for a record that must not change with the library. */
  async copies(ids: string[], field = 'evidenceIds'): Promise<SnapshotEvidence[]> {
    const today = londonToday();
    return (await this.named(ids, field)).map((e) => {
      const { withdrawn: _w, ...copy } = libraryItem(e);
      return { ...copy, expired: isExpired(e.expiresOn, today) };
    });
  }

  async addLink(dto: CreateLinkEvidenceDto, principal: Principal): Promise<EvidenceItem> {
    datesInOrder(dto);
    return this.insert({ ...this.fields(dto), url: dto.url, fileName: null, contentType: null, sizeBytes: null, sha256: null, scanStatus: null }, principal);
  }

  /** The upload guard has read the file before the transaction opened; the bytes are stored, then the row. */
  async addDocument(dto: EvidenceFieldsDto, file: Upload | undefined, principal: Principal): Promise<EvidenceItem> {
    datesInOrder(dto);
    const { path, fileName, contentType, sizeBytes, sha256, scanStatus } = await checkedUpload(file);
    const id = newId();
    await this.storage.putFile(id, path, Number(sizeBytes));
    return this.insert({ ...this.fields(dto), url: null, fileName, contentType, sizeBytes, sha256, scanStatus }, principal, id);
  }

  /** Changes only the fields sent (a date sent as null is cleared); the dates are checked as they will stand. */
  async update(id: string, dto: UpdateEvidenceDto): Promise<EvidenceItem> {
    const row = await this.get(id);
    const merged = {
      title: dto.title ?? row.title,
      evidenceType: dto.evidenceType ?? row.evidenceType,
      description: dto.description ?? row.description,
      issuedOn: dto.issuedOn === undefined ? row.issuedOn : dto.issuedOn,
      expiresOn: dto.expiresOn === undefined ? row.expiresOn : dto.expiresOn,
    };
    datesInOrder(merged);
    const withdrawnAt = dto.withdrawn === undefined ? row.withdrawnAt : dto.withdrawn ? (row.withdrawnAt ?? new Date()) : null;
    await this.db.manager.update(EvidenceItem, { id }, { ...this.fields(merged), withdrawnAt, updatedAt: new Date() });
    return this.get(id);
  }

  async download(id: string): Promise<StreamableFile> {
    const row = await this.get(id);
    if (!row.sha256) throw notFound('Document');
    return this.downloads.open({ id, contentType: row.contentType!, sizeBytes: row.sizeBytes!, fileName: row.fileName!, scanStatus: row.scanStatus });
  }

  private fields(dto: Fields) {
    return {
      title: dto.title.trim(),
      evidenceType: dto.evidenceType as EvidenceType,
      description: dto.description?.trim() ?? '',
      issuedOn: dto.issuedOn ?? null,
      expiresOn: dto.expiresOn ?? null,
    };
  }

  private async insert(
    fields: Omit<EvidenceItem, 'id' | 'providerId' | 'withdrawnAt' | 'createdBy' | 'createdAt' | 'updatedAt'>,
    principal: Principal,
    id = newId(),
  ) {
    const now = new Date();
    const row: EvidenceItem = {
      id,
      providerId: principal.providerId!,
      ...fields,
      withdrawnAt: null,
      createdBy: principal.userId ?? null,
      createdAt: now,
      updatedAt: now,
    };
    await this.db.manager.insert(EvidenceItem, row);
    return this.get(id);
  }
}
