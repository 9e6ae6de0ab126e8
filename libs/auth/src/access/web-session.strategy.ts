import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import type { Request } from 'express';
import { Strategy } from 'passport-custom';
import { type Principal, ContextRunner } from '#platform';
import { WebSession } from '../entities/web-session.entity.js';
import { sha256 } from '../tokens/opaque-token.js';

export const SESSION_COOKIE = 'cw_session';
const TOKEN_FORMAT = /^[A-Za-z0-9_-]{43}$/;

/** True for requests to pages, where a session cookie is the credential; never for the API, health or metrics. */
export const isPageRequest = (req: Request): boolean => !/^\/(api|health|metrics)(\/|$)/.test(req.path);

export const presentedSessionToken = (req: Request): string | undefined => {
  const value = (req.cookies as Record<string, string> | undefined)?.[SESSION_COOKIE];
  return isPageRequest(req) && typeof value === 'string' && TOKEN_FORMAT.test(value) ? value : undefined;
};

/**
 * Browsers: the httpOnly session cookie, accepted on pages only. The API
 * never takes it, so a cross-site form cannot reach the API with a cookie.
 */
@Injectable()
export class WebSessionStrategy extends PassportStrategy(Strategy, 'web-session') {
  constructor(private readonly runner: ContextRunner) {
    super();
  }

  async validate(req: Request): Promise<Principal | false> {
    const token = presentedSessionToken(req);
    if (!token) return false;
    const tokenHash = sha256(token);
    const session = await this.runner.run({ webSessionHash: tokenHash }, (em) => em.findOne(WebSession, { where: { tokenHash } }), { readOnly: true });
    if (!session || session.revokedAt || session.expiresAt <= new Date()) return false;
    return {
      kind: 'user',
      userId: session.userId,
      tenantId: session.tenantId ?? undefined,
      providerId: session.providerId ?? undefined,
      roles: session.roles,
      web: { sessionId: session.id, tokenHash, focusAuthorityId: session.focusAuthorityId },
    };
  }
}
