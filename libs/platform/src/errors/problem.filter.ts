import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, HttpStatus, Inject, Logger, Optional } from '@nestjs/common';
import type { Request, Response } from 'express';
import { QueryFailedError } from 'typeorm';
import { isDatabaseUnavailable } from '../database/unavailable.js';
import { NoTenantError } from '../tenancy/request-db.service.js';
import { PROBLEM_CONTENT_TYPE, ProblemException, type ProblemDetails } from './problem.js';

const STATUS_TYPES: Record<number, string> = {
  400: 'bad-request',
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not-found',
  405: 'method-not-allowed',
  409: 'conflict',
  413: 'body-too-large',
  415: 'unsupported-media-type',
  429: 'too-many-requests',
  503: 'service-unavailable',
};

/** Seconds a client is asked to wait when the database is away: about as long as a restart takes. */
export const DATABASE_RETRY_SECONDS = 5;

/** PostgreSQL error codes a user's input can cause, and what the client should see. */
const PG_ERRORS: Record<string, [HttpStatus, string, string]> = {
  '23505': [HttpStatus.CONFLICT, 'conflict', 'A record with these values already exists'],
  '23503': [HttpStatus.CONFLICT, 'conflict', 'The record refers to something that does not exist or is still in use'],
  '23514': [HttpStatus.BAD_REQUEST, 'validation', 'A value breaks a rule of the record'],
  '22P02': [HttpStatus.BAD_REQUEST, 'validation', 'A value has the wrong form'],
  '22001': [HttpStatus.BAD_REQUEST, 'validation', 'A value is too long'],
  '22003': [HttpStatus.BAD_REQUEST, 'validation', 'A number is out of range'],
  '42501': [HttpStatus.FORBIDDEN, 'forbidden', 'Not permitted'],
  '25006': [HttpStatus.METHOD_NOT_ALLOWED, 'method-not-allowed', 'This request may not change anything'],
};

export function toProblem(exception: unknown, instance?: string): ProblemDetails {
  if (exception instanceof ProblemException) return exception.toProblem(instance);
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const body = exception.getResponse();
    const message = typeof body === 'string' ? body : (body as { message?: unknown }).message;
    // Keep structured bodies (e.g. terminus's per-check `details` on a 503) as extensions.
    const extensions =
      typeof body === 'object' && body !== null
        ? Object.fromEntries(Object.entries(body).filter(([k]) => !['message', 'statusCode', 'error', 'status'].includes(k)))
        : {};
    return {
      ...extensions,
      type: `/problems/${STATUS_TYPES[status] ?? 'http-' + status}`,
      title:
        HttpStatus[status]
          ?.toLowerCase()
          .replace(/_/g, ' ')
          .replace(/^./, (c) => c.toUpperCase()) ?? 'Error',
      status,
      detail: Array.isArray(message) ? message.join('; ') : typeof message === 'string' ? message : exception.message,
      instance,
    };
  }
  if (exception instanceof NoTenantError) {
    return { type: '/problems/no-authority', title: 'No authority selected', status: 403, detail: exception.message, instance };
  }
  const code = exception instanceof QueryFailedError ? (exception.driverError as { code?: string })?.code : undefined;
  const mapped = code ? PG_ERRORS[code] : undefined;
  if (mapped) {
    const [status, type, title] = mapped;
    return { type: `/problems/${type}`, title, status, instance };
  }
  if (isDatabaseUnavailable(exception)) {
    return {
      type: '/problems/database-unavailable',
      title: 'The service is briefly unavailable',
      status: 503,
      detail: `The database could not be reached. Try again in ${DATABASE_RETRY_SECONDS} seconds: a change this request asked for was saved whole or not at all, and sent again with the same Idempotency-Key it is made once`,
      retryAfterSeconds: DATABASE_RETRY_SECONDS,
      instance,
    };
  }
  return { type: '/problems/internal', title: 'Something went wrong on our side', status: 500, instance };
}

/**
 * Shows an error to a person in a browser (the web module provides it): a page
 * in the service's own style instead of problem+json, or a redirect to sign in.
 */
export interface PageErrorRenderer {
  wants(req: Request): boolean;
  /** May finish later (it may look up who is signed in); it answers every request it is given, whatever happens. */
  render(problem: ProblemDetails, req: Request, res: Response): void | Promise<void>;
}
export const PAGE_ERROR_RENDERER = Symbol('PAGE_ERROR_RENDERER');

/** RFC 9457 problem+json for every error the application raises; an error page for people on pages. */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemFilter');

  constructor(@Optional() @Inject(PAGE_ERROR_RENDERER) private readonly pages?: PageErrorRenderer) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const req = ctx.getRequest<Request>();
    const res = ctx.getResponse<Response>();
    const problem = toProblem(exception, req.originalUrl);
    if (problem.status >= 500) this.logger.error(exception);
    if (res.headersSent) return;
    const retry = problem['retryAfterSeconds'];
    if (typeof retry === 'number') res.setHeader('Retry-After', String(retry));
    if (this.pages?.wants(req)) {
      void this.pages.render(problem, req, res);
      return;
    }
    res.status(problem.status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(problem));
  }
}
