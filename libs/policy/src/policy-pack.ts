import { Ajv, type ErrorObject } from 'ajv';
import { Decimal } from 'decimal.js';
import { PRICE_METHODS, type PriceMethod } from '#scoring';

/**
 * An authority's procurement policy: the rules every tender it builds is
 * checked against (docs/domain.md sections 3 and 4). Pure: no framework imports.
 * Percentages and money are decimal strings, never floats.
 */
export const SCALES = ['0-5', '0-10', '0-100'] as const;
export const PUBLIC_CHARACTER_TESTS = [
  'goals',
  'values',
  'citizens',
  'employees',
  'performance',
  'institution',
  'shared_ownership',
  'democratic_ownership',
  'collaboration',
  'control_of_suppliers',
] as const;

export type Scale = (typeof SCALES)[number];
export type PublicCharacterTest = (typeof PUBLIC_CHARACTER_TESTS)[number];

export interface PolicyPack {
  /** Least weight (percent of the whole model) the social value category may have. */
  minSocialValueWeight: string;
  allowedPriceMethods: PriceMethod[];
  defaultScales: { quality: Scale; socialValue: Scale };
  abnormallyLow: { belowMeanOfOthersPercent: string; belowNextLowestPercent: string };
  /** Flag a criterion where independent marks spread this many points or more on `scale`. */
  evaluatorVariance: { points: string; scale: Scale };
  /** Working days between the award decision and the contract. */
  standstillWorkingDays: number;
  /** Services only providers passing the public character gate may deliver. */
  restrictedCategories: { code: string; name: string }[];
  /** Minimum verified level (0–4) on named public character tests. */
  publicCharacterGates: { test: PublicCharacterTest; minimumLevel: number }[];
  /** At most this many lots to one supplier; null for no cap. */
  lotsPerSupplierCap: number | null;
  /** Awards at or above this value (GBP) go to scrutiny. */
  scrutinyThreshold: string;
  /** Every service is reviewed at least this often. */
  reviewEveryYears: number;
  /** A contract change (variation or extension) moving the contract's value by more than this (GBP, either way) is approved by a second person before it is signed. */
  variationApprovalAbove: string;
  /**
   * Contracts above any of these are flagged, at the delivery model decision,
   * as likely to shut out small and voluntary providers (docs/domain.md section 3).
   */
  smallProviderAccess: { maxAnnualValue: string; maxLengthMonths: number; maxCapitalRequirement: string };
  /** The area's population mix engagement participants are compared with; null until the authority supplies it. */
  areaPopulation: AreaPopulation | null;
  /** A concern about a contract opens a scrutiny case when this many distinct people, each confirmed by e-mail, support it within this many days. */
  concernTrigger: { supporters: number; windowDays: number };
}

export const MIX_DIMENSIONS = ['ageBand', 'sex', 'ethnicity', 'socioEconomicGroup'] as const;
export type MixDimension = (typeof MIX_DIMENSIONS)[number];

export interface AreaPopulation {
  /** Where the shares come from, e.g. "Census 2021, Northmere local authority". */
  source: string;
  /** Warn when a group's share of participants is this many percentage points or more from its share of the area. */
  tolerancePoints: string;
  /** Per dimension, each group's share of the area in percent (decimal strings summing to 100). */
  shares: Partial<Record<MixDimension, Record<string, string>>>;
}

/** The defaults docs/domain.md gives; version 0 of every authority's pack. */
export const DEFAULT_POLICY_PACK: Readonly<PolicyPack> = Object.freeze<PolicyPack>({
  minSocialValueWeight: '10',
  allowedPriceMethods: [...PRICE_METHODS],
  defaultScales: { quality: '0-5', socialValue: '0-5' },
  abnormallyLow: { belowMeanOfOthersPercent: '40', belowNextLowestPercent: '30' },
  evaluatorVariance: { points: '2', scale: '0-5' },
  standstillWorkingDays: 8,
  restrictedCategories: [],
  publicCharacterGates: [],
  lotsPerSupplierCap: null,
  scrutinyThreshold: '1000000.00',
  reviewEveryYears: 5,
  variationApprovalAbove: '100000.00',
  // Illustrative starting points, not law: an authority sets its own.
  smallProviderAccess: { maxAnnualValue: '500000.00', maxLengthMonths: 60, maxCapitalRequirement: '50000.00' },
  areaPopulation: null,
  // Illustrative: enough people that one person's grievance alone does not open a case, few enough that a street can.
  concernTrigger: { supporters: 10, windowDays: 28 },
});

