import { randomBytes } from 'node:crypto';
import pg from 'pg';

export interface TestDatabase {
  /** postgres:// URL of a fresh database, or undefined for an in-memory PGlite. */
  url?: string;
  drop(): Promise<void>;
}

const adminUrl = () => process.env.DATABASE_URL!;

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

export function withUser(url: string, user: string): string {
  const u = new URL(url);
  u.username = user;
  u.password = '';
  return u.toString();
}

export async function adminQuery(sql: string, params: unknown[] = [], url = adminUrl()): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await client.query(sql, params);
  } finally {
    await client.end();
  }
}

/**
 * Each suite gets a database of its own on the configured server (so suites
 * can run side by side), or an in-memory PGlite when none is configured.
 */
export async function freshDatabase(mode: 'postgres' | 'embedded' = process.env.DATABASE_URL ? 'postgres' : 'embedded'): Promise<TestDatabase> {
  if (mode === 'embedded') return { url: undefined, drop: async () => undefined };
  const name = `commonweal_test_${randomBytes(6).toString('hex')}`;
  await adminQuery(`CREATE DATABASE ${name}`);
  return {
    url: withDatabase(adminUrl(), name),
    drop: async () => {
      await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}

/** Creates a login role if missing (roles are cluster-wide), optionally a member of the app role. */
export async function ensureRole(name: string, attributes: string, memberOf?: string): Promise<void> {
  // Suites side by side on a fresh server race to create the same role: the loser's CREATE fails on the
  // unique name once the winner commits, and the role it wanted exists. Each role in its own block.
  for (const [role, attrs] of [
    ['commonweal_app', 'NOLOGIN NOSUPERUSER NOBYPASSRLS'],
    [name, attributes],
  ]) {
    await adminQuery(`DO $$ BEGIN
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${role}') THEN
          CREATE ROLE ${role} ${attrs};
        END IF;
      EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
      END $$;`);
  }
  if (memberOf) await adminQuery(`GRANT ${memberOf} TO ${name}`);
}
