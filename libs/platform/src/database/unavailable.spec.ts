import { describe, expect, it } from '@jest/globals';
import { DatabaseConnectionLost, isDatabaseUnavailable } from './unavailable.js';

describe('isDatabaseUnavailable', () => {
  const failed = (code: string, message = 'x') => Object.assign(new Error('query failed'), { driverError: Object.assign(new Error(message), { code }) });

  it('knows a server shutting down, starting up, full, or a connection lost or refused', () => {
    for (const code of ['57P01', '57P02', '57P03', '53300', '08006', '08001', '08003']) expect(isDatabaseUnavailable(failed(code))).toBe(true);
    expect(isDatabaseUnavailable(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }))).toBe(true);
    expect(isDatabaseUnavailable(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isDatabaseUnavailable(new Error('timeout exceeded when trying to connect'))).toBe(true);
    expect(isDatabaseUnavailable(new Error('outer', { cause: Object.assign(new Error('inner'), { code: 'ECONNRESET' }) }))).toBe(true);
    expect(isDatabaseUnavailable(new DatabaseConnectionLost(new Error('Query runner already released')))).toBe(true);
  });

  it('leaves what the request or the code got wrong to be answered as it is', () => {
    for (const code of ['23505', '23503', '22P02', '42501', '40001', '42P01']) expect(isDatabaseUnavailable(failed(code))).toBe(false);
    expect(isDatabaseUnavailable(new Error('Cannot read properties of undefined'))).toBe(false);
    expect(isDatabaseUnavailable(undefined)).toBe(false);
    expect(isDatabaseUnavailable('Connection terminated')).toBe(false);
  });
});
