import { MONEY } from '#kernel';
import { type Scale, SCALES } from '#policy';
import { CATEGORIES, type Category, PRICE_METHODS, type PriceMethod } from '#scoring';
import {
  type Band,
  COMMITTED_VALUE_FORMULAS,
  type CommittedValueFormula,
  type Criterion,
  LOT_CAP_ORDERS,
  type Lot,
  type LotCap,
  scaleMax,
} from '../model/evaluation-model.js';
import type { CriterionFields, LotFields } from '../model/model-edits.js';

/**
 * The criterion and lot forms of the model editor: what was typed, read into the model's fields, with
 * every problem at once in the words the person reads beside the field. No framework here: the
 * controller renders and saves.
 */

export type Form = Record<string, string | undefined>;
export interface FormProblem {
  field: string;
  rule: string;
  message: string;
}

/** Band rows the form shows: enough for a descriptor a mark on 0–10, and the rows a criterion already has. */
export const BAND_ROWS = 11;

/** A weight as the model's schema takes it: a percentage with up to 4 decimal places. */
export const WEIGHT = /^\d{1,3}(\.\d{1,4})?$/;
const WHOLE = /^\d{1,6}$/;
const text = (form: Form, k: string) => (form[k] ?? '').trim();
/** Money as people type it: `£430,000`, `430000.50`. */
export const moneyTyped = (typed: string) => typed.replace(/[£,\s]/g, '');

function weightOf(form: Form, problems: FormProblem[]): string {
  const w = text(form, 'weight').replace(/%$/, '');
  if (!w) problems.push({ field: 'weight', rule: 'required', message: 'Enter the weight as a percentage of its parent, for example 30 or 12.5' });
  else if (!WEIGHT.test(w) || Number(w) > 100)
    problems.push({
      field: 'weight',
      rule: 'percentage',
      message: 'Enter the weight as a percentage from 0 to 100, with up to 4 decimal places, for example 12.5',
    });
  return w;
}

function bandsOf(form: Form, max: number, problems: FormProblem[]): Band[] {
  const bands: Band[] = [];
  for (let i = 0; i < BAND_ROWS; i++) {
    const [min, top, descriptor] = ['min', 'max', 'descriptor'].map((p) => text(form, `band-${i}-${p}`));
    if (!min && !top && !descriptor) continue;
    const field = `band-${i}-descriptor`;
    if (!WHOLE.test(min) || !WHOLE.test(top || min)) {
      problems.push({
        field: `band-${i}-min`,
        rule: 'marks',
        message: `Enter the marks of band ${i + 1} as whole numbers from 0 to ${max}, for example 3 to 4`,
      });
      continue;
    }
    if (!descriptor) problems.push({ field, rule: 'required', message: `Describe what earns a mark in band ${i + 1}` });
    else if (descriptor.length > 2000) problems.push({ field, rule: 'max-length', message: `Band ${i + 1}’s descriptor must be 2,000 characters or fewer` });
    bands.push({ min: Number(min), max: Number(top || min), descriptor });
  }
  const sorted = [...bands].sort((a, b) => a.min - b.min);
  let next = 0;
  const covers = sorted.every((b) => {
    const ok = b.min === next && b.max >= b.min && b.max <= max;
    next = b.max + 1;
    return ok;
  });
  if (!bands.length || !covers || next !== max + 1)
    problems.push({
      field: 'band-0-min',
      rule: 'bands-cover-scale',
      message: `Give bands that cover every mark from 0 to ${max} once, without gaps or overlaps (for example 0, 1 to 2, 3 to 5)`,
    });
  return sorted;
}

/**
 * The criterion form read into its fields. `shape` says what kind of criterion it is: a top-level one
 * chooses its category; a price criterion and a parent are not marked, so they have no scale or bands;
 * only a marked criterion is a question bidders answer, with guidance and a word limit.
 */
export function criterionFromForm(
  form: Form,
  shape: { top: boolean; price: boolean; parent: boolean; usedCategories: Category[]; socialValue: boolean },
): { fields: CriterionFields; problems: FormProblem[] } {
  const problems: FormProblem[] = [];
  const title = text(form, 'title');
  if (!title) problems.push({ field: 'title', rule: 'required', message: 'Enter the criterion’s title: for a question, the question bidders answer' });
  else if (title.length > 300) problems.push({ field: 'title', rule: 'max-length', message: 'The title must be 300 characters or fewer' });
  const weight = weightOf(form, problems);
  let category: Category | undefined;
  if (shape.top) {
    const chosen = text(form, 'category') as Category;
    if (!CATEGORIES.includes(chosen)) problems.push({ field: 'category', rule: 'required', message: 'Choose what the criterion scores' });
    else if (shape.usedCategories.includes(chosen))
      problems.push({ field: 'category', rule: 'unique', message: 'The model already has a criterion for that: add to it instead' });
    else category = chosen;
  }
  const marked = !shape.parent && !shape.price && category !== 'price';
  const guidance = marked ? text(form, 'guidance') : '';
  if (guidance.length > 5000) problems.push({ field: 'guidance', rule: 'max-length', message: 'The guidance must be 5,000 characters or fewer' });
  let wordLimit: number | null = null;
  const limit = marked ? text(form, 'wordLimit').replace(/,/g, '') : '';
  if (limit) {
    if (!WHOLE.test(limit) || Number(limit) < 1 || Number(limit) > 20000)
      problems.push({ field: 'wordLimit', rule: 'whole-number', message: 'Enter the word limit as a whole number of words from 1 to 20,000, for example 500' });
    else wordLimit = Number(limit);
  }
  let marking: CriterionFields['marking'];
  if (marked) {
    const scale = text(form, 'scale') as Scale;
    if (!SCALES.includes(scale)) problems.push({ field: 'scale', rule: 'required', message: 'Choose the scale evaluators mark on' });
    else {
      const max = scaleMax(scale);
      const bands = bandsOf(form, max, problems);
      const minimum = text(form, 'minimumScore');
      let minimumScore: number | null = null;
      if (minimum) {
        if (!WHOLE.test(minimum) || Number(minimum) > max)
          problems.push({
            field: 'minimumScore',
            rule: 'within-scale',
            message: `Enter the minimum acceptable mark as a whole number from 0 to ${max}, or leave it blank`,
          });
        else minimumScore = Number(minimum);
      }
      marking = { scale, bands, minimumScore, committedValue: markedBy(form, shape.socialValue || category === 'social_value', problems) };
    }
  }
  return { fields: { title, weight, category, guidance, wordLimit, marking }, problems };
}

