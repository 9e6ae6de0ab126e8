import { type ExecutionContext, HttpStatus, Injectable, Logger } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import type { Request, Response } from 'express';
import { ClsService } from 'nestjs-cls';
import { PinoLogger } from 'nestjs-pino';
import { ACCESS_RULE, type AccessRule, markNoStore, type Principal, ProblemException } from '#platform';
import { API_KEY_HEADER } from './api-key.strategy.js';
import { presentedSessionToken, SESSION_COOKIE } from './web-session.strategy.js';

const unauthenticated = (detail: string) => new ProblemException(HttpStatus.UNAUTHORIZED, 'unauthenticated', 'Sign in required', detail);

/**
 * The only guard: authenticates (bearer JWT for people, X-Api-Key for systems,
 * the session cookie for browsers on pages, through passport) and checks the route's @Access rule. The principal goes on
 * the request and into the request context, where the transaction interceptor
 * turns it into the database context. No rule on a route means no access.
 */
@Injectable()
export class AccessGuard extends AuthGuard(['jwt', 'api-key', 'web-session']) {
  private readonly log = new Logger('AccessGuard');

  constructor(
    private readonly reflector: Reflector,
    private readonly cls: ClsService,
    private readonly pino: PinoLogger,
  ) {
    super();
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const rule = this.reflector.getAllAndOverride<AccessRule | undefined>(ACCESS_RULE, [context.getHandler(), context.getClass()]);
    const req = context.switchToHttp().getRequest<Request & { principal?: Principal; user?: Principal }>();
    if (!rule) {
      this.log.error(`No @Access or @Public rule on ${req.method} ${req.route?.path ?? req.path}: refused`);
      throw new ProblemException(HttpStatus.FORBIDDEN, 'forbidden', 'Not permitted', 'This route has no access rule');
    }
    // The route checks its own credential (metrics): nobody is signed in by it, and the header is not ours to judge.
    if (rule.public && rule.ownCredential) return true;
    const presentsHeader = Boolean(req.headers.authorization || req.headers[API_KEY_HEADER]);
    const presentsCredential = presentsHeader || Boolean(presentedSessionToken(req));
    if (presentsCredential) {
      const res = context.switchToHttp().getResponse<Response>();
      markNoStore(res, this.cls);
      try {
        await super.canActivate(context);
      } catch (err) {
        // A session cookie the server no longer accepts (revoked, expired, a database reset) is cleared, and on a
        // public page ignored: otherwise the sign-in page itself would refuse it and send the browser to itself.
        if (!presentsHeader) res.clearCookie(SESSION_COOKIE, { path: '/' });
        if (presentsHeader || !rule.public) throw err;
        return true;
      }
      const principal = req.user as Principal;
      req.principal = principal;
      this.cls.set('principal', principal);
      this.pino.assign({ tenantId: principal.tenantId, userId: principal.userId, apiKeyId: principal.apiKeyId });
    }
    if (rule.public) return true;
    if (!req.principal) throw unauthenticated('Send a bearer access token or an X-Api-Key header');
    if (!rule.roles.some((r) => req.principal!.roles.includes(r))) {
      throw new ProblemException(HttpStatus.FORBIDDEN, 'forbidden', 'Not permitted', `This needs one of the roles: ${rule.roles.join(', ')}`, {
        roles: rule.roles,
      });
    }
    return true;
  }

  override handleRequest<T>(err: unknown, user: T | false): T {
    if (err) throw err;
    if (!user) throw unauthenticated('The access token or API key is missing, malformed, expired or revoked');
    return user;
  }
}
