import { Ajv } from 'ajv';
import { Decimal } from 'decimal.js';
import { isCalendarDate, type RateBand } from '#kernel';
import { COST_PHASES } from './classifications.js';
import { type Comparator, erosion, type TermChange } from './erosion.js';
import { contractFigures } from './figures.js';
import { COPRODUCTION_KINDS, type CoproductionInput, coproductionFigures, coproductionProblems } from './coproduction.js';
import { COST_BEARERS, COST_TYPES, type CostEntryInput, entryProblems } from './ledger-rules.js';
import { tenYearView } from './ten-year.js';
import type { DeflatorPoint } from './whole-life.js';

/**
 * The whole-life cost bundle (`GET /api/v1/contracts/{id}/costs/bundle`, issue 15 item 7): everything one
 * contract's figures are computed from, so an auditor recomputes them offline with `npx commonweal wlc
 * bundle.json` and gets the API's answer byte for byte. Published as docs/cost-bundle.schema.json, kept
 * identical to this object by a test.
 */
export interface BundleEntry extends CostEntryInput {
  id: string;
  basis: 'actual' | 'committed';
  source: 'entered' | 'imported' | 'payment' | 'signature' | 'change' | 'reversal';
  /** Apportioned from the contract's commissioning cycle. */
  fromCycle: boolean;
}

export interface CostBundle {
  format: 'commonweal-cost-bundle/1';
  /** The day the figures are as of: what is paid by then is actual, what follows is forecast. */
  asOf: string;
  contract: {
    id: string;
    reference: string;
    title: string;
    status: string;
    awardedOn: string;
    startsOn: string;
    endsOnAtAward: string;
    endsOn: string;
    awardedValue: string;
    value: string;
  };
  settings: { source: 'authority' | 'default'; version: number; deflators: DeflatorPoint[]; discountSchedule: RateBand[] };
  comparator: (Comparator & { cycleId: string }) | null;
  cycleShare: { cycleId: string; value: string; of: string } | null;
  entries: BundleEntry[];
  changes: TermChange[];
  schedule: { dueOn: string; amount: string; paid: boolean }[];
  options: { months: number; value: string }[];
  /** Citizens' inputs, valued at the shadow wage rate. */
  coproduction: { shadowWageRate: string; inputs: CoproductionInput[] };
  /** Outcomes validated so far (the units every validation accepted), or null for a contract that pays for none. */
  outcomes: number | null;
}

const money = { type: 'string', pattern: '^-?\\d{1,16}(\\.\\d{1,2})?$' };
const decimal = { type: 'string', pattern: '^\\d{1,12}(\\.\\d{1,6})?$' };
const date = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' };
const text = { type: 'string', maxLength: 500 };
const object = (required: string[], properties: Record<string, unknown>) => ({ type: 'object', required, additionalProperties: false, properties });

export const COST_BUNDLE_SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://commonweal.org.uk/schemas/cost-bundle-1.json',
  title: 'Commonweal whole-life cost bundle, format 1',
  description: "Everything a contract's whole-life cost figures are computed from: run `npx commonweal wlc bundle.json`.",
  ...object(['format', 'asOf', 'contract', 'settings', 'comparator', 'cycleShare', 'entries', 'changes', 'schedule', 'options', 'coproduction', 'outcomes'], {
    format: { const: 'commonweal-cost-bundle/1' },
    asOf: date,
    contract: object(['id', 'reference', 'title', 'status', 'awardedOn', 'startsOn', 'endsOnAtAward', 'endsOn', 'awardedValue', 'value'], {
      id: { type: 'string' },
      reference: text,
      title: text,
      status: { type: 'string' },
      awardedOn: date,
      startsOn: date,
      endsOnAtAward: date,
      endsOn: date,
      awardedValue: money,
      value: money,
    }),
    settings: object(['source', 'version', 'deflators', 'discountSchedule'], {
      source: { enum: ['authority', 'default'] },
      version: { type: 'integer', minimum: 0 },
      deflators: { type: 'array', minItems: 1, items: object(['year', 'index'], { year: { type: 'integer', minimum: 1900, maximum: 2200 }, index: decimal }) },
      discountSchedule: {
        type: 'array',
        minItems: 1,
        items: object(['fromYear', 'ratePercent'], { fromYear: { type: 'integer', minimum: 0 }, ratePercent: decimal }),
      },
    }),
    comparator: {
      anyOf: [
        { type: 'null' },
        object(['cycleId', 'cost', 'lengthMonths'], { cycleId: { type: 'string' }, cost: money, lengthMonths: { type: 'integer', minimum: 1 } }),
      ],
    },
    cycleShare: { anyOf: [{ type: 'null' }, object(['cycleId', 'value', 'of'], { cycleId: { type: 'string' }, value: money, of: money })] },
    entries: {
      type: 'array',
      items: object(
        ['id', 'occurredOn', 'amount', 'basis', 'bearer', 'type', 'phase', 'classification', 'hours', 'hourlyRate', 'description', 'source', 'fromCycle'],
        {
          id: { type: 'string' },
          occurredOn: { type: 'string' },
          amount: { type: 'string' },
          basis: { enum: ['actual', 'committed'] },
          bearer: { enum: [...COST_BEARERS] },
          type: { enum: [...COST_TYPES] },
          phase: { enum: [...COST_PHASES] },
          classification: { type: 'string' },
          hours: { type: ['string', 'null'] },
          hourlyRate: { type: ['string', 'null'] },
          description: { type: 'string' },
          source: { enum: ['entered', 'imported', 'payment', 'signature', 'change', 'reversal'] },
          fromCycle: { type: 'boolean' },
        },
      ),
    },
    changes: {
      type: 'array',
      items: object(['sequence', 'kind', 'signedOn', 'valueChange', 'endsOnAfter'], {
        sequence: { type: 'integer', minimum: 1 },
        kind: { enum: ['variation', 'extension'] },
        signedOn: date,
        valueChange: money,
        endsOnAfter: date,
      }),
    },
    schedule: { type: 'array', items: object(['dueOn', 'amount', 'paid'], { dueOn: date, amount: money, paid: { type: 'boolean' } }) },
    options: { type: 'array', items: object(['months', 'value'], { months: { type: 'integer', minimum: 1, maximum: 120 }, value: money }) },
    coproduction: object(['shadowWageRate', 'inputs'], {
      shadowWageRate: money,
      inputs: {
        type: 'array',
        items: object(['occurredOn', 'kind', 'hours', 'people', 'description'], {
          occurredOn: { type: 'string' },
          kind: { enum: [...COPRODUCTION_KINDS] },
          hours: { type: 'string' },
          people: { type: 'integer' },
          description: { type: 'string' },
        }),
      },
    }),
    outcomes: { type: ['integer', 'null'], minimum: 0 },
  }),
} as const;

