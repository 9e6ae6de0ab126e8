import { type DynamicModule, Global, Inject, Logger, Module, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { Tracing } from '../tracing/tracing.js';
import { createDataSource, type EntityList } from './data-source.factory.js';
import { assertRowLevelSecurityBinds } from './rls-guard.js';
import { OwnerTransactions, TransactionRunner } from './transaction-runner.js';

export interface DatabaseModuleOptions {
  entities: EntityList;
  /** Apply pending migrations at start (npm start does; a scaled-out deployment may run them once instead). */
  migrate: boolean;
  /** Runs after migrations, as the owner: e.g. seeding the demo world on first start. */
  afterMigrate?: (owner: OwnerTransactions, config: AppConfig) => Promise<void>;
}

export const runnerFor = (ds: DataSource, config: AppConfig, tracing?: Tracing) =>
  new TransactionRunner(ds, {
    appRole: config.DATABASE_APP_ROLE,
    serialise: config.databaseMode === 'embedded',
    prepare: config.databaseMode !== 'embedded' && config.DATABASE_PREPARED_STATEMENTS === 'true',
    withoutRls: config.COMMONWEAL_BENCH_WITHOUT_RLS === 'true',
    tracing,
  });

/** Owner transactions on a data source, for the CLI, the seed and the tests only (see OwnerTransactions). */
export const ownerTransactionsFor = (ds: DataSource, config: AppConfig) => new OwnerTransactions(ds, config.databaseMode === 'embedded');

export const dataSourceFor = (config: AppConfig, entities: EntityList, url = config.DATABASE_URL) =>
  createDataSource({ url, dataDir: config.COMMONWEAL_DATA_DIR, poolSize: config.DATABASE_POOL_SIZE }, entities);

/**
 * Opens the database, applies migrations (as the owner: DATABASE_MIGRATION_URL
 * when given), and refuses to go further if tenant work would not be bound by
 * row-level security.
 */
export async function openDatabase(config: AppConfig, options: DatabaseModuleOptions): Promise<DataSource> {
  const logger = new Logger('Database');
  const ds = dataSourceFor(config, options.entities);
  await ds.initialize();
  try {
    const ownerUrl = config.DATABASE_MIGRATION_URL;
    const owner = ownerUrl && ownerUrl !== config.DATABASE_URL ? await dataSourceFor(config, options.entities, ownerUrl).initialize() : ds;
    try {
      if (options.migrate) {
        const applied = await owner.runMigrations({ transaction: 'each' });
        if (applied.length) logger.log(`Applied ${applied.length} migration(s): ${applied.map((m) => m.name).join(', ')}`);
      }
      await options.afterMigrate?.(ownerTransactionsFor(owner, config), config);
    } finally {
      if (owner !== ds) await owner.destroy();
    }
    if (config.COMMONWEAL_BENCH_WITHOUT_RLS === 'true') {
      logger.warn('BENCH MODE: tenant work runs WITHOUT row-level security. Never use this outside a benchmark.');
    } else {
      await assertRowLevelSecurityBinds(runnerFor(ds, config));
    }
    return ds;
  } catch (err) {
    await ds.destroy().catch(() => undefined);
    throw err;
  }
}

class DatabaseShutdown implements OnApplicationShutdown {
  constructor(@Inject(DataSource) private readonly ds: DataSource) {}
  async onApplicationShutdown() {
    if (this.ds.isInitialized) await this.ds.destroy();
  }
}

@Global()
@Module({})
export class DatabaseModule {
  static forRoot(options: DatabaseModuleOptions): DynamicModule {
    return {
      module: DatabaseModule,
      providers: [
        { provide: DataSource, inject: [APP_CONFIG], useFactory: (config: AppConfig) => openDatabase(config, options) },
        { provide: TransactionRunner, inject: [DataSource, APP_CONFIG, Tracing], useFactory: runnerFor },
        DatabaseShutdown,
      ],
      exports: [DataSource, TransactionRunner],
    };
  }
}
