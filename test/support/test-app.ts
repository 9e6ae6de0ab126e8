import type { INestApplication } from '@nestjs/common';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import supertest from 'supertest';
import { DataSource } from 'typeorm';
import { JobsRuntime } from '#jobs';
import { type AppConfig, loadConfig, ownerTransactionsFor } from '#platform';
import { createApp } from '../../apps/api/src/create-app.js';
import { freshDatabase, type TestDatabase } from './test-database.js';

export const DEMO_PASSWORD = 'commonweal-demo';
export const TEST_JWT_SECRET = 'test-secret-test-secret-test-secret-0123456789';

export interface TestApp {
  app: INestApplication;
  config: AppConfig;
  http: ReturnType<typeof supertest>;
  db: TestDatabase;
  close(): Promise<void>;
}

export interface TestAppOptions {
  mode?: 'postgres' | 'embedded';
  env?: Record<string, string>;
  seed?: boolean;
  /** Use an existing database rather than a fresh one. */
  database?: TestDatabase;
  /**
   * Return only once the scheduled jobs' start-up runs are over: for a suite that runs a scheduled job itself, whose
   * start-up run (on the real clock, whenever the queue reaches it) would otherwise act on the suite's fixtures first.
   */
  awaitStartupJobs?: boolean;
}

/** The real API (same modules, same HTTP set-up as main.ts) on a database of its own. */
export async function startTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const db = options.database ?? (await freshDatabase(options.mode));
  const mailDir = options.env?.MAIL_DIR ? undefined : mkdtempSync(join(tmpdir(), 'commonweal-test-mail-'));
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    JWT_SECRET: TEST_JWT_SECRET,
    COMMONWEAL_DATA_DIR: 'memory://',
    SEED_DEMO: options.seed === false ? 'false' : 'true',
    ...(mailDir ? { MAIL_DIR: mailDir } : {}),
    ...(db.url ? { DATABASE_URL: db.url } : {}),
    ...options.env,
  });
  const app = await createApp(config).catch((err: unknown) => {
    if (mailDir) rmSync(mailDir, { recursive: true, force: true }); // an app that refuses to start is never closed
    throw err;
  });
  if (options.awaitStartupJobs) await app.get(JobsRuntime).whenStartupRunsDone();
  return {
    app,
    config,
    db,
    http: supertest(app.getHttpServer()),
    close: async () => {
      await app.close();
      if (!options.database) await db.drop();
      if (mailDir) rmSync(mailDir, { recursive: true, force: true });
    },
  };
}

export async function login(t: TestApp, email: string, authority?: string): Promise<string> {
  const res = await t.http.post('/api/v1/auth/login').send({ email, password: DEMO_PASSWORD, ...(authority ? { authority } : {}) });
  if (res.status !== 200) throw new Error(`login ${email} failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.accessToken as string;
}

/** SQL as the database owner (no RLS): for fixtures that the API cannot make yet, and for checking what is stored. */
export function asOwner<T = Record<string, unknown>>(t: TestApp, sql: string, params: unknown[] = []): Promise<T[]> {
  return ownerTransactionsFor(t.app.get(DataSource), t.config).run((em) => em.query(sql, params));
}

export async function authorityId(t: TestApp, slug: string): Promise<string> {
  const rows = await asOwner<{ id: string }>(t, 'SELECT id FROM authorities WHERE slug = $1', [slug]);
  return rows[0].id;
}

/** A demo tender's id by its reference (references are unique per authority, and the demo's across both). */
export async function tenderIdByReference(t: TestApp, reference: string): Promise<string> {
  const rows = await asOwner<{ id: string }>(t, 'SELECT id FROM tenders WHERE reference = $1', [reference]);
  if (rows.length !== 1) throw new Error(`expected one tender ${reference}, found ${rows.length}`);
  return rows[0].id;
}
