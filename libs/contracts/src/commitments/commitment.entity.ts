import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { SnapshotEvidence } from '#public-character';

export interface CommitmentDetail {
  unit: string;
  proxyValue: string;
  quantities: { year: number; quantity: string; value: string }[];
  totalValue: string;
}

/** A term a winning bid is bound by once the contract is awarded (append-only). */
@Entity('contract_commitments')
export class ContractCommitment {
  @PrimaryColumn('uuid') id: string;
  @Column('uuid', { name: 'tenant_id' }) tenantId: string;
  @Column('uuid', { name: 'tender_id' }) tenderId: string;
  @Column('uuid', { name: 'bid_id' }) bidId: string;
  @Column('uuid', { name: 'provider_id' }) providerId: string;
  @Column('text') kind: 'public_character' | 'social_value';
  @Column('text') code: string;
  @Column('text') title: string;
  @Column('smallint', { nullable: true }) level: number | null;
  /** Whether the commissioner verified the level (otherwise it is the provider's own assessment). */
  @Column('boolean') verified: boolean;
  @Column('text') statement: string;
  @Column('jsonb') evidence: SnapshotEvidence[];
  /** Calendar date (YYYY-MM-DD) of the yearly re-assessment. */
  @Column('date', { name: 'review_due' }) reviewDue: string;
  /** Social value: the unit, proxy value and quantity per contract year committed ({} for public character). */
  @Column('jsonb') detail: CommitmentDetail | Record<string, never>;
  @Column('timestamptz', { name: 'created_at' }) createdAt: Date;
}

/** One year's re-assessment of a public character commitment by the contract manager (append-only). */
@Entity('commitment_reviews')
export class CommitmentReview {
  @PrimaryColumn('uuid') id: string;
  @Column('uuid', { name: 'tenant_id' }) tenantId: string;
  @Column('uuid', { name: 'tender_id' }) tenderId: string;
  @Column('uuid', { name: 'commitment_id' }) commitmentId: string;
  @Column('uuid', { name: 'provider_id' }) providerId: string;
  /** The contract year reviewed: 1 is the review a year after award. */
  @Column('smallint', { name: 'review_year' }) year: number;
  /** The level found, on the framework's 0 to 4 scale. */
  @Column('smallint') level: number;
  @Column('text') note: string;
  @Column('uuid', { name: 'reviewed_by', nullable: true }) reviewedBy: string | null;
  @Column('timestamptz', { name: 'reviewed_at' }) reviewedAt: Date;
}
