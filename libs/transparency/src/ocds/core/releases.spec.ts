/* eslint-disable @typescript-eslint/no-explicit-any -- a compiled release is read here as the public reads it: plain JSON */
import fc from 'fast-check';
import { fileURLToPath } from 'node:url';
import { dataQualityProblems } from './data-quality.js';
import { compiledRelease, mergeRules } from './merge.js';
import { ocdsValidators } from './ocds-schemas.js';
import { type ContractStory, type ImplementationFacts, RATING_SCHEME } from './implementation.js';
import { processReleases } from './process.js';
import { carries, WITHHOLDING_SCHEME, type Withholding } from './withholding.js';
import { awardRelease, type ContractFacts, contractRelease, type TenderFacts, tenderRelease } from './releases.js';

const ocds = ocdsValidators(fileURLToPath(new URL('../../../../../docs/ocds/1.1.5', import.meta.url)));
const rules = mergeRules(ocds.releaseSchema);
const PREFIX = 'ocds-cmnwl0';
const TODAY = '2026-06-01';
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

const good = { code: 'met', name: 'Good' };
const implementation = (over: Partial<ImplementationFacts> = {}): ImplementationFacts => ({
  transactions: [
    { id: 'pay-1', paidOn: '2024-04-10', amount: '240000.00' },
    { id: 'pay-2', paidOn: '2024-07-10', amount: '260000.25' },
  ],
  schedule: [
    { id: 'pay-1', label: 'Fixed fee, quarter 1', kind: 'fixed_fee', dueOn: '2024-04-01', amount: '240000.00', paidOn: '2024-04-10' },
    { id: 'pay-2', label: 'Fixed fee, quarter 2', kind: 'fixed_fee', dueOn: '2024-07-01', amount: '260000.25', paidOn: '2024-07-10' },
    { id: 'pay-3', label: 'Fixed fee, quarter 3', kind: 'fixed_fee', dueOn: '2024-10-01', amount: '240000.00', paidOn: null },
  ],
  kpis: [
    {
      code: 'KPI-1',
      title: 'First appointment within 5 days',
      unit: 'percent',
      direction: 'higher',
      good: '90',
      measurements: [{ id: 'm-1', periodEndsOn: '2024-03-31', value: '92.5', rating: good, recordedAt: '2024-04-05T09:00:00.000Z' }],
    },
  ],
  outcomes: [
    {
      code: 'OUT-1',
      title: 'Not reconvicted within 12 months',
      baseline: '0.4500',
      target: '0.5500',
      milestones: [
        { by: '2025-06-30', target: '0.5500' },
        { by: '2024-06-30', target: '0.5000' },
      ],
      results: [
        {
          id: 'v-1',
          periodStartsOn: '2024-01-01',
          periodEndsOn: '2024-06-30',
          cohort: 120,
          units: 66,
          rate: '0.5500',
          expected: '0.5200',
          decision: 'accepted',
          validatedAt: '2024-08-01T10:00:00.000Z',
        },
      ],
    },
  ],
  assessments: [
    {
      id: 'a-1',
      sequence: 1,
      occasion: 'yearly',
      periodFrom: '2024-01-01',
      periodTo: '2024-12-31',
      rating: good,
      summary: 'On track',
      assessedAt: '2025-01-20T12:00:00.000Z',
    },
  ],
  socialValue: [
    {
      id: 'sv-1',
      code: 'NT1',
      title: 'Local people employed',
      unit: 'FTE',
      committed: '12',
      committedValue: '250000.00',
      currency: 'GBP',
      delivered: [{ id: 'd-1', year: 1, quantity: '5', acceptedAt: '2025-01-15T12:00:00.000Z' }],
    },
  ],
  ...over,
});
const story = (over: Partial<ContractStory> = {}): ContractStory => ({ amendments: [], implementation: implementation(), ...over });
const lifecycle = (s: ContractStory, c = contract(), withholdings: Withholding[] = []) => {
  const t = tender();
  return processReleases(
    PREFIX,
    {
      withholdings,
      tender: t,
      awards: [
        { id: 'lot-1', title: t.title, status: 'pending', date: '2023-11-20T10:00:00Z', value: c.value, currency: 'GBP', supplier },
        { id: 'lot-1', title: t.title, status: 'active', date: '2023-12-05T10:00:00Z', value: c.value, currency: 'GBP', supplier },
      ],
      contracts: [{ ...c, story: s }],
    },
    TODAY,
  );
};

