import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { KpiRating } from '../kpis/kpi-rules.js';
import type { AssessmentOccasion, KpiResult } from './assessment-rules.js';

/** A contract's performance assessed against its KPIs for a period (s.71), published as a contract performance notice. Append-only. */
@Entity('performance_assessments')
export class PerformanceAssessment {
  @PrimaryColumn('uuid') id: string;
  @PrimaryColumn('uuid', { name: 'tenant_id' }) tenantId: string;
  @Column('uuid', { name: 'contract_id' }) contractId: string;
  @Column('uuid', { name: 'provider_id' }) providerId: string;
  /** 1 for the contract's first assessment, and so on: the notice's number. */
  @Column('int') sequence: number;
  @Column('text') occasion: AssessmentOccasion;
  @Column('date', { name: 'period_from' }) periodFrom: string;
  @Column('date', { name: 'period_to' }) periodTo: string;
  /** Each KPI's result over the period as it stood when assessed (the measurements are append-only too). */
  @Column('jsonb', { name: 'kpi_results' }) kpiResults: KpiResult[];
  @Column('text', { name: 'derived_rating', nullable: true }) derivedRating: KpiRating | null;
  @Column('text') rating: KpiRating;
  @Column('text', { name: 'override_reason', nullable: true }) overrideReason: string | null;
  @Column('text') summary: string;
  @Column('uuid', { name: 'assessed_by', nullable: true }) assessedBy: string | null;
  @Column('timestamptz', { name: 'assessed_at' }) assessedAt: Date;
}
