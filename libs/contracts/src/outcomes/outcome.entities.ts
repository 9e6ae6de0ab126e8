import { Column, Entity, PrimaryColumn, VersionColumn } from 'typeorm';
import type { ContextModel, FactorEffect } from './context-adjustment.js';
import type { Milestone, ValidationDecision } from './outcome-metric-rules.js';
import type { Frequency } from './reporting-periods.js';
import type { SnapshotEvidence } from '#public-character';

/** An outcome a contract pays for (or measures), read in context (docs/domain.md section 6). Rates are decimal strings, 0 to 1. */
@Entity('outcome_metrics')
export class OutcomeMetric {
  @PrimaryColumn('uuid') id: string;
  @PrimaryColumn('uuid', { name: 'tenant_id' }) tenantId: string;
  @Column('uuid', { name: 'contract_id' }) contractId: string;
  @Column('text') code: string;
  @Column('text') title: string;
  @Column('text') definition: string;
  @Column('text') unit: string;
  @Column('numeric', { precision: 5, scale: 4 }) baseline: string;
  @Column('numeric', { precision: 5, scale: 4 }) target: string;
  @Column('text') measurement: string;
  @Column('text', { name: 'validation_method' }) validationMethod: string;
  @Column('text', { name: 'data_source' }) dataSource: string;
  @Column('text') frequency: Frequency;
  @Column('jsonb') milestones: Milestone[];
  @Column('jsonb', { name: 'shared_with' }) sharedWith: string[];
  @Column('numeric', { name: 'attribution_share', precision: 5, scale: 4 }) attributionShare: string;
  @Column('numeric', { name: 'price_per_unit', precision: 18, scale: 2, nullable: true }) pricePerUnit: string | null;
  @Column('numeric', { name: 'period_cap', precision: 18, scale: 2, nullable: true }) periodCap: string | null;
  @Column('numeric', { name: 'total_cap', precision: 18, scale: 2, nullable: true }) totalCap: string | null;
  @Column('jsonb', { name: 'context_model', nullable: true }) contextModel: ContextModel | null;
  @Column('uuid', { name: 'created_by', nullable: true }) createdBy: string | null;
  @Column('timestamptz', { name: 'created_at', default: () => 'clock_timestamp()' }) createdAt: Date;
  @Column('timestamptz', { name: 'updated_at', default: () => 'clock_timestamp()' }) updatedAt: Date;
  @VersionColumn() version: number;
}

/** A provider's result for one period of one metric: append-only (a rejected period is reported again). */
@Entity('outcome_reports')
export class OutcomeReport {
  @PrimaryColumn('uuid') id: string;
  @PrimaryColumn('uuid', { name: 'tenant_id' }) tenantId: string;
  @Column('uuid', { name: 'contract_id' }) contractId: string;
  @Column('uuid', { name: 'metric_id' }) metricId: string;
  @Column('uuid', { name: 'provider_id' }) providerId: string;
  @Column('int') period: number;
  @Column('date', { name: 'period_starts_on' }) periodStartsOn: string;
  @Column('date', { name: 'period_ends_on' }) periodEndsOn: string;
  @Column('int') cohort: number;
  @Column('int') achieved: number;
  @Column('jsonb') population: Record<string, string>;
  @Column('text') narrative: string;
  @Column('jsonb') evidence: SnapshotEvidence[];
  @Column('uuid', { name: 'reported_by', nullable: true }) reportedBy: string | null;
  @Column('timestamptz', { name: 'reported_at' }) reportedAt: Date;
}

/** The contract manager's one decision on a report, with what was expected of the population served then. Append-only. */
@Entity('outcome_validations')
export class OutcomeValidation {
  @PrimaryColumn('uuid') id: string;
  @PrimaryColumn('uuid', { name: 'tenant_id' }) tenantId: string;
  @Column('uuid', { name: 'report_id' }) reportId: string;
  @Column('uuid', { name: 'provider_id' }) providerId: string;
  @Column('text') decision: ValidationDecision;
  @Column('int') units: number;
  @Column('text', { nullable: true }) reason: string | null;
  @Column('numeric', { precision: 5, scale: 4, nullable: true }) target: string | null;
  @Column('numeric', { precision: 5, scale: 4, nullable: true }) expected: string | null;
  @Column('numeric', { name: 'result_rate', precision: 5, scale: 4, nullable: true }) resultRate: string | null;
  @Column('jsonb') effects: FactorEffect[];
  @Column('uuid', { name: 'validated_by', nullable: true }) validatedBy: string | null;
  @Column('timestamptz', { name: 'validated_at' }) validatedAt: Date;
}
