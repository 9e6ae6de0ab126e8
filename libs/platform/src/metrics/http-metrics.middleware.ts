import { Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { Metrics } from './metrics.service.js';
import { routePattern } from './route-pattern.js';

/**
 * Counts and times every request when its answer is finished, labelled by the route's pattern
 * (`/api/v1/tenders/:id`), never the path itself, so a label cannot grow with ids; a path no route
 * has is `unmatched`. Guards' refusals (401, 403) and errors are counted like any answer.
 */
@Injectable()
export class HttpMetricsMiddleware implements NestMiddleware {
  constructor(private readonly metrics: Metrics) {}

  use(req: Request, res: Response, next: NextFunction): void {
    const end = this.metrics.duration.startTimer();
    res.on('finish', () => {
      const labels = { method: req.method, route: routePattern(req), status: String(res.statusCode) };
      this.metrics.requests.inc(labels);
      end(labels);
    });
    next();
  }
}
