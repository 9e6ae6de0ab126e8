import { SpanKind } from '@opentelemetry/api';
import { ATTR_DB_OPERATION_NAME, ATTR_DB_QUERY_TEXT, ATTR_DB_SYSTEM_NAME } from '../tracing/attributes.js';
import type { Writable } from 'node:stream';
import { Logger } from '@nestjs/common';
import { Mutex } from 'async-mutex';
import { type DataSource, type EntityManager, type QueryRunner, QueryRunnerAlreadyReleasedError } from 'typeorm';
import type { Tracing } from '../tracing/tracing.js';
import { contextSettings, type DbContext } from './db-context.js';
import { heldStalePlan, namedStatements } from './prepared-statements.js';
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
  /** Send the statements marked preparable (prepared-statements.ts) as named prepared statements: PostgreSQL only. */
  prepare?: boolean;
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
    const { prepare } = this.options;
    if (!tracing?.enabled) return inTransaction(this.dataSource, this.options.serialise, begin, bound, work, { readOnly: opts.readOnly, prepare });
    const attributes = {
      [ATTR_DB_SYSTEM_NAME]: 'postgresql',
      'commonweal.read_only': opts.readOnly === true,
      ...(ctx.tenantId ? { 'commonweal.tenant_id': ctx.tenantId } : {}),
      ...(ctx.providerId ? { 'commonweal.provider_id': ctx.providerId } : {}),
    };
    // The span includes the wait for a connection (or, embedded, for the one session), which is often the story.
    return tracing.span('transaction', { kind: SpanKind.CLIENT, attributes }, () =>
      inTransaction(this.dataSource, this.options.serialise, begin, bound, work, { tracing, readOnly: opts.readOnly, prepare }),
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

const log = new Logger('TransactionRunner');

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
  { tracing, readOnly = false, prepare = false }: { tracing?: Tracing; readOnly?: boolean; prepare?: boolean } = {},
): Promise<T> {
  let stalePlan = false;
  const exec = async () => {
    const qr = dataSource.createQueryRunner();
    if (prepare) namedStatements(qr);
    if (tracing) traceStatements(qr, tracing);
    oneAtATime(qr);
    await qr.connect();
    // Open from here on (and marked so for TypeORM): if the batch fails part-way, BEGIN has run and must be rolled back.
    let open = true;
    markTransaction(qr, true);
    try {
      const pipeline = readOnly ? pipelineClient(qr) : undefined;
      const opened = pipeline ? pipelinedOpening(pipeline, begin, bound, tracing) : undefined;
      if (!opened) {
        await qr.query(begin);
        if (bound.length) await qr.query(...boundSettings(bound));
      }
      let result: T;
      try {
        result = await work(qr.manager);
      } catch (err) {
        // A statement sent behind a failed opening fails only because of it: the opening's error is the story.
        await opened;
        throw err;
      }
      // Nothing the work read leaves here unless the opening (role and context) took effect.
      await opened;
      open = false;
      if (pipeline) commitBehind(qr, pipeline, tracing);
      else await qr.commitTransaction();
      return result;
    } catch (err) {
      // Only a failed connection releases the runner before the finally below does (TypeORM's error handler).
      if (err instanceof QueryRunnerAlreadyReleasedError) throw new DatabaseConnectionLost(err);
      if (open) await qr.rollbackTransaction().catch(() => undefined);
      throw err;
    } finally {
      stalePlan = heldStalePlan(qr);
      await (stalePlan ? discard(qr) : qr.release());
    }
  };
  const attempt = () => (serialise ? lockOf(dataSource).runExclusive(exec) : exec());
  if (!prepare) return attempt();
  try {
    return await attempt();
  } catch (err) {
    // A prepared statement outlived a migration (prepared-statements.ts): its connection is closed by now. A read
    // runs again, once, on another; a write's error stands, as its work may have done more than read.
    if (!stalePlan || !readOnly) throw err;
    log.warn('A prepared statement predates a schema change: its connection was closed and the read run again');
    return attempt();
  }
}

/** Releases the query runner's connection with an error, so the pool closes it instead of handing it out again. */
function discard(qr: QueryRunner): Promise<void> {
  const pg = qr as unknown as { releasePostgresConnection?: (err: Error) => Promise<void> };
  return pg.releasePostgresConnection ? pg.releasePostgresConnection(new Error('prepared statement predates a schema change')) : qr.release();
}

/** Settings whose values are not checked against a pattern (a person typed them): bound as parameters. */
const boundSettings = (bound: [string, string][]): [string, string[]] => [
  `SELECT ${bound.map(([k], i) => `set_config('${k}', $${i + 1}, true)`).join(', ')}`,
  bound.map(([, v]) => v),
];

/** node-postgres's client, as far as the pipelined opening uses it. */
interface PipelineClient {
  pipeline: true;
  query(sql: string, params?: unknown[]): Promise<unknown>;
  connection: { stream: Writable };
}

/** The pg client under the runner when it pipelines (PostgreSQL's, see data-source.factory.ts); not PGlite's. */
function pipelineClient(qr: QueryRunner): PipelineClient | undefined {
  const client = (qr as unknown as { databaseConnection?: Partial<PipelineClient> }).databaseConnection;
  return client?.pipeline === true && client.connection?.stream ? (client as PipelineClient) : undefined;
}

