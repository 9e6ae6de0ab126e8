import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { Tracing, traceFields } from '../tracing/tracing.js';

const REQUEST_ID = /^[A-Za-z0-9._-]{1,100}$/;
const ASSIGNED = Symbol('commonweal.requestId');

/**
 * The request's id: X-Request-Id when it looks safe, else a new UUID. Asked for
 * by both the logger and the request context (whichever middleware runs first
 * decides), so the log lines and the audit events of one request share an id.
 */
export function requestIdOf(req: IncomingMessage): string {
  const r = req as IncomingMessage & { [ASSIGNED]?: string };
  if (!r[ASSIGNED]) {
    const given = req.headers['x-request-id'];
    // A random UUID: nothing is ordered by a request id, and Node's own generator draws from a cached buffer.
    r[ASSIGNED] = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
  }
  return r[ASSIGNED];
}

/**
 * pino on every line, with the request id (taken from X-Request-Id when it
 * looks safe, else a new UUID, and echoed back) and, once the auth guard has
 * run, the tenant and user through PinoLogger.assign.
 */
@Module({
  imports: [
    LoggerModule.forRootAsync({
      inject: [APP_CONFIG, Tracing],
      useFactory: (config: AppConfig, tracing: Tracing) => ({
        assignResponse: true,
        pinoHttp: {
          level: config.LOG_LEVEL,
          // With tracing on, every line written inside a trace (a request's, a job's) names it.
          ...(tracing.enabled ? { mixin: traceFields } : {}),
          genReqId: (req: IncomingMessage, res: ServerResponse) => {
            const id = requestIdOf(req);
            res.setHeader('X-Request-Id', id);
            return id;
          },
          // One short line per request: what was asked and the answer's status. No headers, so no
          // credentials (Authorization, cookies, X-Api-Key) ever reach the log.
          serializers: {
            req: (req: { id: string; method: string; url: string; remoteAddress?: string }) => ({
              id: req.id,
              method: req.method,
              url: req.url,
              remoteAddress: req.remoteAddress,
            }),
            res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
          },
          autoLogging: { ignore: (req: IncomingMessage) => req.url === '/health' },
          customLogLevel: (_req: IncomingMessage, res: ServerResponse, err?: Error) =>
            err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info',
        },
      }),
    }),
  ],
})
export class LoggingModule {}
