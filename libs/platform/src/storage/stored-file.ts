import { Column, PrimaryColumn } from 'typeorm';
import type { ScanStatus } from './malware-scanner.js';

/** The columns of any stored document: its bytes are in document storage under `id`. */
export abstract class StoredFile {
  @PrimaryColumn('uuid') id: string;
  @Column('uuid', { name: 'tenant_id' }) tenantId: string;
  @Column('uuid', { name: 'tender_id' }) tenderId: string;
  @Column('text', { name: 'file_name' }) fileName: string;
  @Column('text', { name: 'content_type' }) contentType: string;
  @Column('bigint', { name: 'size_bytes' }) sizeBytes: string;
  @Column('text') sha256: string;
  @Column('uuid', { name: 'uploaded_by', nullable: true }) uploadedBy: string | null;
  @Column('timestamptz', { name: 'uploaded_at' }) uploadedAt: Date;
  /** Clean: clamd found nothing as it arrived; unscanned: no scanner was configured then. */
  @Column('text', { name: 'scan_status' }) scanStatus: ScanStatus;
}

/** How the API shows a stored document. */
export const documentView = (d: StoredFile) => ({
  id: d.id,
  fileName: d.fileName,
  contentType: d.contentType,
  sizeBytes: Number(d.sizeBytes),
  sha256: d.sha256,
  uploadedAt: d.uploadedAt.toISOString(),
  malwareScan: d.scanStatus,
});
