import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { COST_BUNDLE_SCHEMA, type CostBundle, costBundleProblems, costFigures } from './cost-bundle.js';
import { ILLUSTRATIVE_GDP_DEFLATOR } from './defaults.js';
import { GREEN_BOOK } from '#kernel';

const bundle = (): CostBundle => ({
  format: 'commonweal-cost-bundle/1',
  asOf: '2026-12-01',
  contract: {
    id: 'c1',
    reference: 'NCC-1',
    title: 'Meals',
    status: 'active',
    awardedOn: '2025-01-10',
    startsOn: '2025-04-01',
    endsOnAtAward: '2028-03-31',
    endsOn: '2028-03-31',
    awardedValue: '300000.00',
    value: '300000.00',
  },
  settings: { source: 'default', version: 0, deflators: [...ILLUSTRATIVE_GDP_DEFLATOR], discountSchedule: [...GREEN_BOOK] },
  comparator: { cycleId: 'y1', cost: '360000.00', lengthMonths: 36 },
  cycleShare: null,
  entries: [
    {
      id: 'e1',
      occurredOn: '2025-04-02',
      amount: '300000.00',
      basis: 'committed',
      bearer: 'authority',
      type: 'purchased',
      phase: 'operational',
      classification: 'contract-payments',
      hours: null,
      hourlyRate: null,
      description: 'Contract signed: value at award',
      source: 'signature',
      fromCycle: false,
    },
    {
      id: 'e2',
      occurredOn: '2025-06-30',
      amount: '25000.00',
      basis: 'actual',
      bearer: 'authority',
      type: 'purchased',
      phase: 'operational',
      classification: 'contract-payments',
      hours: null,
      hourlyRate: null,
      description: 'Fixed fee, instalment 1 of 12',
      source: 'payment',
      fromCycle: false,
    },
  ],
  changes: [],
  schedule: [{ dueOn: '2025-06-30', amount: '25000.00', paid: true }],
  options: [],
  coproduction: {
    shadowWageRate: '12.21',
    inputs: [{ occurredOn: '2025-09-30', kind: 'collective', hours: '40.00', people: 8, description: 'Residents’ panel' }],
  },
  outcomes: 50,
});

describe('the whole-life cost bundle', () => {
  it('is the schema published in docs/ (a change to one must be made to the other)', () => {
    const published = JSON.parse(readFileSync(join(process.cwd(), 'docs', 'cost-bundle.schema.json'), 'utf8'));
    expect(published).toEqual(JSON.parse(JSON.stringify(COST_BUNDLE_SCHEMA)));
  });

  it('takes a good bundle and computes its figures', () => {
    expect(costBundleProblems(bundle())).toEqual([]);
    const f = costFigures(bundle());
    expect(f.actual.nominal).toBe('25000.00');
    expect(f.erosion).toMatchObject({ claimed: '60000.00', now: '60000.00' });
    // 40 hours at £12.21 is £488.40; £25,000 over 50 outcomes is £500.00 each, £509.77 with the panel's time.
    expect(f.coproduction).toMatchObject({
      hours: '40.00',
      people: 8,
      value: '488.40',
      costPerOutcome: { outcomes: 50, withoutCitizens: '500.00', withCitizens: '509.77' },
    });
  });

  it('names the place and the rule of every problem: a date that is not a date, an unknown classification, a negative hour count', () => {
    const b = bundle() as unknown as Record<string, unknown> & CostBundle;
    b.entries[1] = { ...b.entries[1], occurredOn: '2025-02-30', classification: 'lunch', type: 'staff_time', hours: '-3', hourlyRate: '20.00' };
    b.contract.endsOn = '2024-01-01';
    b.contract.value = '310000.00';
    b.coproduction.inputs[0].people = 0;
    expect(costBundleProblems(b).map((p) => p.at)).toEqual([
      '/entries/1/occurredOn',
      '/entries/1/classification',
      '/entries/1/hours',
      '/coproduction/inputs/0/people',
      '/contract/endsOn',
      '/entries',
    ]);
    expect(costBundleProblems({ ...bundle(), format: 'x', extra: 1 }).map((p) => p.at)).toEqual(['/', '/format']);
    expect(costBundleProblems('not a bundle')).toEqual([{ at: '/', message: 'must be object' }]);
  });
});