const check = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true }).compile(COST_BUNDLE_SCHEMA);

/** A problem with a bundle: where (a JSON pointer) and what rule it breaks. */
export interface BundleProblem {
  at: string;
  message: string;
}

/**
 * What is wrong with a bundle: its shape (the schema), then the ledger's own rules on every entry (a date
 * that is not a date, an unknown classification, a negative hour count), the dates, and whether its
 * commitments add up to the contract's value. Empty when the figures can be computed from it.
 */
export function costBundleProblems(value: unknown): BundleProblem[] {
  if (!check(value)) return (check.errors ?? []).map((e) => ({ at: e.instancePath || '/', message: e.message ?? 'is not valid' }));
  const b = value as unknown as CostBundle;
  const out: BundleProblem[] = [];
  const dates: [string, string][] = [
    ['/asOf', b.asOf],
    ...(['awardedOn', 'startsOn', 'endsOnAtAward', 'endsOn'] as const).map((k): [string, string] => [`/contract/${k}`, b.contract[k]]),
    ...b.changes.flatMap((c, i): [string, string][] => [
      [`/changes/${i}/signedOn`, c.signedOn],
      [`/changes/${i}/endsOnAfter`, c.endsOnAfter],
    ]),
    ...b.schedule.map((l, i): [string, string] => [`/schedule/${i}/dueOn`, l.dueOn]),
  ];
  for (const [at, d] of dates) if (!isCalendarDate(d)) out.push({ at, message: `${d} is not a calendar date` });
  b.entries.forEach((e, i) => {
    const negativeAllowed = e.source === 'payment' || e.source === 'change' || e.source === 'reversal';
    for (const p of entryProblems(e, { negativeAllowed })) out.push({ at: `/entries/${i}/${p.field}`, message: p.message });
  });
  b.coproduction.inputs.forEach((c, i) => {
    for (const p of coproductionProblems(c, b.asOf)) out.push({ at: `/coproduction/inputs/${i}/${p.field}`, message: p.message });
  });
  if (b.contract.endsOn < b.contract.startsOn) out.push({ at: '/contract/endsOn', message: 'the contract cannot end before it starts' });
  const committed = b.entries.filter((e) => e.basis === 'committed').reduce((s, e) => s.plus(e.amount), new Decimal(0));
  const signed = b.entries.some((e) => e.source === 'signature');
  if (signed && !committed.eq(b.contract.value))
    out.push({ at: '/entries', message: `the committed entries add up to ${committed.toFixed(2)}, not the contract's value ${b.contract.value}` });
  return out;
}

/** The figures the API shows and the CLI prints, from a bundle that has no problems. */
export function costFigures(b: CostBundle) {
  const lines = b.entries.map((e) => ({
    occurredOn: e.occurredOn,
    amount: e.amount,
    classification: e.classification,
    phase: e.phase,
    basis: e.basis,
    source: e.source,
  }));
  return {
    contract: { id: b.contract.id, reference: b.contract.reference, title: b.contract.title, awardedValue: b.contract.awardedValue, value: b.contract.value },
    asOf: b.asOf,
    settings: { source: b.settings.source, version: b.settings.version },
    cycle: b.cycleShare && { id: b.cycleShare.cycleId, share: { value: b.cycleShare.value, of: b.cycleShare.of } },
    ...contractFigures({
      baseDate: b.contract.awardedOn,
      deflators: b.settings.deflators,
      discountSchedule: b.settings.discountSchedule,
      awardedValue: b.contract.awardedValue,
      lines,
    }),
    erosion: b.comparator
      ? erosion({
          awardedOn: b.contract.awardedOn,
          startsOn: b.contract.startsOn,
          endsOnAtAward: b.contract.endsOnAtAward,
          awardedValue: b.contract.awardedValue,
          comparator: b.comparator,
          changes: b.changes,
          lines,
        })
      : null,
    coproduction: coproductionFigures(
      b.coproduction.inputs,
      b.coproduction.shadowWageRate,
      b.entries
        .filter((e) => e.basis === 'actual')
        .reduce((s, e) => s.plus(e.amount), new Decimal(0))
        .toFixed(2),
      b.outcomes,
    ),
    tenYear: tenYearView({
      asOf: b.asOf,
      startsOn: b.contract.startsOn,
      endsOn: b.contract.endsOn,
      value: b.contract.value,
      comparator: b.comparator,
      lines,
      schedule: b.schedule,
      options: b.options,
    }),
  };
}
