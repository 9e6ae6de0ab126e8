import { createHash, timingSafeEqual } from 'node:crypto';
import { Controller, Get, HttpStatus, Inject, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { notFound, ProblemException } from '../errors/problem.js';
import { OwnCredential } from '../http/access.decorator.js';
import { OwnTransactions } from '../tenancy/transaction.interceptor.js';
import { Metrics } from './metrics.service.js';

const digest = (s: string) => createHash('sha256').update(s).digest();

@ApiTags('health')
@Controller('metrics')
export class MetricsController {
  constructor(
    private readonly metrics: Metrics,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Off (404) unless METRICS_TOKEN is set; then only for the scraper that presents it. */
  @Get()
  @OwnCredential()
  @OwnTransactions()
  @ApiOperation({ summary: 'Prometheus metrics, for a scraper with `Authorization: Bearer $METRICS_TOKEN`; 404 when METRICS_TOKEN is not set' })
  async scrape(@Req() req: Request, @Res() res: Response) {
    const token = this.config.METRICS_TOKEN;
    if (!token) throw notFound('Metrics');
    const presented = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1] ?? '';
    // Compared as digests: the same length whatever was sent, and in constant time.
    if (!timingSafeEqual(digest(presented), digest(token))) {
      res.setHeader('WWW-Authenticate', 'Bearer realm="metrics"');
      throw new ProblemException(HttpStatus.UNAUTHORIZED, 'unauthenticated', 'Sign in required', 'Present the metrics token as a bearer token');
    }
    res.type(this.metrics.registry.contentType).send(await this.metrics.registry.metrics());
  }
}
