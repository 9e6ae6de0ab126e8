import { Column, Entity, PrimaryColumn, UpdateDateColumn, VersionColumn } from 'typeorm';
import type { ChangeGround, ChangeKind, ChangeStatus } from './change-rules.js';

/** A variation or an extension of a signed contract, with its cost impact once signed. */
@Entity('contract_changes')
export class ContractChange {
  @PrimaryColumn('uuid') id: string;
  @PrimaryColumn('uuid', { name: 'tenant_id' }) tenantId: string;
  @Column('uuid', { name: 'contract_id' }) contractId: string;
  @Column('uuid', { name: 'provider_id' }) providerId: string;
  @Column('int') sequence: number;
  @Column('text') kind: ChangeKind;
  @Column('text') classification: ChangeGround;
  @Column('text') rationale: string;
  /** Decimal string, pounds: negative for a reduction. */
  @Column('numeric', { name: 'value_change', precision: 18, scale: 2 }) valueChange: string;
  @Column('date', { name: 'new_ends_on', nullable: true }) newEndsOn: string | null;
  /** The extension option taken (its index in the contract's options). */
  @Column('int', { name: 'option_index', nullable: true }) optionIndex: number | null;
  @Column('boolean', { name: 'needs_approval' }) needsApproval: boolean;
  @Column('text') status: ChangeStatus;
  @Column('uuid', { name: 'proposed_by', nullable: true }) proposedBy: string | null;
  @Column('timestamptz', { name: 'proposed_at' }) proposedAt: Date;
  @Column('uuid', { name: 'approved_by', nullable: true }) approvedBy: string | null;
  @Column('timestamptz', { name: 'approved_at', nullable: true }) approvedAt: Date | null;
  @Column('text', { name: 'approval_note', nullable: true }) approvalNote: string | null;
  @Column('date', { name: 'signed_on', nullable: true }) signedOn: string | null;
  @Column('uuid', { name: 'signed_by', nullable: true }) signedBy: string | null;
  @Column('timestamptz', { name: 'signed_at', nullable: true }) signedAt: Date | null;
  @Column('numeric', { name: 'value_before', precision: 18, scale: 2, nullable: true }) valueBefore: string | null;
  @Column('numeric', { name: 'value_after', precision: 18, scale: 2, nullable: true }) valueAfter: string | null;
  @Column('date', { name: 'ends_on_before', nullable: true }) endsOnBefore: string | null;
  @Column('date', { name: 'ends_on_after', nullable: true }) endsOnAfter: string | null;
  @Column('uuid', { name: 'withdrawn_by', nullable: true }) withdrawnBy: string | null;
  @Column('timestamptz', { name: 'withdrawn_at', nullable: true }) withdrawnAt: Date | null;
  @Column('text', { name: 'withdrawal_reason', nullable: true }) withdrawalReason: string | null;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
  @VersionColumn() version: number;
}
