import { Column, Entity, PrimaryColumn } from 'typeorm';
import { auditContentHash } from '#kernel';
import { newId } from '../database/ids.js';

/**
 * One state change, append-only (the database refuses UPDATE and DELETE), and a link in its authority's
 * hash chain: the writer gives its content hash, the database's trigger its seq, previous hash and hash.
 */
@Entity('audit_events')
export class AuditEvent {
  @PrimaryColumn('uuid') id: string;
  @Column('uuid', { name: 'tenant_id' }) tenantId: string;
  @Column('timestamptz', { name: 'occurred_at' }) occurredAt: Date;
  @Column('uuid', { name: 'actor_user_id', nullable: true }) actorUserId: string | null;
  @Column('uuid', { name: 'actor_api_key_id', nullable: true }) actorApiKeyId: string | null;
  @Column('text') action: string;
  @Column('text', { name: 'entity_type' }) entityType: string;
  @Column('uuid', { name: 'entity_id', nullable: true }) entityId: string | null;
  @Column('text', { name: 'request_id', nullable: true }) requestId: string | null;
  @Column('jsonb') data: object;
  @Column('text', { name: 'content_hash' }) contentHash: string;
  // Set by the chain's trigger, never by the application.
  @Column({ type: 'bigint', insert: false, update: false }) seq: string;
  @Column({ type: 'text', name: 'prev_hash', insert: false, update: false }) prevHash: string;
  @Column({ type: 'text', insert: false, update: false }) hash: string;
}

export interface AuditEventInput {
  tenantId: string;
  action: string;
  entityType: string;
  entityId?: string | null;
  data?: object;
  actorUserId?: string | null;
  actorApiKeyId?: string | null;
  requestId?: string | null;
  /** When it happened: now, unless the event records something earlier (the demo's history). */
  occurredAt?: Date;
  id?: string;
}

/**
 * The one way to make an audit event's row: every writer (AuditLog.record, sign-in, creating an authority,
 * the demo) goes through here, so each row carries the content hash the chain links, computed over
 * exactly what is stored (the time to the millisecond).
 */
export function auditEventRow(input: AuditEventInput): Omit<AuditEvent, 'seq' | 'prevHash' | 'hash'> {
  const row = {
    id: input.id ?? newId(),
    tenantId: input.tenantId,
    occurredAt: new Date((input.occurredAt ?? new Date()).getTime()),
    actorUserId: input.actorUserId ?? null,
    actorApiKeyId: input.actorApiKeyId ?? null,
    action: input.action,
    entityType: input.entityType,
    entityId: input.entityId ?? null,
    requestId: input.requestId ?? null,
    data: JSON.parse(JSON.stringify(input.data ?? {})) as object,
  };
  return { ...row, contentHash: auditContentHash(row) };
}
