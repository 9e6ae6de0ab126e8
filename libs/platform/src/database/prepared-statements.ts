import { Logger } from '@nestjs/common';
import { sha256 } from '#kernel';
import type { QueryRunner } from 'typeorm';
import { sqlState } from './sql-state.js';

/**
 * Named prepared statements for the busiest reads (issue 19).
 *
 * Under row-level security PostgreSQL plans every statement with the policies of its table folded in: an
 * authority's tender list carries three policies (its own rows, the tenders a provider follows, published
 * ones), and planning it took 0.18 ms against 0.03 ms to run it: most of what PostgreSQL spent on the
 * request. A statement prepared by name on the connection is planned once: after five runs PostgreSQL keeps
 * a generic plan when it costs no more than the custom ones (plan_cache_mode auto), and reuses it.
 *
 * That stays fail-closed. The policies are in the plan; the settings they read (`app.tenant_id`, …) are
 * evaluated when it runs, in the transaction that set them; and PostgreSQL plans again when the plan was made
 * for another role. A statement is prepared inside the read's transaction, behind its opening, so a failed
 * opening refuses it like any other (25P02).
 *
 * Only texts a caller hands to `preparable` are sent by name: texts built from code (entityRows), never from
 * values, so each connection keeps a bounded set. The set is capped besides: past MAX_STATEMENTS texts, a new
 * one runs unnamed, as every other statement does, and a warning says so once. Off with
 * DATABASE_PREPARED_STATEMENTS=false (a PgBouncer before 1.21, or without max_prepared_statements, cannot
 * keep a statement on the server connection a later transaction gets), and on the embedded database.
 */
const MAX_STATEMENTS = 64;
const names = new Map<string, string>();
let warned = false;

/** Marks a statement's text as one to prepare by name, and returns it. The text must not carry values. */
export function preparable(text: string): string {
  if (!names.has(text)) {
    if (names.size >= MAX_STATEMENTS) {
      if (!warned) new Logger('PreparedStatements').warn(`More than ${MAX_STATEMENTS} statement texts marked preparable: later ones run unnamed`);
      warned = true;
      return text;
    }
    // Named by content: the same text has the same name on every connection, and two texts never share one.
    names.set(text, `cw_${sha256(text).slice(0, 24)}`);
  }
  return text;
}

/**
 * Sends this query runner's preparable statements by name. Innermost of the runner's wrappers, so the queue and
 * the statement's span see the text as written; node-postgres prepares it on the connection's first use and only
 * binds it afterwards.
 */
export function namedStatements(qr: QueryRunner): void {
  const query = qr.query.bind(qr) as (...a: unknown[]) => Promise<unknown>;
  qr.query = ((sql: unknown, ...rest: unknown[]) => {
    const name = typeof sql === 'string' ? names.get(sql) : undefined;
    // TypeORM hands the query to node-postgres as it is, which takes { name, text } with the values beside it.
    if (!name) return query(sql, ...rest);
    return query({ name, text: sql }, ...rest).catch((err: unknown) => {
      if (sqlState(err) === STALE_PLAN) stale.add(qr);
      throw err;
    });
  }) as QueryRunner['query'];
}

/**
 * A statement prepared before a migration changed the type of a column it returns is refused on that connection
 * from then on: "cached plan must not change result type" (feature_not_supported, checked on PostgreSQL 15). The
 * runner closes such a connection rather than return it to the pool, which drops every statement prepared on it
 * (DEALLOCATE of the one would leave others made before the same migration), and runs a read-only transaction
 * again, once, on a fresh connection: the reader never sees the migration.
 */
const STALE_PLAN = '0A000';
const stale = new WeakSet<QueryRunner>();

/** Whether a statement this query runner sent by name was refused because its plan predates a schema change. */
export const heldStalePlan = (qr: QueryRunner): boolean => stale.has(qr);
