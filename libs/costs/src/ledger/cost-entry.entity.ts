import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { CostPhase } from '../core/classifications.js';
import type { EntryBasis } from '../core/event-entries.js';
import type { CostBearer, CostType } from '../core/ledger-rules.js';

export type EntrySource = 'entered' | 'imported' | 'payment' | 'signature' | 'change' | 'reversal';

/** One line of a contract's or a commissioning cycle's whole-life cost ledger; append-only (the database refuses UPDATE and DELETE). */
@Entity('cost_entries')
export class CostEntry {
  @PrimaryColumn('uuid') id: string;
  @PrimaryColumn('uuid', { name: 'tenant_id' }) tenantId: string;
  @Column('uuid', { name: 'contract_id', nullable: true }) contractId: string | null;
  @Column('uuid', { name: 'cycle_id', nullable: true }) cycleId: string | null;
  @Column('date', { name: 'occurred_on' }) occurredOn: string;
  /** Decimal string (numeric(18,2)); never a float. */
  @Column('numeric', { precision: 18, scale: 2 }) amount: string;
  @Column('text') basis: EntryBasis;
  @Column('text') bearer: CostBearer;
  @Column('text') type: CostType;
  @Column('text') phase: CostPhase;
  @Column('text') classification: string;
  @Column('numeric', { precision: 11, scale: 2, nullable: true }) hours: string | null;
  @Column('numeric', { name: 'hourly_rate', precision: 18, scale: 2, nullable: true }) hourlyRate: string | null;
  @Column('text') description: string;
  @Column('text') source: EntrySource;
  @Column('uuid', { name: 'payment_id', nullable: true }) paymentId: string | null;
  @Column('uuid', { name: 'change_id', nullable: true }) changeId: string | null;
  @Column('uuid', { nullable: true }) reverses: string | null;
  @Column('text', { nullable: true }) reason: string | null;
  @Column('uuid', { name: 'import_id', nullable: true }) importId: string | null;
  @Column('uuid', { name: 'recorded_by', nullable: true }) recordedBy: string | null;
  @Column('timestamptz', { name: 'recorded_at', default: () => 'clock_timestamp()' }) recordedAt: Date;
}
