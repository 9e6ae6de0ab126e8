import { Injectable } from '@nestjs/common';
import { ClsService } from 'nestjs-cls';
import type { Principal } from '../tenancy/principal.js';
import { RequestDb } from '../tenancy/request-db.service.js';
import { AuditEvent, auditEventRow } from './audit-event.entity.js';

export interface AuditEntry {
  action: string;
  entityType: string;
  entityId?: string | null;
  data?: Record<string, unknown>;
  /** Defaults to the request's authority. */
  tenantId?: string;
}

/**
 * Writes audit events in the same transaction as the change they record, so a
 * change is never committed without its event (nor an event without its change).
 */
@Injectable()
export class AuditLog {
  constructor(
    private readonly db: RequestDb,
    private readonly cls: ClsService,
  ) {}

  async record(entry: AuditEntry): Promise<void> {
    const em = this.db.manager;
    const principal = this.cls.isActive() ? (this.cls.get('principal') as Principal | undefined) : undefined;
    const tenantId = entry.tenantId ?? this.db.tenantId;
    await em.insert(
      AuditEvent,
      auditEventRow({
        tenantId,
        actorUserId: principal?.userId ?? null,
        actorApiKeyId: principal?.apiKeyId ?? null,
        action: entry.action,
        entityType: entry.entityType,
        entityId: entry.entityId ?? null,
        requestId: this.cls.isActive() ? ((this.cls.getId() as string | undefined) ?? null) : null,
        data: entry.data ?? {},
      }),
    );
  }
}
