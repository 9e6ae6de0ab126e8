import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { asOwner, login, startTestApp, type TestApp } from '../support/test-app.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- OpenAPI schemas and answers are read as plain JSON */

type Schema = { $ref?: string; type?: string; properties?: Record<string, Schema>; required?: string[]; items?: Schema; enum?: unknown[]; allOf?: Schema[] };

/** Who calls a route, by the first role its rule names (the OpenAPI document's x-roles). */
const CALLERS: Record<string, [string, string?]> = {
  authority_admin: ['admin@northmere.test'],
  commissioner: ['commissioner@northmere.test'],
  evaluator: ['evaluator1@northmere.test'],
  contract_manager: ['contracts@northmere.test'],
  auditor: ['auditor@northmere.test'],
  scrutiny_member: ['scrutiny@northmere.test'],
  provider: ['bids@brightpath.test', 'northmere'],
  platform_operator: ['operator@commonweal.test'],
};

/** A body the schema would take, as far as a schema says (required fields, their types, the first of an enum). */
function plausible(schema: Schema, resolve: (s: Schema) => Schema, depth = 0): unknown {
  const s = resolve(schema);
  if (s.enum?.length) return s.enum[0];
  if (depth > 6) return null;
  switch (s.type) {
    case 'string':
      return 'fuzz';
    case 'integer':
    case 'number':
      return 1;
    case 'boolean':
      return true;
    case 'array':
      return s.items ? [plausible(s.items, resolve, depth + 1)] : [];
    default: {
      const out: Record<string, unknown> = {};
      for (const [k, p] of Object.entries(s.properties ?? {})) out[k] = plausible(p, resolve, depth + 1);
      return out;
    }
  }
}

/** Every string leaf's place in a value, as a path of keys. */
function stringPaths(v: unknown, at: (string | number)[] = []): (string | number)[][] {
  if (typeof v === 'string') return [at];
  if (Array.isArray(v)) return v.flatMap((x, i) => stringPaths(x, [...at, i]));
  if (v && typeof v === 'object') return Object.entries(v).flatMap(([k, x]) => stringPaths(x, [...at, k]));
  return [];
}
const setAt = (v: any, path: (string | number)[], value: unknown) => {
  if (!path.length) return value;
  const copy = structuredClone(v);
  let o = copy;
  for (const k of path.slice(0, -1)) o = o[k];
  o[path[path.length - 1]] = value;
  return copy;
};

/**
 * Each way a body is made wrong (issue 18, item 2), every one of them something no route may take, so each
 * request must be refused: an unknown field, a NUL character, an unpaired surrogate or 200,000 characters in a
 * text field, a required field missing or of the wrong type (a number beyond the safe integers for text),
 * nesting thousands of levels deep, a body that is not an object.
 */
const MUTATIONS: [string, (body: Record<string, unknown>, schema: Schema, pick: number) => string | null][] = [
  ['unknown field', (b) => JSON.stringify({ ...b, fuzzUnknownField: 'x' })],
  ['NUL in text', (b, _s, pick) => ((p) => (p.length ? JSON.stringify(setAt(b, p[pick % p.length], 'a\u0000b')) : null))(stringPaths(b))],
  ['unpaired surrogate', (b, _s, pick) => ((p) => (p.length ? JSON.stringify(setAt(b, p[pick % p.length], 'a\uD800b')) : null))(stringPaths(b))],
  [
    'required field missing',
    (b, s, pick) => {
      const required = s.required ?? [];
      if (!required.length) return null;
      const { [required[pick % required.length]]: _, ...rest } = b;
      return JSON.stringify(rest);
    },
  ],
  [
    'required field of the wrong type',
    (b, s, pick) => {
      const required = s.required ?? [];
      if (!required.length) return null;
      const k = required[pick % required.length];
      return JSON.stringify({ ...b, [k]: typeof b[k] === 'number' ? 'not a number' : typeof b[k] === 'string' ? 2 ** 53 + 2 : 'not an object' });
    },
  ],
  ['a huge string', (b, _s, pick) => ((p) => (p.length ? JSON.stringify(setAt(b, p[pick % p.length], 'x'.repeat(200_000))) : null))(stringPaths(b))],
  ['nested thousands deep', () => `{"fuzz":${'{"a":'.repeat(3000)}1${'}'.repeat(3000)}}`],
  ['not an object', (_b, _s, pick) => ['[1,2,3]', '42', '"text"', 'null'][pick % 4]],
];

