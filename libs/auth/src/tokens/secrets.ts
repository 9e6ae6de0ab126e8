import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AppConfig } from '#platform';

/**
 * The access-token signing secret: JWT_SECRET when set (required in
 * production); otherwise one generated on first start and kept in the data
 * folder, so tokens survive a restart of the embedded demo.
 */
export function jwtSecret(config: AppConfig): string {
  if (config.JWT_SECRET) return config.JWT_SECRET;
  const file = join(config.COMMONWEAL_DATA_DIR, 'jwt-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const secret = randomBytes(48).toString('base64url');
  try {
    mkdirSync(config.COMMONWEAL_DATA_DIR, { recursive: true });
    writeFileSync(file, secret, { mode: 0o600 });
    chmodSync(file, 0o600);
  } catch {
    // A read-only data folder: the secret lives for this process only.
  }
  return secret;
}
