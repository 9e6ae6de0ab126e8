import { Mutex } from 'async-mutex';
import type { DataSource, EntityManager, QueryRunner } from 'typeorm';
import { contextSettings, type DbContext } from './db-context.js';

export interface TransactionOptions {
  /** Sent as BEGIN READ ONLY: cheaper for PostgreSQL, and a write by mistake fails loudly. */
  readOnly?: boolean;
}

export interface TransactionRunnerOptions {
  /** Role that tenant work runs as (owns no table, NOBYPASSRLS). */
  appRole: string;
  /** PGlite is one session: transactions must queue, never interleave. */
  serialise: boolean;
  /** Bench only: skip the role switch to measure what RLS costs. */
  withoutRls?: boolean;
}

/**
 * Every database transaction of the application goes through here.
 *
 * A tenant transaction is opened by one batch, sent as a single round trip:
 *   BEGIN; SET LOCAL ROLE <app role>; SELECT set_config('app.tenant_id', '<uuid>', true), ...
 * Only values checked against strict patterns (UUIDs, hex digests, flags) are
 * inlined; anything a user typed goes in a second, parameterised statement.
 * The settings are transaction-local, so a pooled connection never carries one
 * request's tenant into the next.
 */
export class TransactionRunner {
  private readonly mutex = new Mutex();

  constructor(
    private readonly dataSource: DataSource,
    private readonly options: TransactionRunnerOptions,
  ) {
    if (!/^[a-z_][a-z0-9_]{0,62}$/.test(options.appRole)) throw new Error('invalid app role name');
  }

  /** Runs `work` in one transaction as the app role, seeing only what `ctx` allows. */
  run<T>(ctx: DbContext, work: (em: EntityManager) => Promise<T>, opts: TransactionOptions = {}): Promise<T> {
    const { inline, bound } = contextSettings(ctx);
    const statements = [opts.readOnly ? 'BEGIN READ ONLY' : 'BEGIN'];
    if (!this.options.withoutRls) statements.push(`SET LOCAL ROLE ${this.options.appRole}`);
    if (inline.length) {
      statements.push(`SELECT ${inline.map(([k, v]) => `set_config('${k}', '${v}', true)`).join(', ')}`);
    }
    return this.transaction(statements.join('; '), bound, work);
  }

  /**
   * Runs `work` as the connection's own role, without tenant context. Only for
   * administration (migrations, seeding, create-authority): never for a request.
   */
  runAsOwner<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    return this.transaction('BEGIN', [], work);
  }

  private async transaction<T>(begin: string, bound: [string, string][], work: (em: EntityManager) => Promise<T>): Promise<T> {
    const exec = async () => {
      const qr = this.dataSource.createQueryRunner();
      await qr.connect();
      let open = false;
      try {
        await qr.query(begin);
        open = true;
        markOpen(qr);
        if (bound.length) {
          await qr.query(
            `SELECT ${bound.map(([k], i) => `set_config('${k}', $${i + 1}, true)`).join(', ')}`,
            bound.map(([, v]) => v),
          );
        }
        const result = await work(qr.manager);
        open = false;
        await qr.commitTransaction();
        return result;
      } catch (err) {
        if (open) await qr.rollbackTransaction().catch(() => undefined);
        throw err;
      } finally {
        await qr.release();
      }
    };
    return this.options.serialise ? this.mutex.runExclusive(exec) : exec();
  }
}

/**
 * We send BEGIN ourselves (folded into the settings batch); tell TypeORM a
 * transaction is open so that a nested save() uses a savepoint instead of
 * issuing its own BEGIN/COMMIT and ending ours early.
 */
function markOpen(qr: QueryRunner): void {
  const r = qr as unknown as { isTransactionActive: boolean; transactionDepth: number };
  r.isTransactionActive = true;
  r.transactionDepth = 1;
}
