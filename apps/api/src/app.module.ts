import { type DynamicModule, Logger, Module } from '@nestjs/common';
import { AuthModule } from '#auth';
import { type AppConfig, PlatformModule, type OwnerTransactions } from '#platform';
import { ContractsModule } from '#contracts';
import { CostsModule } from '#costs';
import { TransparencyModule } from '#transparency';
import { EvaluationModule } from '#evaluation';
import { TenderingModule } from '#tendering';
import { BidsModule } from '#bids';
import { JobsModule } from '#jobs';
import { NotificationsModule } from '#notifications';
import { WebModule } from '#web';
import { ProvidersModule } from '#providers';
import { StaffModule } from '#staff';
import { demoLogins } from './demo/demo-world.js';
import { seedDemo } from './demo/seed-demo.js';
import { ALL_ENTITIES } from '#entities';

/** Seed the demo world when asked, or by default on the embedded database. */
export const shouldSeedDemo = (config: AppConfig) =>
  config.SEED_DEMO === 'true' || (config.SEED_DEMO === undefined && config.databaseMode === 'embedded' && config.NODE_ENV !== 'production');

async function afterMigrate(owner: OwnerTransactions, config: AppConfig) {
  if (!shouldSeedDemo(config)) return;
  const outcome = await seedDemo(owner, config.NODE_ENV);
  const logger = new Logger('Demo');
  if (outcome === 'seeded') logger.log('Seeded the demo world');
  if (config.NODE_ENV !== 'test') for (const line of demoLogins()) logger.log(line);
}

@Module({})
export class AppModule {
  static forRoot(config: AppConfig, options: { migrate?: boolean; jobs?: boolean } = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PlatformModule.forRoot(config, { entities: ALL_ENTITIES, migrate: options.migrate ?? true, afterMigrate }),
        // With Redis the worker runs jobs; without it, this process does.
        JobsModule.forRoot({ runtime: options.jobs ?? config.jobMode === 'in-process' }),
        NotificationsModule,
        AuthModule,
        TenderingModule,
        BidsModule,
        EvaluationModule,
        ContractsModule,
        CostsModule,
        TransparencyModule,
        ProvidersModule,
        StaffModule,
        WebModule,
      ],
    };
  }
}
