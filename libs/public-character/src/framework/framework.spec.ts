import { PUBLIC_CHARACTER_TESTS } from '#policy';
import { DEFAULT_FRAMEWORK, frameworkProblems } from './framework.js';

const rules = (p: { field: string; rule: string }[]) => p.map((x) => `${x.field} ${x.rule}`).sort();

describe('the public character framework', () => {
  it('ships the six maxims and the ten tests, each with descriptors for the levels 0 to 4', () => {
    expect(frameworkProblems(DEFAULT_FRAMEWORK)).toEqual([]);
    expect(DEFAULT_FRAMEWORK.maxims).toHaveLength(6);
    expect(DEFAULT_FRAMEWORK.tests.map((t) => t.code)).toEqual([...PUBLIC_CHARACTER_TESTS]);
    expect(DEFAULT_FRAMEWORK.tests.every((t) => t.descriptors.length === 5)).toBe(true);
  });

  it('lets an authority rewrite descriptors and add tests, but not drop one of the ten or repeat a code', () => {
    const f = structuredClone(DEFAULT_FRAMEWORK);
    f.tests[0].descriptors[4] = 'Fully: our own wording';
    f.tests.push({
      code: 'welsh_language',
      name: 'Welsh language',
      question: 'Serves people in Welsh as well as English',
      descriptors: ['a', 'b', 'c', 'd', 'e'],
    });
    expect(frameworkProblems(f)).toEqual([]);
    const dropped = structuredClone(f);
    dropped.tests = dropped.tests.filter((t) => t.code !== 'values');
    expect(rules(frameworkProblems(dropped))).toEqual(['tests core-tests']);
    const repeated = structuredClone(f);
    repeated.tests.push({ ...repeated.tests[10] });
    expect(rules(frameworkProblems(repeated))).toEqual(['tests.11.code unique']);
  });

  it('names the field and rule of a malformed framework', () => {
    const f = structuredClone(DEFAULT_FRAMEWORK) as unknown as { tests: { descriptors: string[]; code: string }[]; colour?: string };
    f.tests[2].descriptors = ['only one'];
    f.tests[3].code = 'Not A Code';
    f.colour = 'red';
    expect(rules(frameworkProblems(f))).toEqual(['colour unknown-field', 'tests.2.descriptors minItems', 'tests.3.code pattern']);
  });
});