/** Who marks the criterion: evaluators (null), or a formula over the value each bid commits, social value only. */
function markedBy(form: Form, socialValue: boolean, problems: FormProblem[]): CommittedValueFormula | null {
  const chosen = text(form, 'markedBy');
  if (!chosen || chosen === 'evaluators') return null;
  if (!(COMMITTED_VALUE_FORMULAS as readonly string[]).includes(chosen)) {
    problems.push({ field: 'markedBy', rule: 'required', message: 'Choose how the criterion is marked' });
    return null;
  }
  if (!socialValue) {
    problems.push({
      field: 'markedBy',
      rule: 'social-value-only',
      message: 'Only social value can be marked from the value bidders commit: choose marking by evaluators',
    });
    return null;
  }
  return chosen as CommittedValueFormula;
}

/**
 * The limit on lots per supplier from the model page: blank lifts it; otherwise a whole number of lots,
 * fewer than the tender has (a limit of every lot limits nothing), awarded in the order chosen.
 */
export function lotCapFromForm(form: Form, lotCount: number): { cap: LotCap | null; problems: FormProblem[] } {
  const problems: FormProblem[] = [];
  const typed = text(form, 'lotCapMax');
  if (!typed) return { cap: null, problems };
  const max = Number(typed);
  if (!WHOLE.test(typed) || max < 1 || max >= lotCount)
    problems.push({
      field: 'lotCapMax',
      rule: 'whole-number',
      message:
        lotCount > 2
          ? `Enter the most lots one supplier may win as a whole number from 1 to ${lotCount - 1}, or leave it blank for no limit`
          : 'Enter 1 to let each supplier win one of the two lots, or leave it blank for no limit',
    });
  const order = text(form, 'lotCapOrder') || 'model_order';
  if (!(LOT_CAP_ORDERS as readonly string[]).includes(order))
    problems.push({ field: 'lotCapOrder', rule: 'required', message: 'Choose the order the lots are awarded in' });
  return { cap: problems.length ? null : { maxLotsPerSupplier: max, order: order as LotCap['order'] }, problems };
}

/** The form's values for a criterion as saved (or blank for a new one), band rows filled to BAND_ROWS. */
export function criterionForm(c: Partial<Criterion>, bands: Band[]): Form {
  const form: Form = {
    title: c.title ?? '',
    weight: c.weight ?? '',
    category: c.category ?? '',
    guidance: c.guidance ?? '',
    wordLimit: c.wordLimit ? String(c.wordLimit) : '',
    scale: c.scale ?? '0-5',
    minimumScore: c.minimumScore != null ? String(c.minimumScore) : '',
    markedBy: c.committedValue ?? 'evaluators',
  };
  for (let i = 0; i < BAND_ROWS; i++) {
    const b = bands[i];
    form[`band-${i}-min`] = b ? String(b.min) : '';
    form[`band-${i}-max`] = b ? String(b.max) : '';
    form[`band-${i}-descriptor`] = b?.descriptor ?? '';
  }
  return form;
}

export function lotFromForm(form: Form): { fields: LotFields; problems: FormProblem[] } {
  const problems: FormProblem[] = [];
  const title = text(form, 'title');
  if (!title) problems.push({ field: 'title', rule: 'required', message: 'Enter the lot’s title, for example North locality' });
  else if (title.length > 300) problems.push({ field: 'title', rule: 'max-length', message: 'The title must be 300 characters or fewer' });
  const priceMethod = text(form, 'priceMethod') as PriceMethod;
  if (!PRICE_METHODS.includes(priceMethod)) problems.push({ field: 'priceMethod', rule: 'required', message: 'Choose how the lot’s price is scored' });
  const pounds = (field: string, what: string) => {
    const v = moneyTyped(text(form, field));
    if (v && !MONEY.test(v)) problems.push({ field, rule: 'money', message: `Enter ${what} in pounds, for example 250,000 or 250000.50` });
    return v || null;
  };
  const estimatedValue = pounds('estimatedValue', 'the lot’s estimated value');
  let benchmark: LotFields['benchmark'] = null;
  if (priceMethod === 'benchmark') {
    const floor = pounds('floor', 'the floor price');
    const ceiling = pounds('ceiling', 'the ceiling price');
    if (!floor) problems.push({ field: 'floor', rule: 'required', message: 'Enter the floor price: a price at or below it gets full marks' });
    if (!ceiling) problems.push({ field: 'ceiling', rule: 'required', message: 'Enter the ceiling price: a price at or above it gets no marks' });
    if (floor && ceiling) benchmark = { floor, ceiling };
  }
  return { fields: { title, priceMethod, benchmark, estimatedValue }, problems };
}

export function lotForm(l: Partial<Lot>): Form {
  return {
    title: l.title ?? '',
    priceMethod: l.priceMethod ?? '',
    estimatedValue: l.estimatedValue ?? '',
    floor: l.benchmark?.floor ?? '',
    ceiling: l.benchmark?.ceiling ?? '',
  };
}
