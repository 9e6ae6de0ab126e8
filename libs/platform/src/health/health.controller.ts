import { Controller, Get, Inject, Optional } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
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

  /** Liveness and readiness: the database answers as the app role, and Redis when configured. */
  @Get()
  @Public()
  @OwnTransactions()
  @HealthCheck()
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
