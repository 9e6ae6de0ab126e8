import { readFileSync } from 'node:fs';
import { compiledRelease, mergeRules, type ReleaseLike } from './merge.js';

const schema = JSON.parse(readFileSync(new URL('../../../../../docs/ocds/1.1.5/release-schema.json', import.meta.url), 'utf8'));
const rules = mergeRules(schema);
const base = { ocid: 'ocds-x-1', initiationType: 'tender' };

describe('the OCDS merge rules', () => {
  it('reads from the schema which arrays merge whole and which fields are left out', () => {
    expect([...rules.omitted].sort()).toEqual(['date', 'id', 'tag']);
    expect(rules.wholeList.has('parties.additionalIdentifiers')).toBe(true);
    expect(rules.wholeList.has('tender.items.additionalClassifications')).toBe(true);
    expect(rules.wholeList.has('awards')).toBe(false);
  });

  it('merges objects field by field, replaces values, removes a field set to null, and tags the result compiled', () => {
    const releases: ReleaseLike[] = [
      {
        ...base,
        id: 'r1',
        date: '2026-01-01T00:00:00Z',
        tag: ['tender'],
        tender: { id: 't', title: 'Youth clubs', status: 'active', value: { amount: 100, currency: 'GBP' } },
      },
      { ...base, id: 'r2', date: '2026-02-01T00:00:00Z', tag: ['tenderUpdate'], tender: { status: 'complete', value: null } },
    ];
    expect(compiledRelease(releases, rules)).toEqual({
      ...base,
      id: 'ocds-x-1-compiled-2026-02-01T00:00:00Z',
      date: '2026-02-01T00:00:00Z',
      tag: ['compiled'],
      tender: { id: 't', title: 'Youth clubs', status: 'complete' },
    });
  });

  it('merges arrays of objects by id whatever order the releases come in, and replaces whole the arrays the schema says', () => {
    const releases: ReleaseLike[] = [
      {
        ...base,
        id: 'r3',
        date: '2026-03-01T00:00:00Z',
        tag: ['contract'],
        contracts: [{ id: 'c1', awardID: 'a1', status: 'active' }],
        parties: [{ id: 'p1', name: 'Brightpath', roles: ['supplier'] }],
      },
      {
        ...base,
        id: 'r1',
        date: '2026-01-01T00:00:00Z',
        tag: ['award'],
        awards: [{ id: 'a1', status: 'pending' }],
        parties: [
          { id: 'p1', name: 'Brightpath CIC', roles: ['tenderer'], additionalIdentifiers: [{ scheme: 'GB-COH', id: '1' }] },
          { id: 'p2', name: 'Council' },
        ],
      },
      {
        ...base,
        id: 'r2',
        date: '2026-02-01T00:00:00Z',
        tag: ['awardUpdate'],
        awards: [{ id: 'a1', status: 'active' }],
        parties: [{ id: 'p1', additionalIdentifiers: [{ scheme: 'GB-CHC', id: '2' }] }],
      },
    ];
    const c = compiledRelease(releases, rules);
    expect(c.awards).toEqual([{ id: 'a1', status: 'active' }]);
    expect(c.contracts).toEqual([{ id: 'c1', awardID: 'a1', status: 'active' }]);
    // roles is a list of strings: replaced; additionalIdentifiers is wholeListMerge: replaced, not merged by id.
    expect(c.parties).toEqual([
      { id: 'p1', name: 'Brightpath', roles: ['supplier'], additionalIdentifiers: [{ scheme: 'GB-CHC', id: '2' }] },
      { id: 'p2', name: 'Council' },
    ]);
  });
});
