import type { FieldProblem } from '../errors/problem.js';

/** How deep a request's body may nest: the deepest the API takes (an evaluation model's criteria tree) is under 10. */
export const MAX_INPUT_DEPTH = 32;
/** A UTF-16 surrogate with no partner: not text, and refused by PostgreSQL, the e-mail validator and every encoder. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * What no route can take, found before any validation or database sees it: nesting deeper than any request
 * needs (validation recurses, and a few thousand levels would overflow its stack), and text that is not text
 * (a NUL character, which PostgreSQL refuses in text; an unpaired surrogate). Walks without recursion, so the
 * walk itself cannot overflow; names each field as the validation problems do (`a.b.0.c`). Pure.
 */
export function inputTextProblems(value: unknown, root = ''): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const stack: [unknown, string, number][] = [[value, root, 0]];
  const name = (path: string) => path || 'body';
  while (stack.length && problems.length < 20) {
    const [v, path, depth] = stack.pop()!;
    if (typeof v === 'string') {
      if (v.includes('\u0000')) problems.push({ field: name(path), rule: 'no-nul', message: `${name(path)} must not contain a NUL character` });
      else if (LONE_SURROGATE.test(v))
        problems.push({ field: name(path), rule: 'well-formed-text', message: `${name(path)} must be text (it has an unpaired UTF-16 surrogate)` });
      continue;
    }
    if (v === null || typeof v !== 'object') continue;
    if (depth >= MAX_INPUT_DEPTH) {
      problems.push({ field: name(path), rule: 'max-depth', message: `${name(path)} nests deeper than ${MAX_INPUT_DEPTH} levels` });
      continue;
    }
    for (const [k, child] of Object.entries(v)) {
      const at = path ? `${path}.${k}` : k;
      if (k.includes('\u0000') || LONE_SURROGATE.test(k)) {
        problems.push({ field: name(path), rule: 'well-formed-text', message: `${name(path)} has a field name that is not text` });
        continue;
      }
      stack.push([child, at, depth + 1]);
    }
  }
  return problems;
}
