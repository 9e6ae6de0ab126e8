import { validationProblem } from '../errors/problem.js';

/**
 * The rows a request names by id, in the order named. Each id must be one of the rows found (and pass
 * `check`, if given) and be named once; otherwise a 400 names every bad place (`field.i`) and its rule.
 */
export function namedRows<T extends { id: string }>(
  ids: string[],
  found: T[],
  field: string,
  missing: string,
  check?: (row: T) => { rule: string; message: string } | null,
): T[] {
  const byId = new Map(found.map((r) => [r.id, r]));
  const problems = ids.flatMap((id, i) => {
    const at = `${field}.${i}`;
    const row = byId.get(id);
    if (!row) return [{ field: at, rule: 'exists', message: `${at} ${missing}` }];
    const bad = check?.(row);
    if (bad) return [{ field: at, ...bad }];
    return ids.indexOf(id) < i ? [{ field: at, rule: 'unique', message: `${at} is listed twice` }] : [];
  });
  if (problems.length) throw validationProblem(problems);
  return ids.map((id) => byId.get(id)!);
}