/**
 * A read-only transaction's opening (the BEGIN batch, and any bound settings) sent without waiting for its answer,
 * in one write with the work's first statement. Resolves once PostgreSQL has answered the opening.
 *
 * The opening is handed to the connection here, synchronously, before the work can send anything, so it is first on
 * the wire by construction. The socket is corked until the next turn of the event loop, by which time the work's
 * first statement has been written behind it: both go to PostgreSQL in one write and come back in one read. That
 * saves a round trip on every read (a socket write, and a wake-up of the server and of this process: the largest
 * single cost of a read in issue 19's profile).
 *
 * Its COMMIT is sent the same way, without waiting (commitBehind).
 *
 * It stays fail-closed. The batch's text is fixed and its values match strict patterns, so it cannot fail to parse;
 * if a statement in it fails (a missing role, say), BEGIN has already run, the transaction is aborted and PostgreSQL
 * refuses every statement behind it. And the caller awaits this before anything the work read is returned, and
 * throws its error instead. Only read-only transactions are sent this way: nothing in them could be written even if
 * BEGIN had never run.
 */
function pipelinedOpening(client: PipelineClient, begin: string, bound: [string, string][], tracing?: Tracing): Promise<unknown> {
  const send = (sql: string, params?: unknown[]) => sendDirect(client, tracing, sql, params);
  corkUntilNextTurn(client.connection.stream);
  const sent = bound.length ? Promise.all([send(begin), send(...boundSettings(bound))]) : send(begin);
  // Handled here, read by the caller: a failure is reported once the work has stopped, not as an unhandled rejection.
  sent.catch(() => undefined);
  return sent;
}

/** A statement written straight to the pipelining client, outside TypeORM and the runner's queue; a span when tracing. */
const sendDirect = (client: PipelineClient, tracing: Tracing | undefined, sql: string, params?: unknown[]): Promise<unknown> =>
  tracing ? statementSpan(tracing, sql, () => client.query(sql, params)) : client.query(sql, params);

/**
 * A read's COMMIT, written to the connection without waiting for its answer; the connection then goes back to the pool
 * with it on the wire, and whichever transaction takes the connection next is written behind it. PostgreSQL answers
 * a connection's statements in the order they came, so that transaction's BEGIN runs after this COMMIT, on a session
 * whose role and settings the COMMIT has already reset.
 *
 * Waiting bought nothing a read needs: everything it returns was read before the COMMIT was sent, a READ ONLY
 * transaction holds nothing a COMMIT could fail to make durable, and a COMMIT that fails still ends the transaction.
 * It cost a round trip for which the connection sat idle while the pool's queue waited: in issue 19's A/B of the builds
 * (fresh servers, nine interleaved rounds) the tenant list went from 2,234 to 2,795 a second without it, and from
 * 0.50 to 0.37 ms of the API's CPU each. A failure is logged, not lost.
 */
function commitBehind(qr: QueryRunner, client: PipelineClient, tracing?: Tracing): void {
  // Held until the next turn of the event loop: under load the pool hands the connection straight to a transaction
  // that was waiting for one, whose opening then goes out in the same write as this COMMIT.
  corkUntilNextTurn(client.connection.stream);
  sendDirect(client, tracing, 'COMMIT').catch((err: unknown) => log.warn(`A read's COMMIT failed: ${String(err)}`));
  markTransaction(qr, false);
}

/** Whatever is written to the socket from now until the next turn of the event loop goes to PostgreSQL in one write. */
function corkUntilNextTurn(stream: Writable): void {
  stream.cork();
  setImmediate(() => stream.uncork());
}

/**
 * We send BEGIN ourselves (folded into the settings batch); tell TypeORM a
 * transaction is open so that a nested save() uses a savepoint instead of
 * issuing its own BEGIN/COMMIT and ending ours early. And that it has ended,
 * when we sent the COMMIT ourselves (commitBehind).
 */
function markTransaction(qr: QueryRunner, open: boolean): void {
  const r = qr as unknown as { isTransactionActive: boolean; transactionDepth: number };
  r.isTransactionActive = open;
  r.transactionDepth = open ? 1 : 0;
}

/**
 * A transaction is one connection, and a connection runs one statement at a time: statements a service sends
 * together (a Promise.all of reads on one transaction) go to the server in turn, in the order they were sent, each
 * after the one before has answered (or failed), so a failure is reported by the statement that failed rather than by
 * the ones PostgreSQL refused behind it. On PostgreSQL the connection pipelines (it would write them all at once) and
 * embedded PGlite is one session; pg's own queue for a connection that does not pipeline is deprecated ("Calling
 * client.query() when the client is already executing a query", refused in pg 9). So the queue is ours. Only a read's
 * opening goes ahead of it (pipelinedOpening). Outside the tracing wrapper, so a statement's span times the statement,
 * not its wait.
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
  const query = qr.query.bind(qr) as (...a: unknown[]) => Promise<unknown>;
  qr.query = ((sql: string, ...rest: unknown[]) => statementSpan(tracing, sql, () => query(sql, ...rest))) as QueryRunner['query'];
}

function statementSpan<T>(tracing: Tracing, sql: string, run: () => Promise<T>): Promise<T> {
  const operation = /^\s*([A-Za-z]+)/.exec(sql)?.[1]?.toUpperCase() ?? 'QUERY';
  const attributes = { [ATTR_DB_SYSTEM_NAME]: 'postgresql', [ATTR_DB_OPERATION_NAME]: operation, [ATTR_DB_QUERY_TEXT]: sql.slice(0, 4000) };
  return tracing.span(operation, { kind: SpanKind.CLIENT, attributes }, run);
}