describe('OCDS releases after signature: amendments and implementation', () => {
  it('publishes payments made as transactions, KPI, outcome and social value results against what was agreed, and ratings as classifications', () => {
    const releases = lifecycle(story());
    expect(releases.map((r) => r.tag[0])).toEqual(['tender', 'award', 'awardUpdate', 'contractUpdate', 'implementation']);
    for (const r of releases) expect([r.id, ocds.release(r)]).toEqual([r.id, []]);
    expect(dataQualityProblems(releases[0].ocid, releases, ocds.codelist)).toEqual([]);
    // Dated by its latest fact: the assessment.
    expect(releases[4].date).toBe('2025-01-20T12:00:00Z');
    const [compiled] = compiledRelease(releases, rules).contracts as Record<string, any>[];
    expect(compiled.implementation.transactions.map((t: any) => [t.id, t.value.amount, t.date])).toEqual([
      ['pay-1', 240000, '2024-04-10T00:00:00Z'],
      ['pay-2', 260000.25, '2024-07-10T00:00:00Z'],
    ]);
    expect(compiled.implementation.transactions[0]).toMatchObject({ payer: { name: 'Northmere City Council' }, payee: { name: 'Brightpath CIC' } });
    const metric = (id: string) => compiled.implementation.metrics.find((m: any) => m.id === id);
    const agreed = (id: string) => compiled.agreedMetrics.find((m: any) => m.id === id);
    expect(agreed('kpi-KPI-1').observations[0]).toMatchObject({ measure: 90, unit: { name: 'percent' } });
    expect(metric('kpi-KPI-1').observations[0]).toMatchObject({
      measure: 92.5,
      measureClassification: { scheme: RATING_SCHEME, id: 'met', description: 'Good' },
    });
    expect(agreed('outcome-OUT-1').observations[0].measure).toBe(0.55);
    expect(metric('outcome-OUT-1').observations[0]).toMatchObject({ measure: 0.55, dimensions: { cohort: 120, unitsPaidFor: 66, validation: 'accepted' } });
    expect(agreed('social-value-sv-1').observations[0]).toMatchObject({ measure: 12, value: { amount: 250000, currency: 'GBP' } });
    expect(metric('social-value-sv-1').observations[0]).toMatchObject({ measure: 5, dimensions: { contractYear: 1 } });
    expect(metric('performance-assessment').observations[0]).toMatchObject({ measure: 'Good', measureClassification: { id: 'met' }, notes: 'On track' });
  });

  it('publishes the payment schedule and the interim outcome targets as milestones, met as the records say and never by the clock alone', () => {
    const releases = lifecycle(story());
    for (const r of releases) expect([r.id, ocds.release(r)]).toEqual([r.id, []]);
    expect(dataQualityProblems(releases[0].ocid, releases, ocds.codelist)).toEqual([]);
    const [compiled] = compiledRelease(releases, rules).contracts as Record<string, any>[];
    expect(compiled.implementation.milestones.map((m: any) => [m.id, m.type, m.status, m.dueDate, m.dateMet])).toEqual([
      ['payment-pay-1', 'payment', 'met', '2024-04-01T00:00:00Z', '2024-04-10T00:00:00Z'],
      ['payment-pay-2', 'payment', 'met', '2024-07-01T00:00:00Z', '2024-07-10T00:00:00Z'],
      ['payment-pay-3', 'payment', 'scheduled', '2024-10-01T00:00:00Z', undefined],
      // The half year to 30 June 2024 was validated at 0.55 against 0.52 expected of it: met. The next is yet to be judged.
      ['outcome-OUT-1-by-2024-06-30', 'delivery', 'met', '2024-06-30T00:00:00Z', '2024-06-30T00:00:00Z'],
      ['outcome-OUT-1-by-2025-06-30', 'delivery', 'scheduled', '2025-06-30T00:00:00Z', undefined],
    ]);
    expect(compiled.implementation.milestones[3]).toMatchObject({ code: 'outcomeTarget', dateModified: '2024-08-01T10:00:00Z' });
    // Below what was expected of it, read in context: not met.
    const below = implementation();
    below.outcomes[0].results[0] = { ...below.outcomes[0].results[0], rate: '0.5100' };
    const [missed] = compiledRelease(lifecycle(story({ implementation: below })), rules).contracts as Record<string, any>[];
    expect(missed.implementation.milestones[3]).toMatchObject({ status: 'notMet', dateModified: '2024-08-01T10:00:00Z' });
    expect(missed.implementation.milestones[3].dateMet).toBeUndefined();
    // A schedule alone, from signature: the implementation release is dated then.
    const scheduled = lifecycle(
      story({
        implementation: implementation({
          transactions: [],
          kpis: [],
          outcomes: [],
          assessments: [],
          socialValue: [],
          schedule: [implementation().schedule[2]],
        }),
      }),
    );
    expect(scheduled.find((r) => r.tag[0] === 'implementation')!.date).toBe('2023-12-20T10:00:00Z');
  });

  it('finds a payment milestone met with no payment made', () => {
    const unpaid = lifecycle(story({ implementation: implementation({ transactions: [] }) }));
    expect(dataQualityProblems(unpaid[0].ocid, unpaid, ocds.codelist)).toEqual([expect.stringContaining('2 payment milestones met but 0 payments made')]);
  });

  it('publishes nothing for implementation until something has happened, and a signed change as an amendment that the record compiles to', () => {
    const quiet = story({ implementation: implementation({ transactions: [], schedule: [], kpis: [], outcomes: [], assessments: [], socialValue: [] }) });
    expect(lifecycle(quiet).map((r) => r.tag[0])).not.toContain('implementation');
    const varied = story({
      amendments: [
        {
          id: 'ch-1',
          signedAt: '2025-02-01T10:00:00.000Z',
          kind: 'extension',
          rationale: 'A year more, as the contract allows',
          classification: 'option',
          valueBefore: '3950000.50',
          valueAfter: '4750000.50',
          endsOnAfter: '2029-12-31',
        },
      ],
    });
    const releases = lifecycle(varied);
    expect(releases.map((r) => r.tag[0])).toContain('contractAmendment');
    for (const r of releases) expect([r.id, ocds.release(r)]).toEqual([r.id, []]);
    expect(dataQualityProblems(releases[0].ocid, releases, ocds.codelist)).toEqual([]);
    const [compiled] = compiledRelease(releases, rules).contracts as Record<string, any>[];
    expect(compiled.value.amount).toBe(4750000.5);
    expect(compiled.period).toEqual({ startDate: '2024-01-01T00:00:00Z', endDate: '2029-12-31T00:00:00Z' });
    expect(compiled.amendments).toEqual([expect.objectContaining({ id: 'ch-1', rationale: 'A year more, as the contract allows' })]);
  });

  it('finds payments beyond the value the contract has, and a payment before the day it was signed', () => {
    const over = lifecycle(
      story({ implementation: implementation({ transactions: [{ id: 'p', paidOn: '2024-05-01', amount: '3950000.51' }], schedule: [] }) }),
    );
    expect(dataQualityProblems(over[0].ocid, over, ocds.codelist)).toEqual([expect.stringContaining('transactions add up to more than its value')]);
    // Paid the day it was signed is in order; the day before is not.
    const sameDay = lifecycle(story({ implementation: implementation({ transactions: [{ id: 'p', paidOn: '2023-12-20', amount: '1.00' }], schedule: [] }) }));
    expect(dataQualityProblems(sameDay[0].ocid, sameDay, ocds.codelist)).toEqual([]);
    const early = lifecycle(story({ implementation: implementation({ transactions: [{ id: 'p', paidOn: '2023-12-19', amount: '1.00' }], schedule: [] }) }));
    expect(dataQualityProblems(early[0].ocid, early, ocds.codelist)).toEqual([expect.stringContaining('transaction p is dated outside signature to release')]);
  });
});

