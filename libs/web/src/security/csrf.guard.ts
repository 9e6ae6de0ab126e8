import { type CanActivate, type ExecutionContext, HttpStatus, Inject, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { isPageRequest } from '#auth';
import { ProblemException } from '#platform';
import { CSRF_FIELD, csrfSeed, CsrfTokens } from './csrf.js';

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Every state-changing request to a page must carry the form's CSRF token.
 * Global, so a new form cannot forget it; the API (bearer tokens and keys,
 * never cookies) is not affected.
 */
@Injectable()
export class CsrfGuard implements CanActivate {
  constructor(@Inject(CsrfTokens) private readonly tokens: CsrfTokens) {}

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    const req = context.switchToHttp().getRequest<Request>();
    if (SAFE.has(req.method) || !isPageRequest(req)) return true;
    // A file upload's body is read only after this guard (by the route's upload guard, after the access
    // check), so its form carries the token in its action's query string instead. Only multipart forms may.
    const multipart = (req.headers['content-type'] ?? '').startsWith('multipart/form-data');
    const presented = multipart ? req.query[CSRF_FIELD] : (req.body as Record<string, unknown> | undefined)?.[CSRF_FIELD];
    if (this.tokens.verify(csrfSeed(req), presented)) return true;
    throw new ProblemException(
      HttpStatus.FORBIDDEN,
      'csrf',
      'The form has expired',
      'The form was missing its security token or it did not match. Go back, reload the page and try again.',
    );
  }
}
