import { Ajv } from 'ajv';
import { Decimal } from 'decimal.js';
import { type PolicyPack, type Scale, SCALES } from '#policy';
import { CATEGORIES, type Category, PRICE_METHODS, type PriceMethod, TIE_BREAKS, type TieBreak } from '#scoring';

/** One band of a scale: marks min..max (inclusive) mean `descriptor`. */
export interface Band {
  min: number;
  max: number;
  descriptor: string;
}

export interface Criterion {
  key: string;
  title: string;
  /** Percent of its parent (of the whole, at the top), as a decimal string; siblings sum to exactly 100. */
  weight: string;
  /** Top level only: which of the four categories this is. */
  category?: Category;
  /** What bidders read under the question (the title is the question itself). */
  guidance?: string;
  /** The most words a bidder's written answer may have; none when unset. */
  wordLimit?: number | null;
  /** Leaves other than price: how they are marked. */
  scale?: Scale;
  bands?: Band[];
  /** A bid marked below this is excluded: declared before publication (Procurement Act 2023 s.23). */
  minimumScore?: number | null;
  /**
   * Social value leaves only: marked by formula from the bid's committed social value instead of by
   * evaluators. `relative_to_highest`: the scale's top mark times the bid's committed proxy £ over the
   * highest committed in its lot.
   */
  committedValue?: CommittedValueFormula | null;
  children?: Criterion[];
}

export const COMMITTED_VALUE_FORMULAS = ['relative_to_highest'] as const;
export type CommittedValueFormula = (typeof COMMITTED_VALUE_FORMULAS)[number];

export interface Lot {
  key: string;
  title: string;
  priceMethod: PriceMethod;
  /** For the benchmark method: full marks at or below the floor, none at or above the ceiling. */
  benchmark?: { floor: string; ceiling: string } | null;
  /** The lot's estimated value: needed when a lot cap awards the highest-value lots first. */
  estimatedValue?: string | null;
}

export const LOT_CAP_ORDERS = ['model_order', 'highest_value_first'] as const;
/** At most this many lots to one supplier, awarded lot by lot in the declared order (see the engine's LotCap). */
export interface LotCap {
  maxLotsPerSupplier: number;
  order: (typeof LOT_CAP_ORDERS)[number];
}

export interface EvaluationModel {
  lots: Lot[];
  criteria: Criterion[];
  tieBreak: TieBreak[];
  lotCap?: LotCap | null;
}

/** The title a lot is shown by: its key where the model (an old one, or none) does not name it. */
export const lotTitle = (model: Pick<EvaluationModel, 'lots'> | null | undefined, key: string): string => model?.lots.find((l) => l.key === key)?.title ?? key;

export interface ModelProblem {
  field: string;
  rule: string;
  message: string;
}

const decimal = { type: 'string', pattern: '^\\d{1,3}(\\.\\d{1,4})?$' };
const money = { type: 'string', pattern: '^\\d{1,16}(\\.\\d{1,2})?$' };
const key = { type: 'string', pattern: '^[a-z0-9][a-z0-9_-]{0,39}$' };
const SCHEMA = {
  $id: 'evaluation-model',
  type: 'object',
  additionalProperties: false,
  required: ['lots', 'criteria', 'tieBreak'],
  properties: {
    lots: {
      type: 'array',
      minItems: 1,
      maxItems: 50,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['key', 'title', 'priceMethod'],
        properties: {
          key,
          title: { type: 'string', minLength: 1, maxLength: 300 },
          priceMethod: { type: 'string', enum: PRICE_METHODS },
          benchmark: {
            anyOf: [
              { type: 'null' },
              { type: 'object', additionalProperties: false, required: ['floor', 'ceiling'], properties: { floor: money, ceiling: money } },
            ],
          },
          estimatedValue: { anyOf: [{ type: 'null' }, money] },
        },
      },
    },
    lotCap: {
      anyOf: [
        { type: 'null' },
        {
          type: 'object',
          additionalProperties: false,
          required: ['maxLotsPerSupplier', 'order'],
          properties: { maxLotsPerSupplier: { type: 'integer', minimum: 1, maximum: 50 }, order: { type: 'string', enum: LOT_CAP_ORDERS } },
        },
      ],
    },
    criteria: { type: 'array', minItems: 1, maxItems: 20, items: { $ref: '#/$defs/criterion' } },
    tieBreak: { type: 'array', minItems: 1, uniqueItems: true, items: { type: 'string', enum: TIE_BREAKS } },
  },
  $defs: {
    criterion: {
      type: 'object',
      additionalProperties: false,
      required: ['key', 'title', 'weight'],
      properties: {
        key,
        title: { type: 'string', minLength: 1, maxLength: 300 },
        weight: decimal,
        category: { type: 'string', enum: CATEGORIES },
        guidance: { type: 'string', maxLength: 5000 },
        wordLimit: { type: ['integer', 'null'], minimum: 1, maximum: 20000 },
        scale: { type: 'string', enum: SCALES },
        bands: {
          type: 'array',
          minItems: 1,
          maxItems: 101,
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['min', 'max', 'descriptor'],
            properties: {
              min: { type: 'integer', minimum: 0 },
              max: { type: 'integer', minimum: 0 },
              descriptor: { type: 'string', minLength: 1, maxLength: 2000 },
            },
          },
        },
        minimumScore: { type: ['integer', 'null'], minimum: 0 },
        committedValue: { anyOf: [{ type: 'null' }, { type: 'string', enum: COMMITTED_VALUE_FORMULAS }] },
        children: { type: 'array', minItems: 1, maxItems: 50, items: { $ref: '#/$defs/criterion' } },
      },
    },
  },
} as const;

