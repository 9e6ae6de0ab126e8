// Shared by the benchmarks: each makes its own database on the DATABASE_URL server and drops it after.
import pg from 'pg';

/** The server from DATABASE_URL, or exit with why the bench needs it. */
export function serverUrl(bench) {
  const url = process.env.DATABASE_URL;
  if (!url) {
    console.error(`${bench} needs DATABASE_URL (a PostgreSQL server where it may create a database)`);
    process.exit(2);
  }
  return url;
}

/** The same server, another database (and optionally another login role). */
export function withDb(url, db, user) {
  const u = new URL(url);
  u.pathname = `/${db}`;
  if (user) {
    u.username = user;
    u.password = '';
  }
  return u.toString();
}

/** One statement on a connection of its own. */
export async function admin(url, sql, params = []) {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return await c.query(sql, params);
  } finally {
    await c.end();
  }
}
