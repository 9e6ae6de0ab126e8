import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/**
 * A provider following a published tender: it gets the deadline reminders,
 * and the tender's authority becomes one the provider bids to.
 */
@Entity('tender_interests')
export class TenderInterest {
  @PrimaryColumn('uuid') id: string;
  @Column('uuid', { name: 'tenant_id' }) tenantId: string;
  @Column('uuid', { name: 'tender_id' }) tenderId: string;
  @Column('uuid', { name: 'provider_id' }) providerId: string;
  @Column('uuid', { name: 'registered_by', nullable: true }) registeredBy: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}
