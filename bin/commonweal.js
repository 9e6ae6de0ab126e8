#!/usr/bin/env node
// The `commonweal` command. Builds the project on first use (a fresh clone has no dist/).
import { existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
// `evaluate` needs only the engine: its own small entry, so it starts quickly and never reads the environment.
const entry = join(root, process.argv[2] === 'evaluate' ? 'dist/apps/api/src/cli/evaluate.js' : 'dist/apps/api/src/cli/main.js');
if (!existsSync(entry)) {
  execFileSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit' });
}
await import(pathToFileURL(entry).href);
