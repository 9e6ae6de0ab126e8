import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const CLAMD = '/usr/sbin/clamd';
export const clamdInstalled = existsSync(CLAMD);

/** The EICAR test file: every antivirus reports it as a virus, and it harms nothing. */
export const EICAR = 'X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

const pong = (port: number) =>
  new Promise<boolean>((resolve) => {
    const s = connect({ host: '127.0.0.1', port });
    let reply = '';
    s.setTimeout(1000, () => (s.destroy(), resolve(false)));
    s.on('error', () => resolve(false));
    s.on('connect', () => s.write('zPING\0'));
    s.on('data', (d) => (reply += d.toString()));
    s.on('end', () => resolve(reply.startsWith('PONG')));
  });

/**
 * Debian's clamd, started for a suite on a port of its own, with a signature database holding one signature,
 * EICAR's (as a body signature, so it is found anywhere in a file): these machines cannot download ClamAV's
 * databases, and EICAR is what every scanner is tested with.
 */
export async function startClamd(onPort?: number): Promise<{ url: string; port: number; stop: () => Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'commonweal-clamd-'));
  mkdirSync(join(dir, 'db'));
  writeFileSync(join(dir, 'db', 'eicar.ndb'), `Eicar-Test-Signature:0:*:${Buffer.from(EICAR).toString('hex')}\n`);
  const port = onPort ?? (await freePort());
  writeFileSync(
    join(dir, 'clamd.conf'),
    [
      `DatabaseDirectory ${join(dir, 'db')}`,
      `TCPSocket ${port}`,
      'TCPAddr 127.0.0.1',
      'Foreground yes',
      'LogTime yes',
      `LogFile ${join(dir, 'clamd.log')}`,
    ].join('\n'),
  );
  const child = spawn(CLAMD, ['-c', join(dir, 'clamd.conf')], { stdio: 'ignore' });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const deadline = Date.now() + 60_000;
  while (!(await pong(port))) {
    if (child.exitCode !== null) throw new Error(`clamd exited (${child.exitCode}); its log is in ${dir}`);
    if (Date.now() > deadline) throw new Error(`clamd did not answer in 60 s; its log is in ${dir}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url: `tcp://127.0.0.1:${port}`,
    port,
    stop: async () => {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
