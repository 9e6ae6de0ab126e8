import fc from 'fast-check';
import { fileURLToPath } from 'node:url';
import { dataQualityProblems } from './data-quality.js';
import { compiledRelease, mergeRules } from './merge.js';
import { ocdsValidators } from './ocds-schemas.js';
import { awardRelease, type ContractFacts, contractRelease, type TenderFacts, tenderRelease } from './releases.js';

const ocds = ocdsValidators(fileURLToPath(new URL('../../../../../docs/ocds/1.1.5', import.meta.url)));
const rules = mergeRules(ocds.releaseSchema);
const PREFIX = 'ocds-cmnwl0';
const buyer = { id: '0190a000-0000-7000-8000-0000000000b1', name: 'Northmere City Council' };
const supplier = { id: '0190a000-0000-7000-8000-0000000000s1'.replace('s', '5'), name: 'Brightpath CIC' };
const tender = (over: Partial<TenderFacts> = {}): TenderFacts => ({
  id: '0190a000-0000-7000-8000-000000000001',
  reference: 'NCC-2023-031',
  title: 'Re-offending partnership',
  description: 'Outcomes for people leaving prison',
  status: 'awarded',
  estimatedValue: '4200000.00',
  currency: 'GBP',
  publishedAt: '2023-09-01T09:00:00.000Z',
  submissionDeadline: '2023-10-13T12:00:00.000Z',
  buyer,
  documents: [{ id: 'd1', title: 'Specification', url: 'https://example.test/spec.pdf', datePublished: '2023-09-01T09:00:00.000Z' }],
  numberOfTenderers: 3,
  ...over,
});
const contract = (over: Partial<ContractFacts> = {}): ContractFacts => ({
  id: '0190a000-0000-7000-8000-0000000000c1',
  awardId: 'lot-1',
  title: 'Re-offending partnership',
  status: 'active',
  value: '3950000.50',
  currency: 'GBP',
  startsOn: '2024-01-01',
  endsOn: '2028-12-31',
  dateSigned: '2023-12-20T10:00:00.000Z',
  supplier,
  ...over,
});
const process = (t = tender(), c = contract()) => [
  tenderRelease(PREFIX, t),
  awardRelease(PREFIX, t, { id: 'lot-1', title: t.title, status: 'pending', date: '2023-11-20T10:00:00Z', value: c.value, currency: 'GBP', supplier }),
  awardRelease(PREFIX, t, { id: 'lot-1', title: t.title, status: 'active', date: '2023-12-05T10:00:00Z', value: c.value, currency: 'GBP', supplier }),
  contractRelease(PREFIX, t, c),
];

describe('OCDS releases', () => {
  it('builds a tender, its award and its contract as releases the 1.1.5 schema accepts, in a package and as a record', () => {
    const releases = process();
    for (const r of releases) expect([r.id, ocds.release(r)]).toEqual([r.id, []]);
    expect(releases.map((r) => r.tag[0])).toEqual(['tender', 'award', 'awardUpdate', 'contractUpdate']);
    expect(releases[0]).toMatchObject({
      ocid: `${PREFIX}-0190a000-0000-7000-8000-000000000001`,
      tender: { status: 'complete', value: { amount: 4200000, currency: 'GBP' }, tenderPeriod: { endDate: '2023-10-13T12:00:00Z' } },
    });
    const pkg = { uri: 'https://example.test/p', version: '1.1', publishedDate: '2026-12-04T00:00:00Z', publisher: { name: 'Commonweal' }, releases };
    expect(ocds.releasePackage(pkg)).toEqual([]);
    const compiled = compiledRelease(releases, rules);
    expect(compiled).toMatchObject({
      tag: ['compiled'],
      awards: [{ id: 'lot-1', status: 'active', value: { amount: 3950000.5 } }],
      contracts: [{ awardID: 'lot-1' }],
    });
    const record = { ...pkg, releases: undefined, records: [{ ocid: releases[0].ocid, releases, compiledRelease: compiled }] };
    delete (record as { releases?: unknown }).releases;
    expect(ocds.recordPackage(record)).toEqual([]);
    expect(dataQualityProblems(releases[0].ocid, releases, ocds.codelist)).toEqual([]);
  });

  it('gives the same release for the same facts, and a new release id when a fact changes', () => {
    expect(tenderRelease(PREFIX, tender()).id).toBe(tenderRelease(PREFIX, tender()).id);
    expect(tenderRelease(PREFIX, tender({ title: 'Changed' })).id).not.toBe(tenderRelease(PREFIX, tender()).id);
  });

  it('finds what the schema cannot: a contract naming no award, a release id twice, a bad prefix, a code not in its list', () => {
    const [t, , , c] = process();
    const orphan = contractRelease(PREFIX, tender(), contract({ awardId: 'lot-9' }));
    expect(dataQualityProblems(t.ocid, [t, orphan], ocds.codelist)).toEqual([expect.stringContaining('awardID lot-9 names no award')]);
    expect(dataQualityProblems(t.ocid, [t, t], ocds.codelist)).toEqual([expect.stringContaining('the release id is used twice')]);
    const bad = tenderRelease('ocds-TOOLONGPREFIX', tender());
    expect(dataQualityProblems(bad.ocid, [bad], ocds.codelist)).toEqual([expect.stringContaining('prefix of the form ocds-xxxxxx')]);
    const odd = { ...c, contracts: [{ ...(c.contracts as object[])[0], status: 'finished' }] };
    expect(dataQualityProblems(t.ocid, [process()[1], odd], ocds.codelist)).toContainEqual(
      expect.stringContaining('finished is not in the contractStatus codelist'),
    );
  });

  it('publishes every status a tender and a contract can have with a valid schema and codes (property)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<TenderFacts['status']>('published', 'closed', 'evaluation', 'awarded', 'no_award', 'cancelled'),
        fc.constantFrom<ContractFacts['status']>('pending', 'active', 'expired', 'terminated'),
        fc.integer({ min: 1, max: 99_999_999_999 }),
        (status, contractStatus, pence) => {
          const value = (pence / 100).toFixed(2);
          const releases = process(tender({ status }), contract({ status: contractStatus, value }));
          for (const r of releases) expect(ocds.release(r)).toEqual([]);
          expect(dataQualityProblems(releases[0].ocid, releases, ocds.codelist)).toEqual([]);
          expect(ocds.release(compiledRelease(releases, rules))).toEqual([]);
        },
      ),
      { numRuns: 60 },
    );
  });
});
