import { describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/**
 * The architecture's rules (.dependency-cruiser.cjs, docs/architecture.md) hold on the code, fail on a
 * violation, and the library graph in the docs is the one the code has. `npm run lint:deps` checks the
 * same rules on every `npm test`; this suite shows they can fail, and keeps the docs true.
 */
const root = process.cwd();
const cruiser = join(root, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs');

interface Cruise {
  modules: { source: string; dependencies: { resolved: string; coreModule: boolean }[] }[];
  summary: { violations: { from: string; to: string; rule: { name: string } }[] };
}

function cruise(cwd: string, paths: string[]): Cruise {
  let out: string;
  try {
    out = execFileSync(process.execPath, [cruiser, ...paths, '--config', '.dependency-cruiser.cjs', '--output-type', 'json'], {
      cwd,
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
  } catch (err) {
    // Violations exit non-zero; the report is still on stdout.
    out = (err as { stdout: string }).stdout;
  }
  return JSON.parse(out) as Cruise;
}

const libraryOf = (path: string) => /^libs\/([^/]+)\//.exec(path)?.[1] ?? /^apps\/([^/]+)\//.exec(path)?.[1];

/** Which library imports which, from a cruise: the architecture as the code has it. */
function libraryGraph(result: Cruise): string {
  const edges = new Map<string, Set<string>>();
  for (const m of result.modules) {
    const from = libraryOf(m.source);
    if (!from || !m.source.startsWith('libs/')) continue;
    for (const d of m.dependencies) {
      const to = libraryOf(d.resolved);
      if (!to || to === from || !d.resolved.startsWith('libs/')) continue;
      if (!edges.has(from)) edges.set(from, new Set());
      edges.get(from)!.add(to);
    }
  }
  return [...edges.keys()]
    .sort()
    .map((lib) => `- **${lib}** → ${[...edges.get(lib)!].sort().join(', ')}`)
    .join('\n');
}

describe('the architecture', () => {
  const result = cruise(root, ['libs', 'apps', 'test']);

  it('holds on the code: no layer crossed, no cycle, libraries reached only through their index, pure cores pure', () => {
    expect(result.modules.length).toBeGreaterThan(300);
    expect(result.summary.violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to}`)).toEqual([]);
  });

  it('fails on a deliberate violation of each kind', () => {
    const dir = mkdtempSync(join(tmpdir(), 'commonweal-boundaries-'));
    try {
      cpSync(join(root, '.dependency-cruiser.cjs'), join(dir, '.dependency-cruiser.cjs'));
      writeFileSync(join(dir, 'tsconfig.json'), readFileSync(join(root, 'tsconfig.json')));
      writeFileSync(join(dir, 'tsconfig.depcruise.json'), readFileSync(join(root, 'tsconfig.depcruise.json')));
      symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'), 'dir');
      const file = (path: string, text: string) => {
        mkdirSync(dirname(join(dir, path)), { recursive: true });
        writeFileSync(join(dir, path), text);
      };
      // The web kit reaching up into a context; a cycle in the kernel; a pure scoring file importing Nest;
      // a context reaching past another's index.
      file('libs/tendering/src/index.ts', "export { tenderThing } from './thing.js';\n");
      file('libs/tendering/src/thing.ts', 'export const tenderThing = 1;\n');
      file('libs/web/src/index.ts', "import { tenderThing } from '#tendering';\nexport const page = tenderThing;\n");
      file('libs/kernel/src/index.ts', "export { a } from './a.js';\n");
      file('libs/kernel/src/a.ts', "import { b } from './b.js';\nexport const a = () => b;\n");
      file('libs/kernel/src/b.ts', "import { a } from './a.js';\nexport const b = () => a;\n");
      file('libs/scoring/src/index.ts', "export { score } from './score.js';\n");
      file('libs/scoring/src/score.ts', "import { Injectable } from '@nestjs/common';\nexport const score = Injectable;\n");
      file('libs/evaluation/src/index.ts', "import { tenderThing } from '../../tendering/src/thing.js';\nexport const e = tenderThing;\n");
      // A cycle is reported from where the cruise met it first (a.ts, by name order).
      const found = new Set(cruise(dir, ['libs']).summary.violations.map((v) => `${v.rule.name}: ${v.from}`));
      expect([...found].sort()).toEqual([
        'layer-web: libs/web/src/index.ts',
        'no-circular: libs/kernel/src/a.ts',
        'pure-core: libs/scoring/src/score.ts',
        'through-the-index: libs/evaluation/src/index.ts',
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('draws in docs/architecture.md the library graph the code has', () => {
    const docs = readFileSync(join(root, 'docs', 'architecture.md'), 'utf8');
    const block = /<!-- library-graph:start -->\n([\s\S]*?)\n?<!-- library-graph:end -->/.exec(docs)?.[1]?.trim();
    // When this fails, paste the expected list between the markers.
    expect(block).toBe(libraryGraph(result));
  });
});