/**
 * A stored version with any setting added since it was adopted taken from the
 * defaults, so every version reads as a whole pack.
 */
export const completePack = (stored: Partial<PolicyPack>): PolicyPack => ({ ...(structuredClone(DEFAULT_POLICY_PACK) as PolicyPack), ...stored });

const percent = { type: 'string', pattern: '^(100(\\.0{1,2})?|\\d{1,2}(\\.\\d{1,2})?)$' };
const scale = { type: 'string', enum: SCALES };
const money = { type: 'string', pattern: '^\\d{1,16}(\\.\\d{1,2})?$' };
const groupKey = '^[a-z0-9][a-z0-9_+-]{0,39}$';

const SCHEMA = {
  type: 'object',
  additionalProperties: false,
  // Added after packs were first adopted: optional, and a stored pack without it takes the default (completePack).
  required: Object.keys(DEFAULT_POLICY_PACK).filter((k) => k !== 'variationApprovalAbove' && k !== 'concernTrigger'),
  properties: {
    minSocialValueWeight: percent,
    allowedPriceMethods: { type: 'array', minItems: 1, uniqueItems: true, items: { type: 'string', enum: PRICE_METHODS } },
    defaultScales: {
      type: 'object',
      additionalProperties: false,
      required: ['quality', 'socialValue'],
      properties: { quality: scale, socialValue: scale },
    },
    abnormallyLow: {
      type: 'object',
      additionalProperties: false,
      required: ['belowMeanOfOthersPercent', 'belowNextLowestPercent'],
      properties: { belowMeanOfOthersPercent: percent, belowNextLowestPercent: percent },
    },
    evaluatorVariance: {
      type: 'object',
      additionalProperties: false,
      required: ['points', 'scale'],
      properties: { points: { type: 'string', pattern: '^\\d{1,3}(\\.\\d{1,2})?$' }, scale },
    },
    standstillWorkingDays: { type: 'integer', minimum: 0, maximum: 60 },
    restrictedCategories: {
      type: 'array',
      maxItems: 200,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['code', 'name'],
        properties: { code: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$' }, name: { type: 'string', minLength: 1, maxLength: 200 } },
      },
    },
    publicCharacterGates: {
      type: 'array',
      maxItems: PUBLIC_CHARACTER_TESTS.length,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['test', 'minimumLevel'],
        properties: { test: { type: 'string', enum: PUBLIC_CHARACTER_TESTS }, minimumLevel: { type: 'integer', minimum: 0, maximum: 4 } },
      },
    },
    lotsPerSupplierCap: { type: ['integer', 'null'], minimum: 1, maximum: 1000 },
    scrutinyThreshold: money,
    reviewEveryYears: { type: 'integer', minimum: 1, maximum: 20 },
    variationApprovalAbove: money,
    concernTrigger: {
      type: 'object',
      additionalProperties: false,
      required: ['supporters', 'windowDays'],
      properties: { supporters: { type: 'integer', minimum: 2, maximum: 100000 }, windowDays: { type: 'integer', minimum: 1, maximum: 365 } },
    },
    smallProviderAccess: {
      type: 'object',
      additionalProperties: false,
      required: ['maxAnnualValue', 'maxLengthMonths', 'maxCapitalRequirement'],
      properties: { maxAnnualValue: money, maxLengthMonths: { type: 'integer', minimum: 1, maximum: 600 }, maxCapitalRequirement: money },
    },
    areaPopulation: {
      type: ['object', 'null'],
      additionalProperties: false,
      required: ['source', 'tolerancePoints', 'shares'],
      properties: {
        source: { type: 'string', minLength: 1, maxLength: 300 },
        tolerancePoints: percent,
        shares: {
          type: 'object',
          additionalProperties: false,
          properties: Object.fromEntries(
            MIX_DIMENSIONS.map((d) => [
              d,
              {
                type: 'object',
                minProperties: 1,
                maxProperties: 30,
                propertyNames: { pattern: groupKey },
                additionalProperties: percent,
              },
            ]),
          ),
        },
      },
    },
  },
} as const;

