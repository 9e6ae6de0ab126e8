import { Injectable } from '@nestjs/common';
import { ClsService } from 'nestjs-cls';
import type { EntityManager } from 'typeorm';
import type { DbContext } from '../database/db-context.js';
import { type TransactionOptions, TransactionRunner } from '../database/transaction-runner.js';
import type { Principal } from './principal.js';
import { dbContextFor } from './request-context.js';

/**
 * The one way into a tenant's (or a provider's) context outside a request's own transaction: a job, a
 * page's form, a sign-in. It opens the transaction for the context and carries its EntityManager in the
 * context for the work's duration, so the services read it through RequestDb exactly as in a request
 * (no EntityManager handed down as a parameter). Each entry has its own context: two side by side (a job
 * per authority) never see each other's EntityManager, and nothing is left behind when the work ends.
 * Never nest one inside another's work: the embedded database is one session, and the inner would wait
 * for the outer for ever.
 */
@Injectable()
export class ContextRunner {
  constructor(
    private readonly runner: TransactionRunner,
    private readonly cls: ClsService,
  ) {}

  run<T>(ctx: DbContext, work: (em: EntityManager) => Promise<T>, opts: TransactionOptions = {}): Promise<T> {
    return this.cls.run({ ifNested: 'inherit' }, () =>
      this.runner.run(
        ctx,
        async (em) => {
          this.cls.set('em', em);
          return work(em);
        },
        opts,
      ),
    );
  }

  /** The same, in the context a principal's requests get (the mapping is written once, in dbContextFor). */
  asPrincipal<T>(principal: Principal | undefined, work: (em: EntityManager) => Promise<T>, opts: TransactionOptions = {}): Promise<T> {
    return this.run(dbContextFor(principal), work, opts);
  }
}
