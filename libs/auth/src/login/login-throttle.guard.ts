import { type CanActivate, type ExecutionContext, HttpStatus, Inject, Injectable, Optional } from '@nestjs/common';
import type { Request } from 'express';
import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { APP_CONFIG, type AppConfig, ProblemException, REDIS_CLIENT } from '#platform';

/**
 * Sign-in attempts are limited per client address and e-mail, so one person's
 * typos (or one attacker's guesses at one account) do not lock out everyone
 * behind the same NAT; the account lock-out in AuthService backs this up
 * against guesses spread over many addresses. With Redis configured the count
 * is shared by every API instance (memory is the fallback if Redis is down).
 */
@Injectable()
export class LoginThrottleGuard implements CanActivate {
  private readonly limiter: RateLimiterAbstract;

  constructor(@Inject(APP_CONFIG) config: AppConfig, @Optional() @Inject(REDIS_CLIENT) redis?: Redis | null) {
    const opts = { points: config.LOGIN_RATE_LIMIT, duration: 60, keyPrefix: 'commonweal:login' };
    this.limiter = redis ? new RateLimiterRedis({ ...opts, storeClient: redis, insuranceLimiter: new RateLimiterMemory(opts) }) : new RateLimiterMemory(opts);
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<Request>();
    const body = req.body as { email?: unknown } | undefined;
    const email = typeof body?.email === 'string' ? body.email.trim().toLowerCase().slice(0, 254) : '';
    try {
      await this.limiter.consume(`${req.ip}|${email}`);
      return true;
    } catch (res) {
      if (!(res instanceof RateLimiterRes)) throw res;
      const seconds = Math.max(1, Math.ceil(res.msBeforeNext / 1000));
      throw new ProblemException(
        HttpStatus.TOO_MANY_REQUESTS,
        'too-many-requests',
        'Too many sign-in attempts',
        `Wait ${seconds} seconds before trying again`,
        { retryAfterSeconds: seconds },
      );
    }
  }
}
