import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn, VersionColumn } from 'typeorm';
import type { ContractStatus, ContractTag, ExtensionOptionTerms, PaymentMechanism } from './contract-rules.js';

/** A contract: made at award from a winning bid, per lot (docs/domain.md section 6). */
@Entity('contracts')
export class Contract {
  @PrimaryColumn('uuid') id: string;
  @PrimaryColumn('uuid', { name: 'tenant_id' }) tenantId: string;
  @Column('uuid', { name: 'tender_id' }) tenderId: string;
  @Column('uuid', { name: 'bid_id' }) bidId: string;
  @Column('uuid', { name: 'provider_id' }) providerId: string;
  @Column('text', { name: 'lot_key' }) lotKey: string;
  /** The tender's reference (with the lot where the tender had several). */
  @Column('text') reference: string;
  @Column('text') title: string;
  /** Decimal string (numeric(18,2)); never a float. */
  @Column('numeric', { name: 'awarded_value', precision: 18, scale: 2 }) awardedValue: string;
  /** The value now: the awarded value moved by each signed variation and extension (docs/domain.md section 6). */
  @Column('numeric', { precision: 18, scale: 2 }) value: string;
  @Column('char', { length: 3 }) currency: string;
  /** Calendar dates (YYYY-MM-DD), London. */
  @Column('date', { name: 'starts_on' }) startsOn: string;
  @Column('date', { name: 'ends_on' }) endsOn: string;
  @Column('jsonb', { name: 'extension_options' }) extensionOptions: ExtensionOptionTerms[];
  @Column('text') tag: ContractTag;
  @Column('text', { name: 'payment_mechanism' }) paymentMechanism: PaymentMechanism;
  @Column('numeric', { name: 'minimum_fixed_fee', precision: 18, scale: 2, nullable: true }) minimumFixedFee: string | null;
  @Column('text') status: ContractStatus;
  @Column('text', { name: 'kpi_exemption_reason', nullable: true }) kpiExemptionReason: string | null;
  @Column('uuid', { name: 'risk_accepted_by', nullable: true }) riskAcceptedBy: string | null;
  @Column('timestamptz', { name: 'risk_accepted_at', nullable: true }) riskAcceptedAt: Date | null;
  @Column('text', { name: 'risk_note', nullable: true }) riskNote: string | null;
  @Column('uuid', { name: 'activated_by', nullable: true }) activatedBy: string | null;
  @Column('timestamptz', { name: 'activated_at', nullable: true }) activatedAt: Date | null;
  @Column('date', { name: 'terminated_on', nullable: true }) terminatedOn: string | null;
  @Column('text', { name: 'termination_reason', nullable: true }) terminationReason: string | null;
  @Column('timestamptz', { name: 'awarded_at' }) awardedAt: Date;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
  @VersionColumn() version: number;
}
