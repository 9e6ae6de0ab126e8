/**
 * Whether an error says the database could not be reached or went away, rather than that the request was
 * wrong: the server restarting or shutting down (57P01-57P03), a connection lost or never made (class 08), too
 * many connections (53300), and the driver's own words for a connection that died or could not be made in
 * time. The transaction it was in is gone with the connection, whole (PostgreSQL commits all or nothing), so
 * the client may send the request again: the answer is 503 with Retry-After, never a 500.
 */
export function isDatabaseUnavailable(err: unknown): boolean {
  for (let e = err as ErrorLike | undefined, depth = 0; e && depth < 4; e = e.driverError ?? e.cause, depth++) {
    const code = typeof e.code === 'string' ? e.code : '';
    if (SQL_STATES.has(code) || code.startsWith('08') || NETWORK_CODES.has(code)) return true;
    if (typeof e.message === 'string' && DRIVER_WORDS.test(e.message)) return true;
  }
  return false;
}

interface ErrorLike {
  code?: unknown;
  message?: unknown;
  driverError?: ErrorLike;
  cause?: ErrorLike;
}

const SQL_STATES = new Set(['57P01', '57P02', '57P03', '53300']);
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);
/** node-postgres's messages for a connection that ended, timed out, or was used after it broke. */
const DRIVER_WORDS = /^(Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Client was closed)/;

/**
 * The connection went away in the middle of a transaction. TypeORM releases a query runner whose connection
 * failed, so the transaction's next query fails with "already released", which hides the cause: this names
 * it (connection_failure), and the transaction is gone with the connection, whole.
 */
export class DatabaseConnectionLost extends Error {
  readonly code = '08006';
  constructor(cause: unknown) {
    super('The connection to the database was lost during the transaction', { cause });
    this.name = 'DatabaseConnectionLost';
  }
}
