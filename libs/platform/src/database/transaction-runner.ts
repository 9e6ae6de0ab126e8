import { SpanKind } from '@opentelemetry/api';
import { ATTR_DB_OPERATION_NAME, ATTR_DB_QUERY_TEXT, ATTR_DB_SYSTEM_NAME } from '@opentelemetry/semantic-conventions';
import { Mutex } from 'async-mutex';
import { type DataSource, type EntityManager, type QueryRunner, QueryRunnerAlreadyReleasedError } from 'typeorm';
import type { Tracing } from '../tracing/tracing.js';
import { contextSettings, type DbContext } from './db-context.js';
import { DatabaseConnectionLost } from './unavailable.js';

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
  /** When on, each transaction and statement is a span in the trace of the request or job it serves. */
  tracing?: Tracing;
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
    const begin = statements.join('; ');
    const tracing = this.options.tracing;
    if (!tracing?.enabled) return inTransaction(this.dataSource, this.options.serialise, begin, bound, work);
    const attributes = {
      [ATTR_DB_SYSTEM_NAME]: 'postgresql',
      'commonweal.read_only': opts.readOnly === true,
      ...(ctx.tenantId ? { 'commonweal.tenant_id': ctx.tenantId } : {}),
      ...(ctx.providerId ? { 'commonweal.provider_id': ctx.providerId } : {}),
    };
    // The span includes the wait for a connection (or, embedded, for the one session), which is often the story.
    return tracing.span('transaction', { kind: SpanKind.CLIENT, attributes }, () =>
      inTransaction(this.dataSource, this.options.serialise, begin, bound, work, tracing),
    );
  }
}

/**
 * Transactions as the connection's own role, without tenant context: for administration only (migrations'
 * follow-up, seeding the demo, `commonweal create-authority`, tests that check what is stored). Not a
 * provider of any module, so no service can ask for one: the apps' CLI and seed, and the tests, make
 * their own from the DataSource (whose import ESLint allows only to platform, the apps and the tests).
 */
export class OwnerTransactions {
  constructor(
    private readonly dataSource: DataSource,
    private readonly serialise: boolean,
  ) {}

  run<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    return inTransaction(this.dataSource, this.serialise, 'BEGIN', [], work);
  }
}

/** PGlite is one session: every transaction on it, tenant or owner, queues behind the same lock. */
const locks = new WeakMap<DataSource, Mutex>();
const lockOf = (ds: DataSource) => {
  if (!locks.has(ds)) locks.set(ds, new Mutex());
  return locks.get(ds)!;
};

async function inTransaction<T>(
  dataSource: DataSource,
  serialise: boolean,
  begin: string,
  bound: [string, string][],
  work: (em: EntityManager) => Promise<T>,
  tracing?: Tracing,
): Promise<T> {
  const exec = async () => {
    const qr = dataSource.createQueryRunner();
    if (tracing) traceStatements(qr, tracing);
    oneAtATime(qr);
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
      // Only a failed connection releases the runner before the finally below does (TypeORM's error handler).
      if (err instanceof QueryRunnerAlreadyReleasedError) throw new DatabaseConnectionLost(err);
      if (open) await qr.rollbackTransaction().catch(() => undefined);
      throw err;
    } finally {
      await qr.release();
    }
  };
  return serialise ? lockOf(dataSource).runExclusive(exec) : exec();
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

/**
 * A transaction is one connection, and a connection runs one statement at a time: statements a service sends
 * together (a Promise.all of reads on one transaction) go to the server in turn, in the order they were sent, each
 * after the one before has answered (or failed). pg queues them itself today but has deprecated doing so ("Calling
 * client.query() when the client is already executing a query", to be refused in pg 9), so the queue is ours. Outside
 * the tracing wrapper, so a statement's span times the statement, not its wait.
 */
function oneAtATime(qr: QueryRunner): void {
  const query = qr.query.bind(qr) as (...a: unknown[]) => Promise<unknown>;
  let previous: Promise<unknown> = Promise.resolve();
  qr.query = ((...args: unknown[]) => {
    const run = previous.then(() => query(...args));
    previous = run.catch(() => undefined);
    return run;
  }) as QueryRunner['query'];
}

/**
 * Each statement of the transaction a span of its own, with its text as sent: parameterised, so the values a
 * person typed stay out of the trace. Wraps this one query runner's `query`, through which TypeORM sends every
 * statement (its COMMIT too); nothing global is patched.
 */
function traceStatements(qr: QueryRunner, tracing: Tracing): void {
  const query = qr.query.bind(qr);
  qr.query = ((sql: string, ...rest: unknown[]) => {
    const operation = /^\s*([A-Za-z]+)/.exec(sql)?.[1]?.toUpperCase() ?? 'QUERY';
    const attributes = { [ATTR_DB_SYSTEM_NAME]: 'postgresql', [ATTR_DB_OPERATION_NAME]: operation, [ATTR_DB_QUERY_TEXT]: sql.slice(0, 4000) };
    return tracing.span(operation, { kind: SpanKind.CLIENT, attributes }, () => (query as (...a: unknown[]) => Promise<unknown>)(sql, ...rest));
  }) as QueryRunner['query'];
}
