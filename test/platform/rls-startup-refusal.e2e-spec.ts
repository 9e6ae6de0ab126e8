import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { UnsafeDatabaseRoleError } from '#platform';
import { describeWith } from '../support/services.js';
import { startTestApp } from '../support/test-app.js';
import { ensureRole, freshDatabase, type TestDatabase, withUser } from '../support/test-database.js';

/** The API must not serve tenants through a role that row-level security does not bind. */
describe('start-up refusal on embedded PostgreSQL', () => {
  it('refuses to start when tenant work would run as a superuser', async () => {
    await expect(startTestApp({ mode: 'embedded', env: { DATABASE_APP_ROLE: 'postgres' } })).rejects.toThrow(
      /Refusing to serve tenant requests: role "postgres" is a superuser/,
    );
  });
});

describeWith('DATABASE_URL', 'roles with BYPASSRLS exist only on a real server')('start-up refusal on PostgreSQL', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await freshDatabase('postgres');
    await ensureRole('commonweal_test_bypass', 'LOGIN NOSUPERUSER BYPASSRLS');
  });
  afterAll(async () => database?.drop());

  it('refuses a role with BYPASSRLS', async () => {
    const attempt = startTestApp({
      database,
      env: {
        DATABASE_URL: withUser(database.url!, 'commonweal_test_bypass'),
        DATABASE_MIGRATION_URL: database.url!,
        DATABASE_APP_ROLE: 'commonweal_test_bypass',
      },
    });
    await expect(attempt).rejects.toThrow(UnsafeDatabaseRoleError);
    await expect(attempt).rejects.toThrow(/has BYPASSRLS/);
  });

  it('refuses a superuser', async () => {
    await expect(startTestApp({ database, env: { DATABASE_APP_ROLE: 'postgres' } })).rejects.toThrow(/is a superuser/);
  });

  it('starts with the app role', async () => {
    const t = await startTestApp({ database });
    expect((await t.http.get('/health')).status).toBe(200);
    await t.close();
  });
});
