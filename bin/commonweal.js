#!/usr/bin/env node
// The `commonweal` command. Builds the project on first use (a fresh clone has no dist/).
import { existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
// `evaluate` and `wlc` recompute offline: each has its own entry, which never reads the environment.
const OFFLINE = { evaluate: 'dist/apps/api/src/cli/evaluate.js', wlc: 'dist/apps/api/src/cli/wlc.js' };
const entry = join(root, OFFLINE[process.argv[2]] ?? 'dist/apps/api/src/cli/main.js');
if (!existsSync(entry)) {
  execFileSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit' });
}
await import(pathToFileURL(entry).href);
