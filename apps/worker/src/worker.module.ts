import { type DynamicModule, Module } from '@nestjs/common';
import { ALL_ENTITIES } from '#entities';
import { JobsModule } from '#jobs';
import { NotificationsModule } from '#notifications';
import { type AppConfig, PlatformModule } from '#platform';
import { AuthModule } from '#auth';
import { WebModule } from '#web';
import { ContractsModule } from '#contracts';
import { CostsModule } from '#costs';
import { EvaluationModule } from '#evaluation';
import { TenderingModule } from '#tendering';
import { BidsModule } from '#bids';
import { ProvidersModule } from '#providers';
import { StaffModule } from '#staff';
import { TransparencyModule } from '#transparency';

/**
 * The queue worker: the outbox relay, the BullMQ processors and the schedules.
 * It shares the platform (config, logging, database with tenancy) with the API
 * and imports every context module the API does, so it registers the same job
 * handlers (test/jobs/worker-modules.e2e-spec.ts holds it to that: a context
 * left out once meant no Open Contracting release was ever published with Redis). It does not migrate: the API (or
 * `commonweal migrate`) owns the schema. main.ts only starts it when REDIS_URL
 * is set; without Redis, jobs run in the API process.
 */
@Module({})
export class WorkerModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        PlatformModule.forRoot(config, { entities: ALL_ENTITIES, migrate: false }, 'worker'),
        JobsModule.forRoot({ runtime: true }),
        NotificationsModule,
        AuthModule,
        // The contexts register their job handlers; their page controllers need the web kit to be built.
        WebModule,
        TenderingModule,
        BidsModule,
        EvaluationModule,
        ContractsModule,
        CostsModule,
        // Open Contracting publication, the audit chain's nightly heads, withholdings that lapse.
        TransparencyModule,
        ProvidersModule,
        StaffModule,
      ],
    };
  }
}
