/**
 * The OCDS merge rules (1.1), for a record's compiled release: the releases of one contracting process in
 * date order, each laid over what came before.
 * - A field whose new value is null is removed; any other value replaces the old one, except:
 * - an object merges field by field;
 * - an array of objects merges by `id` (identifier merge): an item with a new id is appended, one with a
 *   known id merges into it, unless the schema marks the array `wholeListMerge`, when the new list
 *   replaces the old one whole, as any array of strings or numbers does;
 * - the release's own `id`, `date` and `tag` (`omitWhenMerged`) are not merged: the compiled release has
 *   its own.
 * Which arrays merge whole, and which fields are omitted, is read from the release schema (`mergeRules`),
 * not written out here. Pure: data in, data out.
 */
export interface MergeRules {
  /** Dotted paths (array items have no index: `parties.additionalIdentifiers`) of arrays replaced whole. */
  wholeList: ReadonlySet<string>;
  /** Top-level fields left out of the merge. */
  omitted: ReadonlySet<string>;
}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Schema = { properties?: Record<string, Schema>; items?: Schema; $ref?: string; wholeListMerge?: boolean; omitWhenMerged?: boolean };

/** The merge rules the schema declares, found by walking it (definitions followed through $ref). */
export function mergeRules(schema: Schema & { definitions?: Record<string, Schema> }): MergeRules {
  const wholeList = new Set<string>();
  const omitted = new Set<string>();
  const resolve = (s: Schema): Schema => (s.$ref?.startsWith('#/definitions/') ? (schema.definitions?.[s.$ref.slice(14)] ?? s) : s);
  const walk = (s: Schema, path: string, depth: number, seen: string[]) => {
    const r = resolve(s);
    if (depth > 12 || (s.$ref && seen.includes(s.$ref))) return;
    const trail = s.$ref ? [...seen, s.$ref] : seen;
    for (const [name, child] of Object.entries(r.properties ?? {})) {
      const at = path ? `${path}.${name}` : name;
      if (child.omitWhenMerged && !path) omitted.add(name);
      if (child.wholeListMerge) wholeList.add(at);
      if (child.items) walk(child.items, at, depth + 1, trail);
      else walk(child, at, depth + 1, trail);
    }
  };
  walk(schema, '', 0, []);
  return { wholeList, omitted };
}

const isObject = (v: Json | undefined): v is { [k: string]: Json } => typeof v === 'object' && v !== null && !Array.isArray(v);

function mergeValue(old: Json | undefined, value: Json, path: string, rules: MergeRules): Json {
  if (isObject(value)) return mergeObject(isObject(old) ? old : {}, value, path, rules);
  if (Array.isArray(value) && !rules.wholeList.has(path) && value.length && value.every((x) => isObject(x) && 'id' in x)) {
    const list = (Array.isArray(old) ? old : []).map((x) => x) as { [k: string]: Json }[];
    for (const item of value as { [k: string]: Json }[]) {
      const at = list.findIndex((x) => isObject(x) && String(x.id) === String(item.id));
      if (at >= 0) list[at] = mergeObject(list[at], item, path, rules);
      else list.push(mergeObject({}, item, path, rules));
    }
    return list;
  }
  return value;
}

function mergeObject(old: { [k: string]: Json }, changes: { [k: string]: Json }, path: string, rules: MergeRules): { [k: string]: Json } {
  const out: { [k: string]: Json } = { ...old };
  for (const [key, value] of Object.entries(changes)) {
    const at = path ? `${path}.${key}` : key;
    if (value === null) delete out[key];
    else out[key] = mergeValue(out[key], value, at, rules);
  }
  return out;
}

export interface ReleaseLike {
  ocid: string;
  id: string;
  date: string;
  [k: string]: unknown;
}

/** The compiled release of one process: its releases merged in date order (ties by id), tagged `compiled`. */
export function compiledRelease(releases: readonly ReleaseLike[], rules: MergeRules): Record<string, unknown> {
  if (!releases.length) throw new Error('a record needs at least one release');
  const ordered = [...releases].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  let compiled: { [k: string]: Json } = {};
  for (const r of ordered) {
    const body = Object.fromEntries(Object.entries(r).filter(([k]) => !rules.omitted.has(k))) as { [k: string]: Json };
    compiled = mergeObject(compiled, body, '', rules);
  }
  const last = ordered[ordered.length - 1];
  return { ...compiled, id: `${last.ocid}-compiled-${last.date}`, date: last.date, tag: ['compiled'] };
}
