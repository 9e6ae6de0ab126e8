import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { joinDateParts } from '#kernel';
import express, { type NextFunction, type Request, type Response } from 'express';
import helmet from 'helmet';
import { ClsService } from 'nestjs-cls';
import type { AppConfig } from '../config/app-config.js';
import { PROBLEM_CONTENT_TYPE, type ProblemDetails } from '../errors/problem.js';
import { etagUnlessNoStore } from './no-store.js';

/** Body-parser failures never reach Nest's filters: answer them here, as problem+json. */
function bodyErrors(err: Error & { type?: string; status?: number }, req: Request, res: Response, next: NextFunction) {
  if (!err.type) return next(err);
  const problems: Record<string, ProblemDetails> = {
    'entity.parse.failed': { type: '/problems/malformed-json', title: 'The body is not valid JSON', status: 400, detail: err.message },
    'entity.too.large': {
      type: '/problems/body-too-large',
      title: 'The body is too large',
      status: 413,
      detail: `The limit is ${(err as { limit?: number }).limit} bytes`,
    },
    'encoding.unsupported': { type: '/problems/unsupported-encoding', title: 'Unsupported content encoding', status: 415 },
    'charset.unsupported': { type: '/problems/unsupported-charset', title: 'Unsupported charset', status: 415 },
  };
  const problem = problems[err.type] ?? { type: '/problems/bad-request', title: 'The body could not be read', status: 400 };
  res
    .status(problem.status)
    .type(PROBLEM_CONTENT_TYPE)
    .send(JSON.stringify({ ...problem, instance: req.originalUrl }));
}

/**
 * Everything about the HTTP surface that is not a route: security headers, body
 * limits, OpenAPI, shutdown. Shared by main.ts and the tests, so the tests see
 * the same server users get.
 */
export function configureHttp(app: INestApplication, config: AppConfig): void {
  const server = app.getHttpAdapter().getInstance() as express.Express;
  server.disable('x-powered-by');
  server.set('etag', etagUnlessNoStore(app.get(ClsService)));
  // None unless configured (TRUST_PROXY): otherwise a client could name its own address in X-Forwarded-For.
  const trust = config.TRUST_PROXY.trim();
  server.set('trust proxy', trust === '' ? false : /^\d+$/.test(trust) ? Number(trust) : trust.split(',').map((x) => x.trim()));
  app.use(helmet());
  // Catalogue imports are CSV files of thousands of lines: text, with a limit of their own.
  app.use(express.text({ limit: config.IMPORT_BODY_LIMIT, type: ['text/csv'] }));
  app.use(express.json({ limit: config.BODY_LIMIT, type: ['application/json', 'application/*+json'], strict: true }));
  app.use(express.urlencoded({ limit: config.BODY_LIMIT, extended: false }));
  // A page's date in three boxes (day, month, year) reaches its handler as one field, as the API takes it.
  app.use((req: Request, _res: Response, next: NextFunction) => {
    if (req.body && typeof req.body === 'object' && req.is('application/x-www-form-urlencoded')) joinDateParts(req.body as Record<string, unknown>);
    next();
  });
  app.use(bodyErrors);

  const openapi = new DocumentBuilder()
    .setTitle('Commonweal API')
    .setDescription(
      'Commissioning and procurement for public authorities. Authority routes are scoped to the ' +
        'authority in the access token; errors are RFC 9457 problem+json.',
    )
    .setVersion('1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }, 'bearer')
    .addApiKey({ type: 'apiKey', in: 'header', name: 'X-Api-Key' }, 'api-key')
    .build();
  const document = SwaggerModule.createDocument(app, openapi);
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json' });
  app.enableShutdownHooks();
}
