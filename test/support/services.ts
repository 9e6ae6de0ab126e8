import { describe } from '@jest/globals';

/**
 * Suites that need a real service run when it is configured and are reported
 * as skipped, with the reason, when it is not. Under CI=true a missing service
 * is a failure: CI must never go green by skipping what it exists to run.
 */
export function describeWith(variable: 'DATABASE_URL' | 'REDIS_URL', why: string): typeof describe | typeof describe.skip {
  if (process.env[variable]) return describe;
  if (process.env.CI === 'true') {
    throw new Error(`${variable} is not set, and CI=true: this suite (${why}) must run in CI`);
  }
  return ((name: string, fn: () => void) => describe.skip(`${name} [skipped: ${variable} not set; ${why}]`, fn)) as typeof describe;
}
