import { Column, Entity, PrimaryColumn, VersionColumn } from 'typeorm';
import type { CapName } from '../outcomes/outcome-payment.js';
import type { PaymentKind, PaymentStatus } from './payment-rules.js';

/** One line of a contract's payment schedule: a fixed-fee instalment, an outcome payment, a deduction or a change's fee, scheduled, approved, paid. */
@Entity('contract_payments')
export class ContractPayment {
  @PrimaryColumn('uuid') id: string;
  @PrimaryColumn('uuid', { name: 'tenant_id' }) tenantId: string;
  @Column('uuid', { name: 'contract_id' }) contractId: string;
  @Column('uuid', { name: 'provider_id' }) providerId: string;
  @Column('text') kind: PaymentKind;
  /** The instalment's number, or the outcome period's. */
  @Column('int') number: number;
  @Column('text') label: string;
  @Column('date', { name: 'due_on' }) dueOn: string;
  /** Decimal string (numeric(18,2)); never a float. */
  @Column('numeric', { precision: 18, scale: 2 }) amount: string;
  /** What the outcomes earned before any cap (outcome payments only). */
  @Column('numeric', { precision: 18, scale: 2, nullable: true }) earned: string | null;
  @Column('text', { name: 'capped_by', nullable: true }) cappedBy: CapName | null;
  @Column('uuid', { name: 'metric_id', nullable: true }) metricId: string | null;
  @Column('uuid', { name: 'validation_id', nullable: true }) validationId: string | null;
  /** A deduction's review, which must have concluded with this deduction (a foreign key holds it). */
  @Column('uuid', { name: 'review_id', nullable: true }) reviewId: string | null;
  @Column('text', { name: 'review_conclusion', nullable: true }) reviewConclusion: 'deduction' | null;
  /** A change fee's change (a foreign key holds it). */
  @Column('uuid', { name: 'change_id', nullable: true }) changeId: string | null;
  @Column('text') status: PaymentStatus;
  @Column('uuid', { name: 'approved_by', nullable: true }) approvedBy: string | null;
  @Column('timestamptz', { name: 'approved_at', nullable: true }) approvedAt: Date | null;
  @Column('date', { name: 'paid_on', nullable: true }) paidOn: string | null;
  @Column('uuid', { name: 'paid_by', nullable: true }) paidBy: string | null;
  @Column('timestamptz', { name: 'created_at', default: () => 'clock_timestamp()' }) createdAt: Date;
  @Column('timestamptz', { name: 'updated_at', default: () => 'clock_timestamp()' }) updatedAt: Date;
  @VersionColumn() version: number;
}
