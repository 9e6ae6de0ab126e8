import { BullModule } from '@nestjs/bullmq';
import { type DynamicModule, Module } from '@nestjs/common';
import { type AppConfig, PlatformModule } from '#platform';
import { ALL_ENTITIES } from '#entities';

/**
 * The queue worker. It shares the platform (config, logging, database with
 * tenancy) with the API; queue processors arrive with the jobs issue. It does
 * not migrate: the API (or `commonweal migrate`) owns the schema. main.ts only
 * starts it when REDIS_URL is set; without Redis, jobs run in the API process.
 */
@Module({})
export class WorkerModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        PlatformModule.forRoot(config, { entities: ALL_ENTITIES, migrate: false }),
        BullModule.forRoot({ connection: { url: config.REDIS_URL! }, prefix: 'commonweal' }),
      ],
    };
  }
}
