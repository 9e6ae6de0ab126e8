import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { CoproductionKind } from '../core/coproduction.js';

/** Citizens' inputs to a contract's service: volunteer hours and the people involved; append-only. */
@Entity('coproduction_inputs')
export class CoproductionInputRow {
  @PrimaryColumn('uuid') id: string;
  @PrimaryColumn('uuid', { name: 'tenant_id' }) tenantId: string;
  @Column('uuid', { name: 'contract_id' }) contractId: string;
  @Column('date', { name: 'occurred_on' }) occurredOn: string;
  @Column('text') kind: CoproductionKind;
  @Column('numeric', { precision: 11, scale: 2 }) hours: string;
  @Column('int') people: number;
  @Column('text') description: string;
  @Column('uuid', { name: 'recorded_by', nullable: true }) recordedBy: string | null;
  @Column('timestamptz', { name: 'recorded_at', default: () => 'clock_timestamp()' }) recordedAt: Date;
}
