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
 * with an empty object holding those keys in that order: copies are cloned from it and filled in,
 * which is quicker than adding sixty keys one by one.
 */
interface Shape {
  keys: string[];
  sorted: string[];
  template: Record<string, unknown>;
  unsuitable: boolean;
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
  const template: Record<string, unknown> = {};
  // Any value, not only numbers: '' then null leaves each slot general, so filling it never reshapes the clones.
  if (!unsuitable) for (const k of sorted) template[k] = '';
  if (!unsuitable) for (const k of sorted) template[k] = null;
  const shape = { keys, sorted, template, unsuitable };
  shapes.set(keys.length, shape);
  return shape;
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
  if (shape.unsuitable) return UNSUITABLE;
  const copy: Record<string, unknown> = { ...shape.template };
  for (const k of shape.sorted) {
    const v = (value as Record<string, unknown>)[k];
    if (v === undefined) {
      delete copy[k];
      continue;
    }
    const c = sortedCopy(v, shapes);
    if (c === UNSUITABLE) return UNSUITABLE;
    copy[k] = c;
  }
  return copy;
}