describe('OCDS releases with what the authority withholds', () => {
  const change = {
    id: 'ch-1',
    signedAt: '2025-02-01T10:00:00.000Z',
    kind: 'variation' as const,
    rationale: 'The provider’s costs of a new site, as its accounts show',
    classification: 'minor',
    valueBefore: '3950000.50',
    valueAfter: '4000000.50',
    endsOnAfter: '2028-12-31',
  };
  const withheld = (over: Partial<Withholding>): Withholding => ({
    id: 'w-1',
    contractId: contract().id,
    contractTitle: 'Re-offending partnership',
    field: 'contracts/agreedMetrics',
    ground: 'commerciallySensitive',
    rationale: 'The outcome targets reveal the provider’s pricing model',
    availableOn: null,
    liftedAt: null,
    ...over,
  });

  it('leaves each withheld field out of every release that would carry it, says what and why, and keeps what the law asks published', () => {
    const all = [
      withheld({ id: 'w-1', field: 'contracts/agreedMetrics', availableOn: '2027-01-01' }),
      withheld({ id: 'w-2', field: 'contracts/implementation/metrics' }),
      withheld({ id: 'w-3', field: 'contracts/amendments/rationale', ground: 'personalData', rationale: 'Names a member of staff' }),
    ];
    const open = lifecycle(story({ amendments: [change] }));
    const releases = lifecycle(story({ amendments: [change] }), contract(), all);
    for (const r of releases) expect([r.id, ocds.release(r)]).toEqual([r.id, []]);
    expect(dataQualityProblems(releases[0].ocid, releases, ocds.codelist)).toEqual([]);
    for (const w of all) expect(releases.filter((r) => carries(r, w)).map((r) => r.id)).toEqual([]);
    // A release that carried none of it is unchanged (the same id); one that did has new content, so a new id.
    const tags = (rs: typeof releases, changed: boolean) => rs.filter((r, i) => (r.id !== open[i].id) === changed).map((r) => r.tag[0]);
    expect(tags(releases, false)).toEqual(['tender', 'award', 'awardUpdate', 'contractUpdate']);
    expect(tags(releases, true)).toEqual(['contractAmendment', 'implementation']);
    const compiled = compiledRelease(releases, rules) as Record<string, any>;
    const [c] = compiled.contracts;
    expect(c.agreedMetrics).toBeUndefined();
    expect(c.implementation.metrics).toBeUndefined();
    expect(c.amendments[0].rationale).toBeUndefined();
    // The interim outcome targets are agreed terms: withheld with them. The payment schedule is not.
    expect(c.implementation.milestones.map((m: any) => m.type)).toEqual(['payment', 'payment', 'payment']);
    // What the law asks published stays: the value after the change, every payment.
    expect(c.value.amount).toBe(4000000.5);
    expect(c.implementation.transactions).toHaveLength(2);
    expect(compiled.withheldInformation.map((w: any) => [w.id, w.field, w.rationaleClassifications[0].id, w.availabilityDate])).toEqual([
      ['w-1', 'contracts/agreedMetrics', 'commerciallySensitive', '2027-01-01T00:00:00Z'],
      ['w-2', 'contracts/implementation/metrics', 'commerciallySensitive', undefined],
      ['w-3', 'contracts/amendments/rationale', 'personalData', undefined],
    ]);
    expect(compiled.withheldInformation[2]).toMatchObject({ rationale: 'Names a member of staff', rationaleClassifications: [{ scheme: WITHHOLDING_SCHEME }] });
  });

  it('withholds whether an interim target was met with the results, leaving the target itself', () => {
    const releases = lifecycle(story(), contract(), [withheld({ field: 'contracts/implementation/metrics' })]);
    expect(dataQualityProblems(releases[0].ocid, releases, ocds.codelist)).toEqual([]);
    const [c] = compiledRelease(releases, rules).contracts as Record<string, any>[];
    const targets = c.implementation.milestones.filter((m: any) => m.code === 'outcomeTarget');
    expect(targets.map((m: any) => [m.status, m.dateMet, m.dateModified])).toEqual([
      ['scheduled', undefined, undefined],
      ['scheduled', undefined, undefined],
    ]);
    expect(c.agreedMetrics).toBeDefined();
  });

  it('withholds only from the contract it names, and nothing once there is nothing to withhold', () => {
    const elsewhere = lifecycle(story(), contract(), [withheld({ contractId: '0190a000-0000-7000-8000-0000000000c9' })]);
    expect(elsewhere.map((r) => r.id)).toEqual(lifecycle(story()).map((r) => r.id));
    // Nothing has happened yet: there is no implementation release, so nothing to say was withheld.
    const quiet = story({ implementation: implementation({ transactions: [], schedule: [], kpis: [], outcomes: [], assessments: [], socialValue: [] }) });
    expect(lifecycle(quiet, contract(), [withheld({})]).flatMap((r) => (r.withheldInformation as unknown[] | undefined) ?? [])).toEqual([]);
  });

  it('publishes a field once its withholding is lifted or its day has come, saying until when it was withheld', () => {
    const open = lifecycle(story());
    for (const w of [withheld({ liftedAt: '2026-05-20T09:30:00.000Z' }), withheld({ availableOn: TODAY })]) {
      const releases = lifecycle(story(), contract(), [w]);
      const implementation = releases.find((r) => r.tag[0] === 'implementation')!;
      expect((implementation.contracts as any[])[0].agreedMetrics).toEqual(
        (open.find((r) => r.tag[0] === 'implementation')!.contracts as any[])[0].agreedMetrics,
      );
      expect(implementation.withheldInformation).toEqual([
        expect.objectContaining({ id: 'w-1', availabilityDate: w.liftedAt ? '2026-05-20T09:30:00Z' : `${TODAY}T00:00:00Z` }),
      ]);
      expect(dataQualityProblems(releases[0].ocid, releases, ocds.codelist)).toEqual([]);
    }
    // The day before its day, it is still withheld.
    const dayBefore = lifecycle(story(), contract(), [withheld({ availableOn: '2026-06-02' })]);
    expect((dayBefore.find((r) => r.tag[0] === 'implementation')!.contracts as any[])[0].agreedMetrics).toBeUndefined();
  });

  it('finds withheld information that does not say which field or why', () => {
    const releases = lifecycle(story(), contract(), [withheld({})]);
    const bare = releases.map((r) => (r.withheldInformation ? { ...r, withheldInformation: [{ id: 'w-1', field: 'contracts/agreedMetrics' }] } : r));
    expect(dataQualityProblems(bare[0].ocid, bare, ocds.codelist)).toEqual([
      expect.stringContaining('withheld information w-1 does not say which field and why'),
    ]);
  });
});
