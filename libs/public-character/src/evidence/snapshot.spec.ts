import fc from 'fast-check';
import { isExpired, type LibraryItem, takeSnapshot } from './snapshot.js';

const item = (id: string, over: Partial<LibraryItem> = {}): LibraryItem => ({
  id,
  title: `Item ${id}`,
  evidenceType: 'policy',
  description: '',
  url: `https://example.org/${id}`,
  document: null,
  issuedOn: null,
  expiresOn: null,
  withdrawn: false,
  ...over,
});
const tests = [
  { code: 'goals', name: 'Goals' },
  { code: 'values', name: 'Values' },
  { code: 'employees', name: 'Employees' },
];

describe('public character snapshot', () => {
  it('copies each test’s answer and evidence in the framework’s order, naming what is weak', () => {
    const { snapshot, warnings } = takeSnapshot(
      tests,
      2,
      [
        { testCode: 'employees', level: 3, narrative: 'Staff survey', evidenceIds: ['old', 'gone'] },
        { testCode: 'goals', level: 4, narrative: 'Our objects', evidenceIds: ['a'] },
      ],
      [item('a'), item('old', { expiresOn: '2026-11-28' }), item('gone', { withdrawn: true })],
      '2026-11-29',
    );
    expect(snapshot.frameworkVersion).toBe(2);
    expect(snapshot.tests.map((t) => [t.code, t.level])).toEqual([
      ['goals', 4],
      ['values', null],
      ['employees', 3],
    ]);
    expect(snapshot.tests[2].evidence).toEqual([expect.objectContaining({ id: 'old', expired: true })]);
    expect(snapshot.tests[0].evidence[0]).not.toHaveProperty('withdrawn');
    expect(warnings.map((w) => `${w.test} ${w.rule}`)).toEqual(['values not-assessed', 'employees evidence-expired', 'employees evidence-withdrawn']);
  });

  it('is expired only after its expiry date (London calendar dates), never without one', () => {
    expect(isExpired('2026-11-29', '2026-11-29')).toBe(false);
    expect(isExpired('2026-11-28', '2026-11-29')).toBe(true);
    expect(isExpired(null, '2099-01-01')).toBe(false);
  });

  it('is a copy: changing the library afterwards never changes a snapshot taken (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ title: fc.string(), level: fc.integer({ min: 0, max: 4 }) }), { minLength: 1, maxLength: 3 }), (edits) => {
        const library = [item('a')];
        const answers = [{ testCode: 'goals', level: 2, narrative: 'n', evidenceIds: ['a'] }];
        const { snapshot } = takeSnapshot(tests, 0, answers, library, '2026-11-29');
        const before = JSON.stringify(snapshot);
        for (const e of edits) {
          library[0].title = e.title;
          answers[0].level = e.level;
          answers[0].evidenceIds.push('a');
        }
        expect(JSON.stringify(snapshot)).toBe(before);
      }),
    );
  });
});
