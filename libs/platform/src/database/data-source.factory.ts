import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { allMigrations } from '#migrations';
import { pgTypes } from './timestamp-parser.js';

export interface DataSourceTarget {
  /** postgres:// URL; absent means the embedded PGlite database. */
  url?: string;
  /** Embedded data folder, or 'memory://' for a throwaway in-memory database. */
  dataDir?: string;
  poolSize?: number;
  applicationName?: string;
}

/**
 * One factory for both modes so the same entities and the same migration files
 * serve PostgreSQL and the embedded PGlite. Schema comes only from migrations.
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export type EntityList = Function[];

export function createDataSource(target: DataSourceTarget, entities: EntityList): DataSource {
  const common = {
    type: 'postgres',
    entities,
    migrations: allMigrations,
    migrationsTableName: 'schema_migrations',
    synchronize: false,
    logging: false,
  } as const;
  if (target.url) {
    return new DataSource({
      ...common,
      url: target.url,
      poolSize: target.poolSize ?? 10,
      applicationName: target.applicationName ?? 'commonweal',
      // Pipeline mode: a statement is written at once rather than after the one before has answered. The transaction
      // runner still sends a transaction's own statements in turn; it pipelines only a read's opening with its first
      // statement (transaction-runner.ts), which saves a round trip on every read.
      // Instants are read by our own parser of PostgreSQL's text for them (timestamp-parser.ts); every other type by pg's.
      extra: { max: target.poolSize ?? 10, idleTimeoutMillis: 30_000, pipeline: true, types: pgTypes },
    } as DataSourceOptions);
  }
  const dataDir = target.dataDir ?? './data';
  let pgliteDir = dataDir;
  if (!dataDir.startsWith('memory://')) {
    pgliteDir = resolve(join(dataDir, 'pglite'));
    mkdirSync(pgliteDir, { recursive: true });
  }
  // Loaded only for the embedded database: a process on PostgreSQL never holds PGlite (issue 19, memory). A require,
  // not an import, so creating a data source stays synchronous (typeorm-pglite is CommonJS).
  const { PGliteDriver } = createRequire(import.meta.url)('typeorm-pglite') as typeof import('typeorm-pglite');
  return new DataSource({ ...common, driver: new PGliteDriver({ dataDir: pgliteDir }).driver } as DataSourceOptions);
}
