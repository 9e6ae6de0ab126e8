// Shared by the benchmarks: each makes its own database on the DATABASE_URL server and drops it after.
import { readdirSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
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

/**
 * The login role a bench's API connects as: not a superuser and not exempt from row-level security, a member of the
 * role the migrations grant to (as a deployment's login is). Made once per server; returns the URL of `db` as it.
 */
export async function appLogin(url, db) {
  await admin(
    url,
    `DO $$ BEGIN
      IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'commonweal_app') THEN CREATE ROLE commonweal_app NOLOGIN; END IF;
      IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'commonweal_bench_login') THEN
        CREATE ROLE commonweal_bench_login LOGIN NOSUPERUSER NOBYPASSRLS IN ROLE commonweal_app;
      END IF; END $$`,
  );
  return withDb(url, db, 'commonweal_bench_login');
}

/**
 * How a bench starts the API or the worker: with the node flags the Docker image runs them with (its
 * `ENV NODE_OPTIONS`, read from docker/Dockerfile so the two cannot drift), then any of the bench's own
 * (`BENCH_API_FLAGS` by default, e.g. --trace-gc): a bench measures the process as it is deployed.
 */
export function appArgs(script, extra = process.env.BENCH_API_FLAGS) {
  const dockerfile = readFileSync(new URL('../docker/Dockerfile', import.meta.url), 'utf8');
  const deployed = /^ENV NODE_OPTIONS="([^"]*)"/m.exec(dockerfile)?.[1] ?? '';
  return [...`${deployed} ${extra ?? ''}`.split(' ').filter(Boolean), script];
}

/**
 * The Node.js a bench runs the servers it starts on: this one, or `BENCH_NODE` (a path), so the API can be measured
 * on the Node the Docker image runs (`.ci/run` caches that LTS at ~/.cache/commonweal/node-26/package/bin/node).
 * Every server a bench starts, the floor's included, runs on the same one.
 */
export const appNode = () => process.env.BENCH_NODE || process.execPath;

/**
 * Waits until a server the bench started answers `<origin>/health`. An API that exits first (a bad migration, the
 * port taken, a flag Node refuses) ends the bench with its exit code rather than two minutes of polling.
 */
export async function waitForApi(origin, child, { seconds = 120 } = {}) {
  for (const deadline = Date.now() + seconds * 1000; Date.now() < deadline; await sleep(500)) {
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(`the server at ${origin} exited (${child.exitCode ?? child.signalCode}) before it was ready`);
    try {
      if ((await fetch(`${origin}/health`)).ok) return;
    } catch {} // not listening yet
  }
  throw new Error(`the server at ${origin} did not answer /health in ${seconds} s`);
}

/** A process's resident memory now, in MB (from /proc; NaN once it has ended). */
export function rssMb(pid) {
  try {
    return Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? NaN) / 1024;
  } catch {
    return NaN;
  }
}

/** Samples a process's resident memory every `ms` from now; `stop()` ends it and returns the peak in MB. */
export function peakRss(pid, ms = 200) {
  let peak = rssMb(pid);
  const sampler = setInterval(() => (peak = Math.max(peak, rssMb(pid) || 0)), ms);
  return {
    stop() {
      clearInterval(sampler);
      return peak;
    },
  };
}

/** The middle of the rounds (the upper middle of an even number): what every bench reports, the machine being noisy. */
export const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** The p-th percentile of the samples by nearest rank (the smallest sample with p% of them at or below it). */
export const percentile = (xs, p) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
};

/** CPU seconds used so far (user + system) by a process, from /proc (clock ticks of 1/100 s). */
export const cpuOf = (pid) => {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0; // the process ended
  }
};
/** CPU seconds used so far by every PostgreSQL process on the machine (the server and its backends). */
export const postgresCpu = () =>
  readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .reduce((sum, pid) => {
      try {
        return readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'postgres' ? sum + cpuOf(pid) : sum;
      } catch {
        return sum;
      }
    }, 0);
/** CPU seconds used so far by this process, its worker threads included. */
export const ownCpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};
