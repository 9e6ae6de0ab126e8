import type { ClsStore } from 'nestjs-cls';
import type { EntityManager } from 'typeorm';
import type { DbContext } from '../database/db-context.js';
import { type Principal, tenantOf } from './principal.js';

/** What travels with a request (or a job) in AsyncLocalStorage. */
export interface RequestStore extends ClsStore {
  requestId?: string;
  principal?: Principal;
  /** The open transaction of this request; absent outside one. */
  em?: EntityManager;
}

/** The database context a principal is entitled to. Nothing more is ever set. */
export function dbContextFor(principal: Principal | undefined): DbContext {
  if (!principal) return {};
  return {
    tenantId: tenantOf(principal),
    providerId: principal.providerId,
    userId: principal.userId,
    platformOperator: principal.roles.includes('platform_operator'),
  };
}
