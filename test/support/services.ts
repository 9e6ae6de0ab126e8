import { describe } from '@jest/globals';

/**
 * Suites that need a real service run when it is configured and are reported
 * as skipped, with the reason, when it is not. Under CI=true a missing service
 * is a failure: CI must never go green by skipping what it exists to run.
 */
export function describeWith(variable: 'DATABASE_URL' | 'REDIS_URL', why: string): typeof describe | typeof describe.skip {
  return describeWhen(Boolean(process.env[variable]), `${variable} not set`, why);
}

/** The same rule for any other prerequisite: a binary on the machine, several services at once. */
export function describeWhen(available: boolean, missing: string, why: string): typeof describe | typeof describe.skip {
  if (available) return describe;
  if (process.env.CI === 'true') {
    throw new Error(`${missing}, and CI=true: this suite (${why}) must run in CI`);
  }
  return ((name: string, fn: () => void) => describe.skip(`${name} [skipped: ${missing}; ${why}]`, fn)) as typeof describe;
}
