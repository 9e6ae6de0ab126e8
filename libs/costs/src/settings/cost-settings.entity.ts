import { Column, Entity, PrimaryColumn, VersionColumn } from 'typeorm';
import type { RateBand } from '#kernel';
import type { DeflatorPoint } from '../core/whole-life.js';

/** An authority's own deflator series and discount schedule; without a row, the defaults (costs/src/core/defaults.ts). */
@Entity('cost_settings')
export class CostSettings {
  @PrimaryColumn('uuid', { name: 'tenant_id' }) tenantId: string;
  @Column('jsonb') deflators: DeflatorPoint[];
  @Column('jsonb', { name: 'discount_schedule' }) discountSchedule: RateBand[];
  @Column('numeric', { name: 'shadow_wage_rate', precision: 18, scale: 2, nullable: true }) shadowWageRate: string | null;
  @Column('uuid', { name: 'updated_by', nullable: true }) updatedBy: string | null;
  @Column('timestamptz', { name: 'updated_at', default: () => 'clock_timestamp()' }) updatedAt: Date;
  @VersionColumn() version: number;
}
