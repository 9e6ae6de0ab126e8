import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import pg from 'pg';
import { createServer } from 'node:net';
import { Redis } from 'ioredis';
import { waitUntil } from './wait.js';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

const REDIS_SERVER = ['/usr/bin/redis-server', '/usr/local/bin/redis-server'].find((p) => existsSync(p));
export const hasRedisServer = () => REDIS_SERVER !== undefined;

/**
 * A private Redis that a test may kill and restart (the shared one on 6379 is
 * not ours to stop). It keeps nothing on disk: a restart is a Redis that lost
 * its memory, the worst case for a queue.
 */
export class PrivateRedis {
  private proc?: ChildProcess;
  private constructor(readonly port: number) {}

  static async start(): Promise<PrivateRedis> {
    const r = new PrivateRedis(await freePort());
    await r.up();
    return r;
  }

  get url() {
    return `redis://127.0.0.1:${this.port}`;
  }

  async up(): Promise<void> {
    if (!REDIS_SERVER) throw new Error('redis-server is not installed');
    this.proc = spawn(REDIS_SERVER, ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    await waitUntil(
      async () => {
        const probe = new Redis(this.url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
        probe.on('error', () => undefined);
        try {
          await probe.connect();
          return (await probe.ping()) === 'PONG';
        } catch {
          return false;
        } finally {
          probe.disconnect();
        }
      },
      10_000,
      `redis-server on ${this.port}`,
    );
  }

  /** SIGKILL: no shutdown save, no goodbye to clients. */
  async kill(): Promise<void> {
    const p = this.proc;
    if (!p || p.exitCode !== null) return;
    const exited = new Promise((r) => p.once('exit', r));
    p.kill('SIGKILL');
    await exited;
  }
}

/** A PostgreSQL program of the newest version Debian has installed (each under /usr/lib/postgresql/N/bin), if any. */
export function postgresTool(name: string): string | undefined {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const newest = readdirSync(root)
    .filter((v) => existsSync(join(root, v, 'bin', name)))
    .sort((a, b) => Number(b) - Number(a))[0];
  return newest ? join(root, newest, 'bin', name) : undefined;
}

const PG_BIN = postgresTool('postgres') ? dirname(postgresTool('postgres')!) : undefined;
export const hasPostgresServer = () => PG_BIN !== undefined;

/**
 * A private PostgreSQL server that a test may stop and start again (the shared one is not ours to restart):
 * Debian's binaries, a cluster of its own in a temporary folder, trust authentication on 127.0.0.1. Run as
 * the `postgres` user when the tests run as root (PostgreSQL refuses to run as root).
 */
export class PrivatePostgres {
  private proc?: ChildProcess;
  private constructor(
    readonly port: number,
    private readonly dir: string,
    private readonly user: { uid?: number; gid?: number },
  ) {}

  static async start(): Promise<PrivatePostgres> {
    if (!PG_BIN) throw new Error('PostgreSQL server binaries are not installed');
    const dir = mkdtempSync(join(tmpdir(), 'commonweal-pg-'));
    const user = serviceUser();
    if (user.uid !== undefined) chownSync(dir, user.uid, user.gid!);
    execFileSync(join(PG_BIN, 'initdb'), ['-D', join(dir, 'data'), '-U', 'postgres', '--auth=trust', '--no-sync', '-E', 'UTF8', '--locale=C'], {
      ...user,
      stdio: 'ignore',
    });
    const server = new PrivatePostgres(await freePort(), dir, user);
    await server.up();
    return server;
  }

  url(database = 'postgres') {
    return `postgres://postgres@127.0.0.1:${this.port}/${database}`;
  }

  async up(): Promise<void> {
    const settings = ['listen_addresses=127.0.0.1', 'fsync=off', 'max_connections=60', 'shared_buffers=32MB'];
    this.proc = spawn(
      join(PG_BIN!, 'postgres'),
      ['-D', join(this.dir, 'data'), '-p', String(this.port), '-k', this.dir, ...settings.flatMap((s) => ['-c', s])],
      {
        ...this.user,
        stdio: 'ignore',
      },
    );
    await waitUntil(() => answers(this.url()), 30_000, `the private PostgreSQL on ${this.port}`);
  }

  /** 'fast' is a restart's shutdown (clients told, transactions rolled back); 'immediate' a crash (recovery at start). */
  async stop(mode: 'fast' | 'immediate' = 'fast'): Promise<void> {
    const p = this.proc;
    if (!p || p.exitCode !== null || p.signalCode !== null) return;
    const exited = new Promise((r) => p.once('exit', r));
    p.kill(mode === 'fast' ? 'SIGINT' : 'SIGQUIT');
    await exited;
  }

  async close(): Promise<void> {
    await this.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

const PGBOUNCER = ['/usr/sbin/pgbouncer', '/usr/bin/pgbouncer'].find((p) => existsSync(p));
export const hasPgBouncer = () => PGBOUNCER !== undefined;

/** Whether a PostgreSQL server (or a pooler in front of one) at this address answers a query. */
async function answers(url: string): Promise<boolean> {
  const probe = new pg.Client({ connectionString: url });
  probe.on('error', () => undefined);
  try {
    await probe.connect();
    await probe.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await probe.end().catch(() => undefined);
  }
}

/** The `postgres` user's ids when the tests run as root (PostgreSQL and PgBouncer refuse to run as root). */
function serviceUser(): { uid?: number; gid?: number } {
  if (process.getuid?.() !== 0) return {};
  return {
    uid: Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim()),
    gid: Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim()),
  };
}

/**
 * A private PgBouncer (Debian's) in front of a PostgreSQL server, in transaction pooling mode with few server
 * connections, as managed deployments put one: many client connections take turns on each server connection.
 */
export class PrivatePgBouncer {
  private constructor(
    readonly port: number,
    private readonly dir: string,
    private readonly proc: ChildProcess,
  ) {}

  static async start(server: { host: string; port: number }, serverConnections: number): Promise<PrivatePgBouncer> {
    if (!PGBOUNCER) throw new Error('pgbouncer is not installed');
    const dir = mkdtempSync(join(tmpdir(), 'commonweal-pgbouncer-'));
    const user = serviceUser();
    const port = await freePort();
    writeFileSync(join(dir, 'users.txt'), '"postgres" ""\n');
    writeFileSync(
      join(dir, 'pgbouncer.ini'),
      [
        '[databases]',
        `* = host=${server.host} port=${server.port}`,
        '[pgbouncer]',
        'listen_addr = 127.0.0.1',
        `listen_port = ${port}`,
        "unix_socket_dir = ''",
        'auth_type = trust',
        `auth_file = ${join(dir, 'users.txt')}`,
        'admin_users = postgres',
        'pool_mode = transaction',
        `default_pool_size = ${serverConnections}`,
        'max_client_conn = 500',
        'ignore_startup_parameters = extra_float_digits,options',
        `logfile = ${join(dir, 'pgbouncer.log')}`,
      ].join('\n'),
    );
    if (user.uid !== undefined) for (const f of ['', 'users.txt', 'pgbouncer.ini']) chownSync(join(dir, f), user.uid, user.gid!);
    const proc = spawn(PGBOUNCER, [join(dir, 'pgbouncer.ini')], { ...user, stdio: 'ignore' });
    const bouncer = new PrivatePgBouncer(port, dir, proc);
    await waitUntil(() => answers(bouncer.url('postgres')), 15_000, `pgbouncer on ${port}`);
    return bouncer;
  }

  url(database: string) {
    return `postgres://postgres@127.0.0.1:${this.port}/${database}`;
  }

  /** The pools as PgBouncer's admin console shows them (server connections in use or idle, per database). */
  async pools(): Promise<{ database: string; sv_active: number; sv_idle: number; sv_used: number; cl_active: number; cl_waiting: number }[]> {
    const admin = new pg.Client({ connectionString: this.url('pgbouncer') });
    await admin.connect();
    try {
      // No parameters, so the simple query protocol: the only one the admin console speaks.
      return (await admin.query('SHOW POOLS')).rows;
    } finally {
      await admin.end();
    }
  }

  async close(): Promise<void> {
    if (this.proc.exitCode === null && this.proc.signalCode === null) {
      const exited = new Promise((r) => this.proc.once('exit', r));
      this.proc.kill('SIGINT');
      await exited;
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Compiles dist/ so that a test can start the real worker as its own process. */
export function buildOnce(): void {
  execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
}

/** The worker exactly as `npm run start:worker` runs it, in a process the test can kill. */
export function startWorker(env: Record<string, string>): ChildProcess {
  const child = spawn(process.execPath, ['dist/apps/worker/src/main.js'], {
    env: { PATH: process.env.PATH ?? '', NODE_ENV: 'test', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  return child;
}

export async function killProcess(p: ChildProcess): Promise<void> {
  if (p.exitCode !== null || p.signalCode !== null) return;
  const exited = new Promise((r) => p.once('exit', r));
  p.kill('SIGKILL');
  await exited;
}
