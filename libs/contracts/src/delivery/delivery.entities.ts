import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { SnapshotEvidence } from '#public-character';

/** What a provider reports it delivered on one social value commitment in one contract year (append-only). */
@Entity('delivery_reports')
export class DeliveryReport {
  @PrimaryColumn('uuid') id: string;
  @Column('uuid', { name: 'tenant_id' }) tenantId: string;
  @Column('uuid', { name: 'tender_id' }) tenderId: string;
  @Column('uuid', { name: 'commitment_id' }) commitmentId: string;
  @Column('uuid', { name: 'provider_id' }) providerId: string;
  @Column('int', { name: 'contract_year' }) contractYear: number;
  /** numeric(14,2) as a decimal string. */
  @Column('numeric', { precision: 14, scale: 2 }) quantity: string;
  @Column('text') narrative: string;
  @Column('jsonb') evidence: SnapshotEvidence[];
  @Column('uuid', { name: 'reported_by', nullable: true }) reportedBy: string | null;
  @Column('timestamptz', { name: 'reported_at' }) reportedAt: Date;
}

/** The contract manager's decision on a report: accepted, or queried with a note (append-only, one per report). */
@Entity('delivery_report_reviews')
export class DeliveryReportReview {
  @PrimaryColumn('uuid') id: string;
  @Column('uuid', { name: 'report_id' }) reportId: string;
  @Column('uuid', { name: 'tenant_id' }) tenantId: string;
  @Column('uuid', { name: 'provider_id' }) providerId: string;
  @Column('text') outcome: 'accepted' | 'queried';
  @Column('text') note: string;
  @Column('uuid', { name: 'reviewed_by', nullable: true }) reviewedBy: string | null;
  @Column('timestamptz', { name: 'reviewed_at' }) reviewedAt: Date;
}
