import { Column, Entity, PrimaryColumn } from 'typeorm';

export const OUTBOX_STATUSES = ['pending', 'dispatched', 'done', 'failed'] as const;
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];

/**
 * A side effect that must happen because a change committed: written in the
 * change's own transaction, handed to the queue by the relay, marked done by
 * the job that carried it out. `failed` rows are kept for the authority admin.
 */
@Entity('outbox_messages')
export class OutboxMessage {
  @PrimaryColumn('uuid') id: string;
  /** The authority the message belongs to, or null for a provider's own message. */
  @Column('uuid', { name: 'tenant_id', nullable: true }) tenantId: string | null;
  /** The provider organisation a message belongs to when no authority does (an invitation to its team). */
  @Column('uuid', { name: 'provider_id', nullable: true }) providerId: string | null;
  @Column('text') topic: string;
  @Column('jsonb') payload: Record<string, unknown>;
  @Column('text') status: OutboxStatus;
  @Column('int') generation: number;
  @Column('int') attempts: number;
  @Column('text', { name: 'last_error', nullable: true }) lastError: string | null;
  /** The trace of the request or job that wrote it (W3C traceparent), when tracing is on: its job joins that trace. */
  @Column('text', { name: 'trace_parent', nullable: true }) traceParent: string | null;
  @Column('timestamptz', { name: 'created_at' }) createdAt: Date;
  @Column('timestamptz', { name: 'dispatched_at', nullable: true }) dispatchedAt: Date | null;
  @Column('timestamptz', { name: 'completed_at', nullable: true }) completedAt: Date | null;
  @Column('timestamptz', { name: 'failed_at', nullable: true }) failedAt: Date | null;
}
