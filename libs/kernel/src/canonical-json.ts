import { createHash } from 'node:crypto';

/**
 * JSON with object keys sorted at every level, so the same content always has
 * the same text, whatever order it was written in: what a content hash needs.
 *
 * Stored hashes (tender models, bid receipts, evaluation digests) depend on
 * this exact text, so the rule is written once, plainly, in `canonicalJsonReference`.
 * `canonicalJson` gives the same text faster for plain JSON data: it copies the
 * value with keys inserted in sorted order and lets the native JSON.stringify
 * write it (an evaluation's inputs run to megabytes). Where the native writer
 * would not keep our order or our text (keys that look like array indexes, which
 * JavaScript always lists first; a key named __proto__; holes, functions or class instances), it falls
 * back to the reference. A property test holds the two to the same output.
 */
export function canonicalJson(value: unknown): string {
  const copy = sortedCopy(value, new Map());
  return copy === UNSUITABLE ? canonicalJsonReference(value) : (JSON.stringify(copy) as string);
}

/** The sha256 of a text (as UTF-8) or of bytes, in hex: a receipt, a token's stored form, a document's fingerprint. */
export const sha256 = (bytes: string | Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

export const contentHash = (value: unknown): string => sha256(canonicalJson(value));

/** The rule itself, one object at a time. */
export function canonicalJsonReference(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJsonReference).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJsonReference(v)}`).join(',')}}`;
}

const UNSUITABLE = Symbol('unsuitable');
const INDEX_LIKE = /^(?:0|[1-9]\d*)$/;

/**
 * Objects of one shape (every bid's marks have the same keys) come in runs; sorting their keys
 * is most of the cost, so the sorted order of the last keys seen, per key count, is kept for the call,
 * with a function that makes the copy from the object's values: one object literal with those keys in
 * sorted order. A literal is built by V8 from a boilerplate in one step, where adding sixty keys one by one
 * (or filling a clone of a template) reshapes or looks up the copy at every key; it made the copy of an
 * evaluation's inputs 40% quicker (issue 19). The keys are written into the literal as JSON strings, which
 * are JavaScript string literals too, so a key can only ever be a name; `__proto__`, the one name a literal
 * treats otherwise, never gets a builder (it falls back to the reference).
 */
interface Shape {
  keys: string[];
  /** The copy, from the object's values in the order of `keys`; absent when the native writer cannot be used. */
  build?: (values: unknown[]) => Record<string, unknown>;
}
type Shapes = Map<number, Shape>;

function shapeOf(value: object, shapes: Shapes): Shape {
  const keys = Object.keys(value);
  const last = shapes.get(keys.length);
  if (last) {
    let same = true;
    for (let i = 0; i < keys.length && same; i++) same = keys[i] === last.keys[i];
    if (same) return last;
  }
  const sorted = keys.slice().sort();
  // Assigning __proto__ would set the copy's prototype rather than add the key.
  const unsuitable = sorted.some((k) => INDEX_LIKE.test(k) || k === '__proto__');
  const at = new Map(keys.map((k, i) => [k, i]));
  const shape: Shape = { keys, build: unsuitable ? undefined : builder(sorted.map((k) => `${JSON.stringify(k)}: v[${at.get(k)}]`).join(', ')) };
  shapes.set(keys.length, shape);
  return shape;
}

/**
 * One builder per literal for the life of the process, so the next evaluation's copies are made by code the JIT has
 * already optimised (a builder made afresh each call starts cold). Bounded: models are few, but keys come from users.
 */
const builders = new Map<string, NonNullable<Shape['build']>>();
function builder(literal: string): NonNullable<Shape['build']> {
  let build = builders.get(literal);
  if (!build) {
    if (builders.size >= 1000) builders.clear();
    // Generated from JSON string literals only (shapeOf).
    build = new Function('v', `return { ${literal} };`) as NonNullable<Shape['build']>;
    builders.set(literal, build);
  }
  return build;
}

function sortedCopy(value: unknown, shapes: Shapes): unknown {
  if (value === null) return null;
  switch (typeof value) {
    case 'string':
    case 'number':
    case 'boolean':
      return value;
    case 'object':
      break;
    default:
      return UNSUITABLE;
  }
  if (Array.isArray(value)) {
    // An array of plain values is written as it stands: no need to copy it (marks arrive as thousands of these).
    let plain = true;
    for (let i = 0; i < value.length && plain; i++) {
      const t = typeof value[i];
      plain = i in value && (value[i] === null || t === 'string' || t === 'number' || t === 'boolean');
    }
    if (plain) return value;
    const copy = new Array(value.length);
    for (let i = 0; i < value.length; i++) {
      if (!(i in value) || value[i] === undefined) return UNSUITABLE;
      const c = sortedCopy(value[i], shapes);
      if (c === UNSUITABLE) return UNSUITABLE;
      copy[i] = c;
    }
    return copy;
  }
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return UNSUITABLE;
  const shape = shapeOf(value, shapes);
  if (!shape.build) return UNSUITABLE;
  // In the order of the shape's keys. A key whose value is undefined stays in the copy: the native writer leaves it
  // out, as the rule does.
  const values: unknown[] = Object.values(value);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === undefined || v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') continue;
    const c = sortedCopy(v, shapes);
    if (c === UNSUITABLE) return UNSUITABLE;
    values[i] = c;
  }
  return shape.build(values);
}
