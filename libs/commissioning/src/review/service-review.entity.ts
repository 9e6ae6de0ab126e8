import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { OutcomeFindingInput, ReviewDecision } from './service-review.js';

/** A cycle's service review: what was found, the decision and why, and the cycle it opened. Append-only. */
@Entity('service_reviews')
export class ServiceReview {
  @PrimaryColumn('uuid') id: string;
  @Column('uuid', { name: 'tenant_id' }) tenantId: string;
  @Column('uuid', { name: 'cycle_id' }) cycleId: string;
  @Column('jsonb', { name: 'outcome_findings' }) outcomeFindings: OutcomeFindingInput[];
  @Column('text', { name: 'engagement_findings' }) engagementFindings: string;
  @Column('text') summary: string;
  @Column('text') decision: ReviewDecision;
  @Column('text') reasons: string;
  @Column('uuid', { name: 'next_cycle_id' }) nextCycleId: string;
  @Column('uuid', { name: 'reviewed_by', nullable: true }) reviewedBy: string | null;
  @Column('timestamptz', { name: 'reviewed_at' }) reviewedAt: Date;
}
