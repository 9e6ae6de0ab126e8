import { type CanActivate, type ExecutionContext, HttpStatus, Inject, Injectable, Optional, type Type } from '@nestjs/common';
import type { Request } from 'express';
import type { Redis } from 'ioredis';
import { type IRateLimiterOptions, RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { ProblemException } from '../errors/problem.js';
import { REDIS_CLIENT } from '../health/redis.provider.js';

/**
 * A count shared by every API instance through Redis when it is configured, in memory otherwise (and in memory
 * while Redis is unreachable, so a Redis outage never turns a limit off nor refuses everyone).
 */
export function sharedLimiter(redis: Redis | null | undefined, opts: IRateLimiterOptions & { keyPrefix: string }): RateLimiterAbstract {
  return redis ? new RateLimiterRedis({ ...opts, storeClient: redis, insuranceLimiter: new RateLimiterMemory(opts) }) : new RateLimiterMemory(opts);
}

/** One count of a throttle: so many requests a window for each key (the client's address, an e-mail, both). */
export interface ThrottleLimit {
  /** Names the count in Redis. */
  readonly by: string;
  /** The key to count the request by; a request with an empty key is not counted by this limit. */
  readonly key: (req: Request) => string;
  readonly points: (config: AppConfig) => number;
}

export interface ThrottleRule {
  /** Names the throttle in Redis; one guard class per name. */
  readonly name: string;
  /** The problem's title when a count is spent, in words: "Too many sign-in attempts". */
  readonly title: string;
  /** The window, in seconds. */
  readonly seconds: number;
  readonly limits: readonly ThrottleLimit[];
}

/** The e-mail address a form or body names, as one key (trimmed, lower case), or '' when there is none. */
export const bodyEmail = (req: Request): string => {
  const email = (req.body as { email?: unknown } | undefined)?.email;
  return typeof email === 'string' ? email.trim().toLowerCase().slice(0, 254) : '';
};

const guards = new Map<string, Type<CanActivate>>();

/**
 * A guard that refuses a request with 429 and Retry-After once any of the rule's counts is spent: for what
 * anyone can do that costs someone else something (a sign-in guess, an e-mail sent to an address typed into a
 * public form). `@UseGuards(throttleGuard(rule))`; the same rule gives the same class, so API and page share
 * their counts.
 */
export function throttleGuard(rule: ThrottleRule): Type<CanActivate> {
  const known = guards.get(rule.name);
  if (known) return known;

  @Injectable()
  class ThrottleGuard implements CanActivate {
    private readonly counts: { limiter: RateLimiterAbstract; key: (req: Request) => string }[];

    constructor(@Inject(APP_CONFIG) config: AppConfig, @Optional() @Inject(REDIS_CLIENT) redis?: Redis | null) {
      this.counts = rule.limits.map((l) => ({
        limiter: sharedLimiter(redis, { points: l.points(config), duration: rule.seconds, keyPrefix: `commonweal:${rule.name}:${l.by}` }),
        key: l.key,
      }));
    }

    async canActivate(context: ExecutionContext): Promise<boolean> {
      const req = context.switchToHttp().getRequest<Request>();
      for (const count of this.counts) {
        const key = count.key(req);
        // Nothing to count by (a form sent without its e-mail address, which validation refuses): no e-mail goes out.
        if (!key) continue;
        try {
          await count.limiter.consume(key);
        } catch (res) {
          if (!(res instanceof RateLimiterRes)) throw res;
          const seconds = Math.max(1, Math.ceil(res.msBeforeNext / 1000));
          throw new ProblemException(HttpStatus.TOO_MANY_REQUESTS, 'too-many-requests', rule.title, `Wait ${waitFor(seconds)} before trying again`, {
            retryAfterSeconds: seconds,
          });
        }
      }
      return true;
    }
  }
  Object.defineProperty(ThrottleGuard, 'name', { value: `ThrottleGuard(${rule.name})` });
  guards.set(rule.name, ThrottleGuard);
  return ThrottleGuard;
}

/** "45 seconds", "12 minutes": what a person reads, never 2,700 seconds. */
const waitFor = (seconds: number) => (seconds < 120 ? `${seconds} seconds` : `${Math.ceil(seconds / 60)} minutes`);
