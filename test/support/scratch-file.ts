import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Runs `use` on a file named `name` holding `contents`, in a folder of its own that is removed afterwards: a bundle
 * as an auditor downloads it and hands it to the CLI, without leaving it in the machine's temporary folder.
 */
export function withFile<T>(name: string, contents: string, use: (path: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'commonweal-scratch-'));
  try {
    const path = join(dir, name);
    writeFileSync(path, contents);
    return use(path);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
