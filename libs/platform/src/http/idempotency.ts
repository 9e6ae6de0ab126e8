import { applyDecorators, type CallHandler, type ExecutionContext, HttpStatus, Injectable, type NestInterceptor, UseInterceptors } from '@nestjs/common';
import { ApiHeader } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { ClsService } from 'nestjs-cls';
import { from, lastValueFrom, type Observable } from 'rxjs';
import type { EntityManager } from 'typeorm';
import { contentHash } from '#kernel';
import { ProblemException } from '../errors/problem.js';
import { type Principal, tenantOf } from '../tenancy/principal.js';

const KEY = /^[\x21-\x7e]{1,200}$/;

/**
 * The route creates or moves money: a client that sends an `Idempotency-Key` and retries (a timeout, a
 * double click) gets the first answer again instead of a second payment. Documented in OpenAPI.
 *
 * The interceptor is mounted on these routes only, not globally: every other request would otherwise pass through
 * one more layer of Nest's interceptor chain (an Observable and a promise each) for nothing (issue 19). Being mounted
 * here is what marks a route idempotent: no other mark is kept, so the two cannot disagree.
 */
export const Idempotent = () =>
  applyDecorators(
    UseInterceptors(IdempotencyInterceptor),
    ApiHeader({
      name: 'Idempotency-Key',
      required: false,
      description:
        'Any 1 to 200 visible ASCII characters you choose (a UUID, say). A request repeated with the same key is not run again: it gets the first answer, with `Idempotent-Replayed: true`. The same key with a different request is refused (422).',
    }),
  );

/**
 * Honours `Idempotency-Key` on the routes @Idempotent mounts it on. Runs inside the request's transaction (a route's
 * interceptors run inside the global ones, TransactionInterceptor among them): the key is claimed by an insert in that
 * transaction, so a concurrent repeat waits on the row's lock and then reads the committed answer, and a request
 * that fails rolls its claim back with everything else (a retry then runs afresh: nothing was created). Keys belong
 * to the caller (a person or an API key) within its authority, and are kept a week (the jobs library's
 * idempotency-expiry job forgets older ones): within the week an old key still replays its answer.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(private readonly cls: ClsService) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const http = context.switchToHttp();
    const req = http.getRequest<Request>();
    const key = req.headers['idempotency-key'];
    if (key === undefined) return next.handle();
    if (typeof key !== 'string' || !KEY.test(key))
      throw new ProblemException(
        HttpStatus.BAD_REQUEST,
        'validation',
        'The request is not valid',
        'Idempotency-Key must be 1 to 200 visible ASCII characters',
        {
          errors: [{ field: 'Idempotency-Key', rule: 'format', message: 'Idempotency-Key must be 1 to 200 visible ASCII characters, e.g. a UUID' }],
        },
      );
    const principal = this.cls.get('principal') as Principal | undefined;
    const tenantId = tenantOf(principal);
    if (!tenantId) return next.handle();
    const caller = principal!.userId ? `user:${principal!.userId}` : `api-key:${principal!.apiKeyId}`;
    const fingerprint = contentHash({ method: req.method, path: req.path, body: req.body ?? null });
    const res = http.getResponse<Response>();
    return from(
      (async () => {
        const em = this.cls.get('em') as EntityManager;
        const claimed = await em.query(
          `INSERT INTO idempotent_requests (tenant_id, caller, key, fingerprint) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING RETURNING key`,
          [tenantId, caller, key, fingerprint],
        );
        if (!claimed.length) {
          const [prior] = (await em.query(`SELECT fingerprint, status, body FROM idempotent_requests WHERE tenant_id = $1 AND caller = $2 AND key = $3`, [
            tenantId,
            caller,
            key,
          ])) as { fingerprint: string; status: number; body: unknown }[];
          if (prior.fingerprint !== fingerprint)
            throw new ProblemException(
              HttpStatus.UNPROCESSABLE_ENTITY,
              'idempotency-key-reused',
              'This Idempotency-Key was used for another request',
              'Send a new key for a new request: this one was first used with a different path or body',
            );
          res.status(prior.status);
          res.setHeader('Idempotent-Replayed', 'true');
          return prior.body;
        }
        const body = await lastValueFrom(next.handle(), { defaultValue: undefined });
        await em.query(`UPDATE idempotent_requests SET status = $4, body = $5 WHERE tenant_id = $1 AND caller = $2 AND key = $3`, [
          tenantId,
          caller,
          key,
          res.statusCode,
          JSON.stringify(body ?? null),
        ]);
        return body;
      })(),
    );
  }
}
