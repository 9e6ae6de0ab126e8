import { Column, Entity, PrimaryColumn, VersionColumn } from 'typeorm';
import type { ReviewConclusion } from './review-rules.js';

/** A review opened by a result below what was expected of the population served; concluded once, finally. */
@Entity('outcome_reviews')
export class OutcomeReview {
  @PrimaryColumn('uuid') id: string;
  @PrimaryColumn('uuid', { name: 'tenant_id' }) tenantId: string;
  @Column('uuid', { name: 'contract_id' }) contractId: string;
  @Column('uuid', { name: 'metric_id' }) metricId: string;
  @Column('uuid', { name: 'validation_id' }) validationId: string;
  @Column('uuid', { name: 'provider_id' }) providerId: string;
  @Column('int') period: number;
  @Column('numeric', { precision: 5, scale: 4 }) expected: string;
  @Column('numeric', { name: 'result_rate', precision: 5, scale: 4 }) resultRate: string;
  @Column('date', { name: 'explain_by' }) explainBy: string;
  @Column('text', { nullable: true }) conclusion: ReviewConclusion | null;
  @Column('text', { name: 'conclusion_note', nullable: true }) conclusionNote: string | null;
  @Column('date', { name: 'remedy_due_on', nullable: true }) remedyDueOn: string | null;
  @Column('numeric', { precision: 18, scale: 2, nullable: true }) deduction: string | null;
  @Column('uuid', { name: 'concluded_by', nullable: true }) concludedBy: string | null;
  @Column('timestamptz', { name: 'concluded_at', nullable: true }) concludedAt: Date | null;
  @Column('timestamptz', { name: 'opened_at' }) openedAt: Date;
  @Column('timestamptz', { name: 'updated_at', default: () => 'clock_timestamp()' }) updatedAt: Date;
  @VersionColumn() version: number;
}

/** The provider's account of its context, once per review. Append-only. */
@Entity('outcome_review_explanations')
export class OutcomeReviewExplanation {
  @PrimaryColumn('uuid', { name: 'tenant_id' }) tenantId: string;
  @PrimaryColumn('uuid', { name: 'review_id' }) reviewId: string;
  @Column('uuid', { name: 'provider_id' }) providerId: string;
  @Column('text') explanation: string;
  @Column('uuid', { name: 'explained_by', nullable: true }) explainedBy: string | null;
  @Column('timestamptz', { name: 'explained_at' }) explainedAt: Date;
}
