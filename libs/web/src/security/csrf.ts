import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Request, Response } from 'express';
import { presentedSessionToken } from '#auth';

export const PRESESSION_COOKIE = 'cw_presession';
export const CSRF_FIELD = '_csrf';

/**
 * CSRF tokens as OWASP's signed double-submit: the token is an HMAC of
 * something only this browser has in an httpOnly cookie (its session token's
 * hash once signed in; a random pre-session value on the sign-in page), so
 * another site can neither read nor forge it. Nothing extra is stored.
 */
export class CsrfTokens {
  private readonly key: Buffer;

  constructor(secret: string) {
    this.key = createHash('sha256').update(`commonweal csrf\0${secret}`).digest();
  }

  tokenFor(seed: string): string {
    return createHmac('sha256', this.key).update(seed).digest('base64url');
  }

  verify(seed: string | undefined, presented: unknown): boolean {
    if (!seed || typeof presented !== 'string') return false;
    const expected = Buffer.from(this.tokenFor(seed));
    const given = Buffer.from(presented);
    return expected.length === given.length && timingSafeEqual(expected, given);
  }
}

/** What this browser's CSRF tokens are bound to: its session, or its pre-session cookie. */
export function csrfSeed(req: Request): string | undefined {
  const session = presentedSessionToken(req);
  if (session) return createHash('sha256').update(session).digest('hex');
  const pre = (req.cookies as Record<string, string> | undefined)?.[PRESESSION_COOKIE];
  return typeof pre === 'string' && /^[A-Za-z0-9_-]{43}$/.test(pre) ? `pre:${pre}` : undefined;
}

/** Gives a browser without a session a pre-session cookie, so the sign-in form can carry a token. */
export function ensureCsrfSeed(req: Request, res: Response, secure: boolean): string {
  const existing = csrfSeed(req);
  if (existing) return existing;
  const value = randomBytes(32).toString('base64url');
  res.cookie(PRESESSION_COOKIE, value, { httpOnly: true, sameSite: 'strict', secure, path: '/' });
  (req.cookies as Record<string, string>)[PRESESSION_COOKIE] = value;
  return `pre:${value}`;
}
