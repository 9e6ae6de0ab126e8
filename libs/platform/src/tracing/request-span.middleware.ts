import { Injectable, type NestMiddleware } from '@nestjs/common';
import { context, SpanStatusCode } from '@opentelemetry/api';
import { ATTR_HTTP_REQUEST_METHOD, ATTR_HTTP_RESPONSE_STATUS_CODE, ATTR_HTTP_ROUTE, ATTR_URL_SCHEME } from './attributes.js';
import type { NextFunction, Request, Response } from 'express';
import { routePattern } from '../metrics/route-pattern.js';
import { Tracing } from './tracing.js';

/**
 * A server span for each request, continuing the caller's trace when a traceparent came with it, and the rest of
 * the request (guards, the transaction, the handler) run inside it. Named by the route's pattern once one has
 * answered: never the path, which can carry a token (an invitation's, a download link's). An answer of 500 or
 * more marks the span an error; a refusal (4xx) is the client's, not ours. Mounted only when tracing is on
 * (PlatformModule); `startServer` answers nothing when it is off all the same.
 */
@Injectable()
export class RequestSpanMiddleware implements NestMiddleware {
  constructor(private readonly tracing: Tracing) {}

  use(req: Request, res: Response, next: NextFunction): void {
    const started = this.tracing.startServer(req.method, req.headers, { [ATTR_HTTP_REQUEST_METHOD]: req.method, [ATTR_URL_SCHEME]: req.protocol });
    if (!started) return next();
    const { span, ctx } = started;
    const end = () => {
      const route = routePattern(req);
      span.updateName(`${req.method} ${route}`);
      span.setAttribute(ATTR_HTTP_ROUTE, route);
      span.setAttribute(ATTR_HTTP_RESPONSE_STATUS_CODE, res.statusCode);
      if (res.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
    };
    res.once('finish', end);
    // A client gone before the answer: the span still ends, with what was known.
    res.once('close', () => span.isRecording() && !res.writableFinished && end());
    context.with(ctx, next);
  }
}
