import { Inject, Injectable, Optional } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { APP_CONFIG, type AppConfig, REDIS_CLIENT, sharedLimiter } from '#platform';

/**
 * Failed sign-ins for e-mail addresses that have no account, counted as a real account's are, so that an
 * address "locks" after the same number of wrong passwords for the same time whether or not it exists: the
 * answers never tell an attacker which addresses have accounts. Shared by every API instance through Redis
 * when it is configured (memory otherwise); nothing is stored about the address beyond the count's key.
 */
@Injectable()
export class UnknownAccountFailures {
  private readonly limiter: RateLimiterAbstract;

  constructor(@Inject(APP_CONFIG) config: AppConfig, @Optional() @Inject(REDIS_CLIENT) redis?: Redis | null) {
    const seconds = config.LOGIN_LOCK_MINUTES * 60;
    // A real account's count has no window: it runs until a right password or the lock. A day is long enough here.
    const opts = { points: config.LOGIN_MAX_FAILURES, duration: 86_400, blockDuration: seconds, keyPrefix: 'commonweal:unknown-account' };
    this.limiter = sharedLimiter(redis, opts);
  }

  /** Until when the address is "locked", or null: as a real account is after its last failure. */
  async lockedUntil(email: string): Promise<Date | null> {
    const res = await this.limiter.get(email);
    return res && res.consumedPoints > this.limiter.points ? new Date(Date.now() + res.msBeforeNext) : null;
  }

  /** Counts a failure; the time the address is now "locked" until when this one reached the limit, else null. */
  async failed(email: string): Promise<Date | null> {
    try {
      const res = await this.limiter.consume(email);
      if (res.consumedPoints < this.limiter.points) return null;
      // The failure that reaches the limit locks, as recordFailure does for an account: block from now.
      await this.limiter.block(email, this.limiter.blockDuration);
      return new Date(Date.now() + this.limiter.blockDuration * 1000);
    } catch (res) {
      if (!(res instanceof RateLimiterRes)) throw res;
      return new Date(Date.now() + res.msBeforeNext);
    }
  }
}
