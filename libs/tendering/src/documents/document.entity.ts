import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A file attached to a tender: its bytes are in document storage under `id`. */
@Entity('documents')
export class TenderDocument {
  @PrimaryColumn('uuid') id: string;
  @Column('uuid', { name: 'tenant_id' }) tenantId: string;
  @Column('uuid', { name: 'tender_id' }) tenderId: string;
  @Column('text', { name: 'file_name' }) fileName: string;
  @Column('text', { name: 'content_type' }) contentType: string;
  @Column('bigint', { name: 'size_bytes' }) sizeBytes: string;
  @Column('text') sha256: string;
  @Column('uuid', { name: 'uploaded_by', nullable: true }) uploadedBy: string | null;
  @Column('timestamptz', { name: 'uploaded_at' }) uploadedAt: Date;
}