const check = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true }).compile(SCHEMA);
const dotted = (pointer: string) => pointer.replace(/^\//, '').replace(/\//g, '.');
export const scaleMax = (s: Scale) => Number(s.split('-')[1]);
/** A code in words, for a message (`social_value`: social value). */
const words = (code: string) => code.replace(/_/g, ' ');

/**
 * Everything wrong with an evaluation model as a model (shape, weights, scales),
 * each with its field and rule. Weights are decimals and must sum to exactly
 * 100 among siblings at every level: 33.33 + 33.33 + 33.33 is refused, not rounded.
 */
export function modelProblems(input: unknown): ModelProblem[] {
  const shape = shapeProblems(input);
  if (shape.length) return shape;
  return meaningProblems(input as EvaluationModel);
}

/**
 * Whether the input has a model's shape at all (the JSON schema): what a draft must have to be saved. A
 * draft built in the pages is saved while incomplete, and publication asks for the rest (modelProblems).
 */
export function shapeProblems(input: unknown): ModelProblem[] {
  if (!check(input)) {
    return (check.errors ?? []).map((e) => {
      const field = dotted(e.instancePath) || '(model)';
      const extra = e.params as { missingProperty?: string; additionalProperty?: string };
      const named = extra.missingProperty ?? extra.additionalProperty;
      return {
        field: named ? [dotted(e.instancePath), named].filter(Boolean).join('.') : field,
        rule: e.keyword === 'additionalProperties' ? 'unknown-field' : e.keyword,
        message: `${named ?? field} ${e.message ?? 'is not valid'}`,
      };
    });
  }
  return [];
}

function meaningProblems(model: EvaluationModel): ModelProblem[] {
  const problems: ModelProblem[] = [];
  const add = (field: string, rule: string, message: string) => problems.push({ field, rule, message });

  const lotKeys = new Set<string>();
  model.lots.forEach((lot, i) => {
    if (lotKeys.has(lot.key)) add(`lots.${i}.key`, 'unique', `Two lots have the key ${lot.key}`);
    lotKeys.add(lot.key);
    if (lot.priceMethod === 'benchmark') {
      if (!lot.benchmark) add(`lots.${i}.benchmark`, 'required', `Lot “${lot.title}” is priced against a benchmark, so it needs a floor and a ceiling price`);
      else if (!new Decimal(lot.benchmark.floor).lt(lot.benchmark.ceiling))
        add(`lots.${i}.benchmark`, 'floor-below-ceiling', `The floor price of lot “${lot.title}” must be below its ceiling`);
    }
  });
  if (model.lotCap) {
    if (model.lots.length < 2) add('lotCap', 'needs-lots', 'A limit on lots per supplier needs at least two lots');
    if (model.lotCap.order === 'highest_value_first') {
      model.lots.forEach((lot, i) => {
        if (!lot.estimatedValue)
          add(`lots.${i}.estimatedValue`, 'required', `Awarding the highest-value lots first needs every lot’s estimated value; lot “${lot.title}” has none`);
      });
    }
  }
  const perQualityPoint = model.lots.filter((l) => l.priceMethod === 'price_per_quality_point').length;
  if (perQualityPoint && perQualityPoint !== model.lots.length) {
    add('lots', 'one-price-basis', 'Price per quality point cannot be mixed with other price methods in one tender');
  }

  const categories = new Map<Category, Criterion>();
  model.criteria.forEach((c, i) => {
    if (!c.category)
      add(
        `criteria.${i}.category`,
        'required',
        `“${c.title}” is a top-level criterion, so it must say whether it is price, quality, social value or public character`,
      );
    else if (categories.has(c.category)) add(`criteria.${i}.category`, 'unique', `There are two ${words(c.category)} criteria at the top level`);
    else categories.set(c.category, c);
  });
  if (!categories.has('price')) add('criteria', 'price-required', 'The model needs a price criterion at the top level');
  const price = categories.get('price');
  if (price) {
    if (price.children || price.scale || price.bands)
      add(
        `criteria.${model.criteria.indexOf(price)}`,
        'price-is-a-leaf',
        'Price is scored by each lot’s price method, so it has no sub-criteria, scale or bands',
      );
    if (perQualityPoint && !new Decimal(price.weight).isZero()) {
      add(
        `criteria.${model.criteria.indexOf(price)}.weight`,
        'zero-price-weight',
        'With price per quality point the price is divided by the quality score, so price must weigh 0%',
      );
    }
  }

  const socialValueLeaves = new Set<Criterion>();
  const collect = (c: Criterion) => {
    socialValueLeaves.add(c);
    c.children?.forEach(collect);
  };
  const sv = categories.get('social_value');
  if (sv) collect(sv);
  const inSocialValue = (c: Criterion) => socialValueLeaves.has(c);
  const keys = new Set<string>();
  const walk = (list: Criterion[], path: string, parent: Criterion | null) => {
    const top = parent === null;
    const sum = list.reduce((acc, c) => acc.plus(c.weight), new Decimal(0));
    if (!sum.eq(100))
      add(
        path,
        'weights-sum-100',
        `The weights of ${parent ? `the sub-criteria of “${parent.title}”` : 'the top-level criteria'} add up to ${sum.toString()}%, not 100%`,
      );
    list.forEach((c, i) => {
      const at = `${path}.${i}`;
      if (keys.has(c.key)) add(`${at}.key`, 'unique', `Two criteria have the key ${c.key}`);
      keys.add(c.key);
      if (!top && c.category) add(`${at}.category`, 'top-level-only', `Only a top-level criterion has a category; “${c.title}” is a sub-criterion`);
      if (c.children) {
        if (c.scale || c.bands || (c.minimumScore ?? null) !== null)
          add(at, 'leaf-only', `“${c.title}” has sub-criteria, so it is not marked itself: a scale, bands and a minimum mark belong on its sub-criteria`);
        walk(c.children, `${at}.children`, c);
        return;
      }
      if (top && c.category === 'price') return;
      if (c.committedValue && !inSocialValue(c))
        add(`${at}.committedValue`, 'social-value-only', `“${c.title}” is not under social value: only social value is marked from the value bidders commit`);
      if (!c.scale || !c.bands) {
        add(at, 'scale-required', `“${c.title}” is marked, so it needs a scale and a descriptor for every mark`);
        return;
      }
      const max = scaleMax(c.scale);
      const bands = [...c.bands].sort((a, b) => a.min - b.min);
      let next = 0;
      for (const b of bands) {
        if (b.min !== next || b.max < b.min || b.max > max) {
          add(`${at}.bands`, 'bands-cover-scale', `The bands of “${c.title}” must cover every mark from 0 to ${max}, without gaps or overlaps`);
          return;
        }
        next = b.max + 1;
      }
      if (next !== max + 1)
        add(`${at}.bands`, 'bands-cover-scale', `The bands of “${c.title}” must cover every mark from 0 to ${max}, without gaps or overlaps`);
      if (c.minimumScore != null && c.minimumScore > max)
        add(`${at}.minimumScore`, 'within-scale', `The minimum acceptable mark for “${c.title}” is above the top of its scale, ${max}`);
    });
  };
  walk(model.criteria, 'criteria', null);
  return problems;
}

/** Where a valid model breaks the authority's policy pack: refused with the rule (422). */
export function policyProblems(model: EvaluationModel, pack: PolicyPack): ModelProblem[] {
  const problems: ModelProblem[] = [];
  const i = model.criteria.findIndex((c) => c.category === 'social_value');
  const weight = i >= 0 ? new Decimal(model.criteria[i].weight) : new Decimal(0);
  if (weight.lt(pack.minSocialValueWeight)) {
    problems.push({
      field: i >= 0 ? `criteria.${i}.weight` : 'criteria',
      rule: 'policy.min-social-value-weight',
      message: `Social value weighs ${weight.toString()}%, below your authority’s minimum of ${pack.minSocialValueWeight}%`,
    });
  }
  model.lots.forEach((lot, j) => {
    if (!pack.allowedPriceMethods.includes(lot.priceMethod)) {
      problems.push({
        field: `lots.${j}.priceMethod`,
        rule: 'policy.price-method',
        message: `Your authority’s policy does not allow pricing lot “${lot.title}” ${words(lot.priceMethod)}; it allows ${pack.allowedPriceMethods.map(words).join(', ')}`,
      });
    }
  });
  return problems;
}

/** A question a bid answers: every marked leaf outside price, under the title of its top-level criterion. */
export interface BidQuestion {
  key: string;
  title: string;
  group: string;
  guidance: string;
  wordLimit: number | null;
}

/** Words in an answer as a reader counts them: runs of anything but white space. */
export const wordCount = (text: string) => text.split(/\s+/).filter(Boolean).length;

export function bidQuestions(model: EvaluationModel): BidQuestion[] {
  const out: BidQuestion[] = [];
  const walk = (list: Criterion[], group: string) =>
    list.forEach((c) =>
      c.children ? walk(c.children, group) : out.push({ key: c.key, title: c.title, group, guidance: c.guidance ?? '', wordLimit: c.wordLimit ?? null }),
    );
  model.criteria.filter((c) => c.category !== 'price').forEach((c) => walk([c], c.title));
  return out;
}
