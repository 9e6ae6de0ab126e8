import fc from 'fast-check';
import { canonicalJson, canonicalJsonReference, contentHash } from './canonical-json.js';

describe('canonical JSON', () => {
  it('sorts keys at every level, drops undefined fields, and keeps arrays in order', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: undefined, x: 'é' }], c: null } })).toBe('{"a":{"c":null,"d":[3,{"x":"é","z":1}]},"b":1}');
  });

  it('is JSON that parses back to the same value, whatever order the keys were written in (property)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        expect(JSON.parse(canonicalJson(v))).toEqual(JSON.parse(JSON.stringify(v)));
        const reordered = JSON.parse(JSON.stringify(v), (_k, x) =>
          x && typeof x === 'object' && !Array.isArray(x) ? Object.fromEntries(Object.entries(x).reverse()) : x,
        );
        expect(contentHash(reordered)).toBe(contentHash(v));
      }),
    );
  });

  it('writes exactly the text of the reference rule, for any value (property)', () => {
    const indexKeys = fc.dictionary(fc.constantFrom('0', '1', '10', '9', 'a', '__proto__', 'b'), fc.jsonValue(), { maxKeys: 5 });
    const value = fc.oneof(fc.jsonValue(), indexKeys, fc.anything(), fc.array(fc.option(fc.integer(), { nil: undefined })));
    fc.assert(
      fc.property(value, (v) => {
        expect(canonicalJson(v)).toBe(canonicalJsonReference(v));
      }),
      { numRuns: 500 },
    );
  });

  it('writes runs of same-shaped objects (copied by one builder) exactly as the reference, holes and all (property)', () => {
    // Every bid's marks have the same keys: the writer copies them all with one generated literal; a missing value must still drop its key.
    const mark = fc.option(fc.oneof(fc.integer(), fc.string(), fc.array(fc.integer(), { maxLength: 3 })), { nil: undefined });
    const marks = fc.record({ 'q-2': mark, 'q-10': mark, 'q-1': mark, 'sv-1': mark, b: fc.option(fc.record({ z: mark, a: mark }), { nil: undefined }) });
    fc.assert(
      fc.property(fc.array(marks, { maxLength: 8 }), (runs) => {
        expect(canonicalJson(runs)).toBe(canonicalJsonReference(runs));
      }),
      { numRuns: 500 },
    );
  });

  it('writes wide objects (one key per bid: hundreds, which V8 may keep as a dictionary) exactly as the reference, holes and all (property)', () => {
    // Hundreds of keys in any order, nested wide objects with the same keys (marks and independent marks), missing values.
    const value = fc.option(fc.oneof(fc.integer(), fc.string(), fc.array(fc.integer(), { maxLength: 3 })), { nil: undefined });
    const wide = fc.dictionary(fc.string({ minLength: 1, maxLength: 6 }), value, { minKeys: 100, maxKeys: 400 });
    fc.assert(
      fc.property(wide, fc.boolean(), (top, nested) => {
        const v = nested ? { marks: top, again: Object.fromEntries(Object.entries(top).reverse()), list: [top, { top }] } : top;
        expect(canonicalJson(v)).toBe(canonicalJsonReference(v));
      }),
      { numRuns: 200 },
    );
  });

  it('takes any key as a name, never as code, in the literal it builds a copy with (property)', () => {
    // The builder's source is written from the keys: quotes, backslashes, line separators, lone surrogates and text
    // that would be code outside a string must all come out as keys, written as the reference writes them.
    const hostile = fc.constantFrom(
      '"',
      '\\',
      "'",
      '`',
      '\u2028',
      '\u2029',
      '\uD800',
      '}',
      '${1}',
      "'); throw 1; ('",
      '"]: 1, x: v[0',
      'constructor',
      'toString',
    );
    const key = fc.oneof(hostile, fc.string({ unit: 'binary' }), fc.string({ unit: 'grapheme' }));
    fc.assert(
      fc.property(fc.array(fc.dictionary(key, fc.oneof(fc.integer(), fc.string()), { maxKeys: 6 }), { maxLength: 4 }), (list) => {
        expect(canonicalJson(list)).toBe(canonicalJsonReference(list));
      }),
      { numRuns: 500 },
    );
  });

  it('tells apart objects whose keys are the same in another order, one more or fewer, or another, however they follow each other (property)', () => {
    // The writer reuses the shape it last met with as many keys when the next object's keys match it one by one: an
    // object with the same keys in another order, or with a key more, fewer or other, must be sorted afresh.
    const keySets = [
      ['q-2', 'q-1', 'b'],
      ['q-1', 'q-2', 'b'],
      ['q-2', 'q-1'],
      ['q-2', 'q-1', 'b', 'a'],
      ['b', 'q-1', 'q-2'],
      ['q-2', 'q-1', 'c'],
    ];
    const object = fc
      .tuple(fc.constantFrom(...keySets), fc.array(fc.integer(), { minLength: 4, maxLength: 4 }))
      .map(([keys, values]) => Object.fromEntries(keys.map((k, i) => [k, values[i]])));
    fc.assert(
      fc.property(fc.array(object, { maxLength: 12 }), (list) => {
        expect(canonicalJson(list)).toBe(canonicalJsonReference(list));
      }),
      { numRuns: 500 },
    );
  });

  it('hashes the example model as it always has (hashes already stored must not change)', () => {
    // The hash of a fixed document, computed with the original implementation.
    expect(
      contentHash({ lots: [{ key: 'lot-1', priceMethod: 'relative_to_lowest' }], tieBreak: ['higher_quality'], criteria: [{ key: 'price', weight: '40' }] }),
    ).toBe('8545383ad4ffdf0875f0a1e3fb8b8946c2f4ffb704f95b8f7e404e069cdb54be');
  });
});