const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
const check = ajv.compile(SCHEMA);

export interface PolicyProblem {
  field: string;
  rule: string;
  message: string;
}

/** JSON pointer (/abnormallyLow/belowNextLowestPercent) to the dotted path the API uses everywhere. */
const dotted = (pointer: string) => pointer.replace(/^\//, '').replace(/\//g, '.');

function fromAjv(e: ErrorObject): PolicyProblem {
  const base = dotted(e.instancePath);
  if (e.propertyName) {
    const field = `${base}.${e.propertyName}`;
    return { field, rule: 'group-name', message: `${field}: a group name may use lowercase letters, digits, _ + and -` };
  }
  switch (e.keyword) {
    case 'required': {
      const field = [base, (e.params as { missingProperty: string }).missingProperty].filter(Boolean).join('.');
      return { field, rule: 'required', message: `${field} is required` };
    }
    case 'additionalProperties': {
      const field = [base, (e.params as { additionalProperty: string }).additionalProperty].filter(Boolean).join('.');
      return { field, rule: 'unknown-field', message: `${field} is not a policy setting` };
    }
    case 'enum':
      return { field: base, rule: 'one-of', message: `${base} must be one of: ${(e.params as { allowedValues: string[] }).allowedValues.join(', ')}` };
    case 'pattern':
      return { field: base, rule: 'decimal', message: `${base} must be a decimal number written as a string, e.g. "10" or "12.5"` };
    default:
      return { field: base || '(body)', rule: e.keyword, message: `${base || 'the policy pack'} ${e.message ?? 'is not valid'}` };
  }
}

/**
 * Every problem with a proposed pack, each naming its field and rule; empty
 * when the pack can be adopted. Shape first (JSON Schema, with ajv), then the
 * rules that span fields.
 */
export function policyPackProblems(input: unknown): PolicyProblem[] {
  // ajv reports a bad property name twice: once for the name, once for the object holding it.
  if (!check(input)) return (check.errors ?? []).filter((e) => e.keyword !== 'propertyNames').map(fromAjv);
  const pack = input as unknown as PolicyPack;
  const problems: PolicyProblem[] = [];
  const codes = new Set<string>();
  pack.restrictedCategories.forEach((c, i) => {
    const key = c.code.toLowerCase();
    if (codes.has(key)) problems.push({ field: `restrictedCategories.${i}.code`, rule: 'unique', message: `restricted category ${c.code} is listed twice` });
    codes.add(key);
  });
  const tests = new Set<string>();
  pack.publicCharacterGates.forEach((g, i) => {
    if (tests.has(g.test)) problems.push({ field: `publicCharacterGates.${i}.test`, rule: 'unique', message: `there are two gates on the ${g.test} test` });
    tests.add(g.test);
  });
  const maxPoints = Number(pack.evaluatorVariance.scale.split('-')[1]);
  const points = new Decimal(pack.evaluatorVariance.points);
  if (points.lte(0) || points.gt(maxPoints)) {
    problems.push({
      field: 'evaluatorVariance.points',
      rule: 'range',
      message: `evaluatorVariance.points must be above 0 and at most ${maxPoints} on a ${pack.evaluatorVariance.scale} scale`,
    });
  }
  for (const key of ['belowMeanOfOthersPercent', 'belowNextLowestPercent'] as const) {
    const v = new Decimal(pack.abnormallyLow[key]);
    if (v.lte(0) || v.gte(100)) problems.push({ field: `abnormallyLow.${key}`, rule: 'range', message: `abnormallyLow.${key} must be above 0 and below 100` });
  }
  if (pack.areaPopulation) {
    for (const [dimension, shares] of Object.entries(pack.areaPopulation.shares)) {
      const total = Object.values(shares ?? {}).reduce((sum, v) => sum.plus(v), new Decimal(0));
      if (!total.eq(100))
        problems.push({
          field: `areaPopulation.shares.${dimension}`,
          rule: 'sum-100',
          message: `the ${dimension} shares add up to ${total.toString()}, not 100`,
        });
    }
  }
  if (new Decimal(pack.minSocialValueWeight).gt(100)) {
    problems.push({ field: 'minSocialValueWeight', rule: 'range', message: 'minSocialValueWeight cannot be above 100' });
  }
  return problems;
}
