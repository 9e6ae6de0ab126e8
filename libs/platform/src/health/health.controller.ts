import { Controller, Get, Inject, Optional } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, type HealthIndicatorFunction, HealthIndicatorService } from '@nestjs/terminus';
import { Redis } from 'ioredis';
import { TransactionRunner } from '../database/transaction-runner.js';
import { Public } from '../http/access.decorator.js';
import { OwnTransactions } from '../tenancy/transaction.interceptor.js';
import { REDIS_CLIENT } from './redis.provider.js';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly runner: TransactionRunner,
    @Optional() @Inject(REDIS_CLIENT) private readonly redis?: Redis | null,
  ) {}

  /**
   * Liveness: the process is up and its event loop turns. It asks nothing of the database or Redis, so an
   * orchestrator never restarts a healthy API because PostgreSQL is restarting (that is readiness's to say).
   */
  @Get('live')
  @Public()
  @OwnTransactions()
  @ApiOperation({ summary: 'Liveness: the process answers (no database, no Redis); for a container’s liveness probe' })
  live() {
    return { status: 'ok', uptimeSeconds: Math.round(process.uptime()) };
  }

  /** Readiness: whether to send this process requests now. */
  @Get('ready')
  @Public()
  @OwnTransactions()
  @HealthCheck()
  @ApiOperation({ summary: 'Readiness: the database answers as the app role, and Redis when configured; 503 naming what is down' })
  ready() {
    return this.check();
  }

  /** The readiness check, where it has always been (compose files and monitors already point here). */
  @Get()
  @Public()
  @OwnTransactions()
  @HealthCheck()
  @ApiOperation({ summary: 'The same as /health/ready' })
  check() {
    const checks: HealthIndicatorFunction[] = [
      async () => {
        const session = this.indicators.check('database');
        try {
          await this.runner.run({}, (em) => em.query('SELECT 1'), { readOnly: true });
          return session.up();
        } catch (err) {
          return session.down({ message: (err as Error).message });
        }
      },
    ];
    const redis = this.redis;
    if (redis) {
      checks.push(async () => {
        const session = this.indicators.check('redis');
        try {
          await redis.ping();
          return session.up();
        } catch (err) {
          return session.down({ message: (err as Error).message });
        }
      });
    }
    return this.health.check(checks);
  }
}
