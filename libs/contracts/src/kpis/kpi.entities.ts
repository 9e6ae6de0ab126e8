import { Column, Entity, PrimaryColumn, VersionColumn } from 'typeorm';
import type { KpiDirection, KpiRating } from './kpi-rules.js';

/** A key performance indicator of a contract (s.52), with the thresholds that rate a measurement. */
@Entity('contract_kpis')
export class ContractKpi {
  @PrimaryColumn('uuid') id: string;
  @PrimaryColumn('uuid', { name: 'tenant_id' }) tenantId: string;
  @Column('uuid', { name: 'contract_id' }) contractId: string;
  @Column('text') code: string;
  @Column('text') title: string;
  @Column('text') unit: string;
  @Column('text') direction: KpiDirection;
  /** Decimal strings (numeric(14,4)): measurements, not money. */
  @Column('numeric', { precision: 14, scale: 4 }) good: string;
  @Column('numeric', { precision: 14, scale: 4 }) approaching: string;
  @Column('numeric', { name: 'requires_improvement', precision: 14, scale: 4 }) requiresImprovement: string;
  @Column('uuid', { name: 'created_by', nullable: true }) createdBy: string | null;
  @Column('timestamptz', { name: 'created_at', default: () => 'clock_timestamp()' }) createdAt: Date;
  @VersionColumn() version: number;
}

/** One measurement of a KPI for a period, with the rating it earned then. Append-only. */
@Entity('kpi_measurements')
export class KpiMeasurement {
  @PrimaryColumn('uuid') id: string;
  @PrimaryColumn('uuid', { name: 'tenant_id' }) tenantId: string;
  @Column('uuid', { name: 'kpi_id' }) kpiId: string;
  @Column('uuid', { name: 'contract_id' }) contractId: string;
  @Column('uuid', { name: 'provider_id' }) providerId: string;
  /** The last day of the period measured. */
  @Column('date', { name: 'period_ends_on' }) periodEndsOn: string;
  @Column('numeric', { precision: 14, scale: 4 }) value: string;
  @Column('text') rating: KpiRating;
  @Column('text', { nullable: true }) note: string | null;
  @Column('uuid', { name: 'recorded_by', nullable: true }) recordedBy: string | null;
  @Column('timestamptz', { name: 'recorded_at' }) recordedAt: Date;
}
