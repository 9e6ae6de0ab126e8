import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { ScanStatus } from '#platform';
import type { EvidenceType, SnapshotEvidence } from './snapshot.js';
import type { Outcome } from './verification.js';

/** One item in a provider's evidence library: a link, or a document whose bytes are in document storage under `id`. */
@Entity('evidence_items')
export class EvidenceItem {
  @PrimaryColumn('uuid') id: string;
  @Column('uuid', { name: 'provider_id' }) providerId: string;
  @Column('text') title: string;
  @Column('text', { name: 'evidence_type' }) evidenceType: EvidenceType;
  @Column('text') description: string;
  @Column('text', { nullable: true }) url: string | null;
  @Column('text', { name: 'file_name', nullable: true }) fileName: string | null;
  @Column('text', { name: 'content_type', nullable: true }) contentType: string | null;
  @Column('bigint', { name: 'size_bytes', nullable: true }) sizeBytes: string | null;
  @Column('text', { nullable: true }) sha256: string | null;
  /** A document's malware screening as it arrived (clean or unscanned); null for a link. */
  @Column('text', { name: 'scan_status', nullable: true }) scanStatus: ScanStatus | null;
  /** Calendar dates (YYYY-MM-DD). */
  @Column('date', { name: 'issued_on', nullable: true }) issuedOn: string | null;
  @Column('date', { name: 'expires_on', nullable: true }) expiresOn: string | null;
  @Column('timestamptz', { name: 'withdrawn_at', nullable: true }) withdrawnAt: Date | null;
  @Column('uuid', { name: 'created_by', nullable: true }) createdBy: string | null;
  @Column('timestamptz', { name: 'created_at' }) createdAt: Date;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt: Date;
}

/** A provider's self-assessment on one test, in its library (a bid takes a copy). */
@Entity('self_assessment_answers')
export class SelfAssessmentRow {
  @PrimaryColumn('uuid', { name: 'provider_id' }) providerId: string;
  @PrimaryColumn('text', { name: 'test_code' }) testCode: string;
  @Column('smallint') level: number;
  @Column('text') narrative: string;
  @Column('uuid', { name: 'evidence_ids', array: true }) evidenceIds: string[];
  @Column('uuid', { name: 'updated_by', nullable: true }) updatedBy: string | null;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt: Date;
}

/** A commissioner's decision on one test of one bid. Append-only: the newest is the outcome. */
@Entity('public_character_verifications')
export class Verification {
  @PrimaryColumn('uuid') id: string;
  @Column('uuid', { name: 'tenant_id' }) tenantId: string;
  @Column('uuid', { name: 'tender_id' }) tenderId: string;
  @Column('uuid', { name: 'bid_id' }) bidId: string;
  @Column('uuid', { name: 'provider_id' }) providerId: string;
  @Column('text', { name: 'test_code' }) testCode: string;
  @Column('text') outcome: Outcome;
  @Column('smallint', { name: 'verified_level', nullable: true }) verifiedLevel: number | null;
  @Column('text') reason: string;
  @Column('timestamptz', { name: 'respond_by', nullable: true }) respondBy: Date | null;
  @Column('uuid', { name: 'decided_by', nullable: true }) decidedBy: string | null;
  @Column('timestamptz', { name: 'decided_at' }) decidedAt: Date;
}

/** A provider's answer to a request for more evidence (once, before the date the request names). */
@Entity('public_character_responses')
export class VerificationResponse {
  @PrimaryColumn('uuid') id: string;
  @Column('uuid', { name: 'verification_id' }) verificationId: string;
  @Column('uuid', { name: 'tenant_id' }) tenantId: string;
  @Column('uuid', { name: 'provider_id' }) providerId: string;
  @Column('text') narrative: string;
  @Column('jsonb') evidence: SnapshotEvidence[];
  @Column('uuid', { name: 'responded_by', nullable: true }) respondedBy: string | null;
  @Column('timestamptz', { name: 'responded_at' }) respondedAt: Date;
}
