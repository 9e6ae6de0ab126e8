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

  /**
   * The context of the request in hand, taken now, for work that outlives the request's own transaction: a
   * streamed download reads on after its handler has returned. A caller with no principal gets the context
   * of nobody (no authority, nothing unpublished), never a wider one.
   */
  callerContext(): DbContext {
    return dbContextFor(this.cls.isActive() ? (this.cls.get('principal') as Principal | undefined) : undefined);
  }

  /**
   * Rows read a batch at a time in key order, each batch a short read-only transaction of its own (never one
   * held open for as long as a slow client takes to read): `read` gets the key to start after and the batch
   * size, and the last row's key is where the next batch starts. Ends at the first short batch, or when the
   * consumer stops asking (a client gone).
   */
  async *batches<R>(
    ctx: DbContext,
    size: number,
    read: (em: EntityManager, after: string, size: number) => Promise<R[]>,
    keyOf: (row: R) => string,
    after = '0',
  ): AsyncGenerator<R[]> {
    for (;;) {
      const from = after;
      const rows = await this.run(ctx, (em) => read(em, from, size), { readOnly: true });
      if (rows.length) yield rows;
      if (rows.length < size) return;
      after = keyOf(rows[rows.length - 1]);
    }
  }

  /** The same, in the context a principal's requests get (the mapping is written once, in dbContextFor). */
  asPrincipal<T>(principal: Principal | undefined, work: (em: EntityManager) => Promise<T>, opts: TransactionOptions = {}): Promise<T> {
    return this.run(dbContextFor(principal), work, opts);
  }
}
