import { Column, Entity, PrimaryColumn } from 'typeorm';

/** An e-mail that was sent: one per outbox message, which is what makes a repeated job send once. */
@Entity('email_deliveries')
export class EmailDelivery {
  @PrimaryColumn('uuid') id: string;
  @Column('uuid', { name: 'tenant_id', nullable: true }) tenantId: string | null;
  @Column('uuid', { name: 'provider_id', nullable: true }) providerId: string | null;
  @Column('uuid', { name: 'outbox_id' }) outboxId: string;
  @Column('text') template: string;
  @Column('text', { name: 'to_address' }) toAddress: string;
  @Column('text') subject: string;
  @Column('text', { name: 'text_body' }) textBody: string;
  @Column('text', { name: 'html_body' }) htmlBody: string;
  @Column('text', { name: 'message_id' }) messageId: string;
  @Column('text') transport: 'smtp' | 'folder';
  @Column('text', { name: 'file_name', nullable: true }) fileName: string | null;
  @Column('timestamptz', { name: 'sent_at' }) sentAt: Date;
}
