import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ClsService } from 'nestjs-cls';
import { from, lastValueFrom, type Observable } from 'rxjs';
import { TransactionRunner } from '../database/transaction-runner.js';
import type { Principal } from './principal.js';
import { dbContextFor } from './request-context.js';

const OWN_TRANSACTIONS = 'commonweal:own-transactions';
/** The handler opens its own transactions (login, health): no request-wide one. */
export const OwnTransactions = () => SetMetadata(OWN_TRANSACTIONS, true);

const PUBLISHED_RECORDS = 'commonweal:published-records';
/**
 * The handler serves what authorities have published (tenders open to every
 * provider): its transaction may read published rows of every authority, and
 * nothing unpublished. Only public routes carry it, so an authority's own
 * routes still show another authority's tender as missing.
 */
export const PublishedRecords = () => SetMetadata(PUBLISHED_RECORDS, true);

/**
 * One transaction per request, opened with the context of the authenticated
 * principal (set by the auth guard, which runs before interceptors) and
 * committed before the response is written. GET and HEAD run READ ONLY.
 */
@Injectable()
export class TransactionInterceptor implements NestInterceptor {
  constructor(
    private readonly runner: TransactionRunner,
    private readonly cls: ClsService,
    private readonly reflector: Reflector,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const own = this.reflector.getAllAndOverride<boolean>(OWN_TRANSACTIONS, [context.getHandler(), context.getClass()]);
    if (own) return next.handle();
    const method = context.switchToHttp().getRequest<{ method: string }>().method;
    const readOnly = method === 'GET' || method === 'HEAD';
    const published = this.reflector.getAllAndOverride<boolean>(PUBLISHED_RECORDS, [context.getHandler(), context.getClass()]);
    const principalCtx = dbContextFor(this.cls.get('principal') as Principal | undefined);
    // A public route answers every caller alike: staff get no view of their own unpublished rows there.
    const ctx = published ? { ...principalCtx, tenantId: undefined, publishedRecords: true } : principalCtx;
    return from(
      this.runner.run(
        ctx,
        async (em) => {
          this.cls.set('em', em);
          try {
            return await lastValueFrom(next.handle(), { defaultValue: undefined });
          } finally {
            this.cls.set('em', undefined);
          }
        },
        { readOnly },
      ),
    );
  }
}
