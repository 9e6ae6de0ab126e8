import { HttpStatus, Injectable } from '@nestjs/common';
import { ThrottlerGuard, type ThrottlerLimitDetail } from '@nestjs/throttler';
import type { ExecutionContext } from '@nestjs/common';
import { ProblemException } from '#platform';

/**
 * Login attempts are limited per client address and e-mail, so one user's
 * mistakes (or one attacker's guesses at one account) do not lock out everyone
 * behind the same NAT. The account lock-out in AuthService backs this up
 * against guesses spread over many addresses.
 */
@Injectable()
export class LoginThrottleGuard extends ThrottlerGuard {
  protected override async getTracker(req: Record<string, unknown>): Promise<string> {
    const body = req['body'] as { email?: unknown } | undefined;
    const email = typeof body?.email === 'string' ? body.email.trim().toLowerCase() : '';
    return `${String(req['ip'])}|${email}`;
  }

  protected override async throwThrottlingException(_ctx: ExecutionContext, detail: ThrottlerLimitDetail): Promise<void> {
    throw new ProblemException(
      HttpStatus.TOO_MANY_REQUESTS,
      'too-many-requests',
      'Too many sign-in attempts',
      `Wait ${detail.timeToBlockExpire} seconds before trying again`,
      { retryAfterSeconds: detail.timeToBlockExpire },
    );
  }
}
