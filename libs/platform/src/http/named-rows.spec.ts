import { ProblemException } from '../errors/problem.js';
import { namedRows } from './named-rows.js';

const rows = [
  { id: 'a', ok: true },
  { id: 'b', ok: false },
  { id: 'c', ok: true },
];
const problems = (f: () => unknown) => {
  try {
    f();
  } catch (err) {
    return ((err as ProblemException).toProblem().errors ?? []).map((e) => `${e.field} ${e.rule}`);
  }
  return [];
};

describe('rows a request names by id', () => {
  it('returns them in the order named', () => {
    expect(namedRows(['c', 'a'], rows, 'items', 'is not yours').map((r) => r.id)).toEqual(['c', 'a']);
  });

  it('names every bad place: missing, failing the check, named twice', () => {
    const check = (r: { ok: boolean }) => (r.ok ? null : { rule: 'usable', message: 'not usable' });
    expect(problems(() => namedRows(['a', 'x', 'b', 'a'], rows, 'items', 'is not yours', check))).toEqual([
      'items.1 exists',
      'items.2 usable',
      'items.3 unique',
    ]);
  });
});
