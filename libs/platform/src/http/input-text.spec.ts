import fc from 'fast-check';
import { inputTextProblems, MAX_INPUT_DEPTH } from './input-text.js';

const nested = (depth: number): unknown => {
  let v: unknown = 'leaf';
  for (let i = 0; i < depth; i++) v = { a: v };
  return v;
};

describe('input text: what no route can take', () => {
  it('names a NUL character, an unpaired surrogate and nesting too deep by their fields', () => {
    expect(inputTextProblems({ title: 'a\u0000b', lots: [{ title: 'ok' }, { title: '\uD800' }], email: 'x\uDC00@example.test' })).toEqual(
      expect.arrayContaining([
        { field: 'title', rule: 'no-nul', message: 'title must not contain a NUL character' },
        { field: 'lots.1.title', rule: 'well-formed-text', message: 'lots.1.title must be text (it has an unpaired UTF-16 surrogate)' },
        expect.objectContaining({ field: 'email', rule: 'well-formed-text' }),
      ]),
    );
    expect(inputTextProblems(nested(MAX_INPUT_DEPTH))).toEqual([]);
    expect(inputTextProblems(nested(MAX_INPUT_DEPTH + 1))).toEqual([
      expect.objectContaining({ field: Array(MAX_INPUT_DEPTH).fill('a').join('.'), rule: 'max-depth' }),
    ]);
    expect(inputTextProblems({ ['k\u0000']: 1 })).toEqual([expect.objectContaining({ field: 'body', rule: 'well-formed-text' })]);
    expect(inputTextProblems('a,b\n\u0000', 'body')).toEqual([expect.objectContaining({ field: 'body', rule: 'no-nul' })]);
  });

  it('walks a hundred thousand levels without overflowing its own stack', () => {
    expect(inputTextProblems(nested(100_000))).toHaveLength(1);
  });

  it('takes any well-formed text, however it mixes scripts, emoji and symbols', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6 }), fc.string({ unit: 'grapheme' }), (v, s) => {
        const clean = JSON.parse(JSON.stringify(v).replace(/\\u0000/g, ''));
        expect(inputTextProblems({ v: clean, s: s.replace(/\u0000/g, '') })).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });
});
