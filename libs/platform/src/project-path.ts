import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let root: string | undefined;

/**
 * A path inside the project, for files that are not compiled (templates,
 * front-end assets). Found by walking up to our package.json, so it is the
 * same from the sources (tests), from dist/ and in the Docker image.
 */
export function projectPath(...parts: string[]): string {
  if (!root) {
    let dir = dirname(fileURLToPath(import.meta.url));
    while (!isOurs(dir)) {
      const up = dirname(dir);
      if (up === dir) throw new Error('cannot find the commonweal package.json above ' + fileURLToPath(import.meta.url));
      dir = up;
    }
    root = dir;
  }
  return join(root, ...parts);
}

function isOurs(dir: string): boolean {
  const file = join(dir, 'package.json');
  if (!existsSync(file)) return false;
  return (JSON.parse(readFileSync(file, 'utf8')) as { name?: string }).name === 'commonweal';
}