describe('every route under fuzzed bodies', () => {
  let t: TestApp;
  const tokens = new Map<string, string>();

  beforeAll(async () => {
    t = await startTestApp({ env: { LOGIN_RATE_LIMIT: '10000' } });
    for (const [role, [email, authority]] of Object.entries(CALLERS)) tokens.set(role, await login(t, email, authority));
  });
  afterAll(async () => t?.close());

  it('refuses every body made wrong with a 4xx problem naming a field, never a 5xx, and stores nothing', async () => {
    const doc = (await t.http.get('/api/docs-json')).body as { paths: Record<string, Record<string, any>>; components: { schemas: Record<string, Schema> } };
    const resolve = (s: Schema): Schema => {
      const r = s.$ref ? doc.components.schemas[s.$ref.split('/').at(-1)!] : s.allOf?.length === 1 ? resolve(s.allOf[0]) : s;
      return r.$ref ? resolve(r) : r;
    };
    const ops = Object.entries(doc.paths).flatMap(([path, byMethod]) =>
      Object.entries(byMethod)
        .filter(([, op]) => op.requestBody?.content?.['application/json']?.schema)
        .map(([method, op]) => ({
          path,
          method,
          roles: (op['x-roles'] ?? []) as string[],
          schema: resolve(op.requestBody.content['application/json'].schema),
        })),
    );
    expect(ops.length).toBeGreaterThan(40);
    const [{ count: eventsBefore }] = await asOwner<{ count: number }>(t, `SELECT count(*)::int AS count FROM audit_events`);
    const failures: string[] = [];
    const started = Date.now();
    let sent = 0;
    const statuses = new Map<number, number>();
    // Bounded (about a minute on two busy cores): each route gets every kind of wrong body, picked afresh each run.
    const picks = fc.sample(fc.nat(1000), ops.length * MUTATIONS.length);
    for (const [i, op] of ops.entries()) {
      if (Date.now() - started > 60_000) break;
      const role = op.roles.find((r) => tokens.has(r));
      const headers: Record<string, string> = { 'content-type': 'application/json', ...(role ? { authorization: `Bearer ${tokens.get(role)}` } : {}) };
      const path = op.path.replace(/\{[^}]+\}/g, '0190a000-0000-4000-8000-00000000f022');
      const base = plausible(op.schema, resolve) as Record<string, unknown>;
      for (const [j, [kind, mutate]] of MUTATIONS.entries()) {
        const body = mutate(base, op.schema, picks[i * MUTATIONS.length + j]);
        if (body === null) continue;
        const res = await t.http[op.method as 'post'](path).set(headers).send(body);
        sent++;
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        const where = `${op.method.toUpperCase()} ${op.path} (${kind})`;
        if (res.status >= 500 || res.status < 400) failures.push(`${where}: ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`);
        else if (!/^application\/problem\+json/.test(res.headers['content-type'] ?? '')) failures.push(`${where}: ${res.status} not problem+json`);
        else if (res.status === 400 && res.body.type === '/problems/validation' && !res.body.errors?.every((e: any) => typeof e.field === 'string' && e.field))
          failures.push(`${where}: 400 without the field named`);
      }
    }
    expect(failures).toEqual([]);
    expect(sent).toBeGreaterThan(ops.length * 3);
    // Most are refused by validation (400), not by a missing record: the bodies reach the rules.
    expect(statuses.get(400) ?? 0).toBeGreaterThan(sent * 0.8);
    // Nothing written by any of them: every change writes its audit event in its own transaction, and there is none.
    expect((await asOwner<{ count: number }>(t, `SELECT count(*)::int AS count FROM audit_events`))[0].count).toBe(eventsBefore);
  }, 180_000);
});
