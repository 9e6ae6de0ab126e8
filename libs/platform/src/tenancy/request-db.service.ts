import { Injectable } from '@nestjs/common';
import { ClsService } from 'nestjs-cls';
import type { EntityManager, EntityTarget, ObjectLiteral, Repository } from 'typeorm';
import { type Principal, tenantOf } from './principal.js';

export class NoTransactionError extends Error {
  constructor() {
    super('No request transaction is open: database work must run inside the request or job context');
    this.name = 'NoTransactionError';
  }
}

export class NoTenantError extends Error {
  constructor() {
    super('This operation needs an authority (tenant) context and none is set');
    this.name = 'NoTenantError';
  }
}

/**
 * The database as seen by the current request: the transaction the
 * TransactionInterceptor opened with this principal's context. Asking for it
 * outside a request, or for a tenant when there is none, throws: context fails
 * closed rather than falling back to a wider view.
 */
@Injectable()
export class RequestDb {
  constructor(private readonly cls: ClsService) {}

  get manager(): EntityManager {
    const em = this.cls.isActive() ? (this.cls.get('em') as EntityManager | undefined) : undefined;
    if (!em) throw new NoTransactionError();
    return em;
  }

  repository<T extends ObjectLiteral>(entity: EntityTarget<T>): Repository<T> {
    return this.manager.getRepository(entity);
  }

  /** The current authority. Rows written with it pass the RLS check; any other id is refused by the database. */
  get tenantId(): string {
    const id = this.cls.isActive() ? tenantOf(this.cls.get('principal') as Principal | undefined) : undefined;
    if (!id) throw new NoTenantError();
    return id;
  }
}
