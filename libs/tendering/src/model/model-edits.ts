import type { Scale } from '#policy';
import type { Category, PriceMethod } from '#scoring';
import type { Band, CommittedValueFormula, Criterion, EvaluationModel, Lot, LotCap } from './evaluation-model.js';
import { FIVE_POINT_BANDS } from './example-model.js';

/**
 * Changes to a draft's evaluation model, one at a time, as the commissioner makes them in the pages.
 * Each returns a new model and leaves the one given alone. None checks the whole model: a model is
 * incomplete while it is being built (a new criterion's weights do not yet add up), so the pages save
 * it as it stands and list every problem left (modelProblems, policyProblems); publication refuses
 * a model with any.
 */

/** What the criterion form edits. `marking` is absent for a criterion with sub-criteria, which is not marked itself. */
export interface CriterionFields {
  title: string;
  weight: string;
  category?: Category;
  guidance: string;
  wordLimit: number | null;
  /**
   * `committedValue`: social value only, marked by formula from the value each bid commits rather than
   * by evaluators; the bands still tell bidders what each mark means.
   */
  marking?: { scale: Scale; bands: Band[]; minimumScore: number | null; committedValue: CommittedValueFormula | null };
}

export interface LotFields {
  title: string;
  priceMethod: PriceMethod;
  benchmark: { floor: string; ceiling: string } | null;
  estimatedValue: string | null;
}

/** Where a criterion is: the list it is in (top level or a parent's children), its place, its parent. */
export interface Found {
  criterion: Criterion;
  siblings: Criterion[];
  index: number;
  parent: Criterion | null;
}

export function findCriterion(model: EvaluationModel, key: string): Found | null {
  const search = (list: Criterion[], parent: Criterion | null): Found | null => {
    for (const [index, criterion] of list.entries()) {
      if (criterion.key === key) return { criterion, siblings: list, index, parent };
      const below = criterion.children ? search(criterion.children, criterion) : null;
      if (below) return below;
    }
    return null;
  };
  return search(model.criteria, null);
}

/**
 * Whether the criterion `key` is social value or under it: only there can a criterion be marked from the
 * value bidders commit (modelProblems refuses it anywhere else).
 */
export function inSocialValue(model: EvaluationModel, key: string): boolean {
  const has = (c: Criterion): boolean => c.key === key || (c.children ?? []).some(has);
  return model.criteria.some((c) => c.category === 'social_value' && has(c));
}

/** Every key in the model, criteria and lots: a new one must differ from all of them. */
function keysOf(model: EvaluationModel): Set<string> {
  const keys = new Set(model.lots.map((l) => l.key));
  const walk = (list: Criterion[]) => list.forEach((c) => (keys.add(c.key), walk(c.children ?? [])));
  walk(model.criteria);
  return keys;
}

/** A key from the title, as the schema allows (`^[a-z0-9][a-z0-9_-]{0,39}$`), made unique with a number. */
/** What the top-level criteria already score (each category once), but for `except`, the one being changed. */
export function categoriesTaken(model: EvaluationModel, except?: Criterion): Category[] {
  return model.criteria.flatMap((c) => (c.category && c !== except ? [c.category] : []));
}

export function newKey(title: string, taken: Set<string>, fallback: string): string {
  const base =
    title
      .toLowerCase()
      .normalize('NFKD')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      // Room for a number after it (the schema allows 40); a long title is cut at a word.
      .replace(/^(.{36}).+$/, (_, cut: string) => cut.replace(/-[^-]*$/, '')) || fallback;
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
}

/** The bands a new marked criterion starts with: a descriptor a mark on 0–5, to be written over. */
export function startingBands(scale: Scale): Band[] {
  if (scale === '0-5') return FIVE_POINT_BANDS.map((b) => ({ ...b }));
  // Wider scales: the same six steps, as ranges that cover every mark.
  const max = Number(scale.split('-')[1]);
  const cuts = [0, 1, 2, 3, 4, 5].map((i) => Math.round((i * max) / 5));
  return FIVE_POINT_BANDS.map((b, i) => ({
    min: i === 0 ? 0 : cuts[i - 1] + 1,
    max: i === 0 ? 0 : cuts[i],
    descriptor: b.descriptor,
  }));
}

function applyFields(c: Criterion, fields: CriterionFields, top: boolean): void {
  c.title = fields.title;
  c.weight = fields.weight;
  if (top && fields.category) c.category = fields.category;
  if (fields.guidance) c.guidance = fields.guidance;
  else delete c.guidance;
  if (fields.wordLimit !== null) c.wordLimit = fields.wordLimit;
  else delete c.wordLimit;
  if (fields.marking && !c.children && c.category !== 'price') {
    c.scale = fields.marking.scale;
    c.bands = fields.marking.bands;
    c.minimumScore = fields.marking.minimumScore;
    if (fields.marking.committedValue) c.committedValue = fields.marking.committedValue;
    else delete c.committedValue;
  }
}

/**
 * A new criterion: at the top level (with its category) or under `parentKey`. Added under a marked
 * criterion, it makes that criterion a parent: the parent's scale, bands and minimum mark move to the
 * new sub-criterion, which is then marked instead of it (a parent is never marked itself).
 */
export function addCriterion(model: EvaluationModel, parentKey: string | null, fields: CriterionFields): { model: EvaluationModel; key: string } {
  const next = structuredClone(model);
  const key = newKey(fields.title, keysOf(next), 'criterion');
  const criterion: Criterion = { key, title: fields.title, weight: fields.weight };
  if (parentKey === null) {
    applyFields(criterion, fields, true);
    next.criteria.push(criterion);
    return { model: next, key };
  }
  const found = findCriterion(next, parentKey);
  if (!found) throw new Error(`no criterion ${parentKey}`);
  const parent = found.criterion;
  if (!parent.children) {
    const inherited =
      parent.scale && parent.bands
        ? { scale: parent.scale, bands: parent.bands, minimumScore: parent.minimumScore ?? null, committedValue: parent.committedValue ?? null }
        : undefined;
    delete parent.scale;
    delete parent.bands;
    delete parent.minimumScore;
    delete parent.committedValue;
    parent.children = [];
    applyFields(criterion, { ...fields, marking: fields.marking ?? inherited }, false);
  } else applyFields(criterion, fields, false);
  parent.children!.push(criterion);
  return { model: next, key };
}

export function changeCriterion(model: EvaluationModel, key: string, fields: CriterionFields): EvaluationModel {
  const next = structuredClone(model);
  const found = findCriterion(next, key);
  if (!found) throw new Error(`no criterion ${key}`);
  applyFields(found.criterion, fields, found.parent === null);
  return next;
}

/**
 * Removes a criterion and everything under it. A parent left with no sub-criteria becomes marked
 * itself again, and needs a scale and bands (the problems list says so).
 */
export function removeCriterion(model: EvaluationModel, key: string): EvaluationModel {
  const next = structuredClone(model);
  const found = findCriterion(next, key);
  if (!found) throw new Error(`no criterion ${key}`);
  found.siblings.splice(found.index, 1);
  if (found.parent && !found.parent.children!.length) delete found.parent.children;
  return next;
}

/** Moves a criterion one place up or down among its siblings (the order bidders read the questions in). */
export function moveCriterion(model: EvaluationModel, key: string, direction: 'up' | 'down'): EvaluationModel {
  const next = structuredClone(model);
  const found = findCriterion(next, key);
  if (!found) throw new Error(`no criterion ${key}`);
  const to = found.index + (direction === 'up' ? -1 : 1);
  if (to < 0 || to >= found.siblings.length) return next;
  const [moved] = found.siblings.splice(found.index, 1);
  found.siblings.splice(to, 0, moved);
  return next;
}

function applyLot(lot: Lot, fields: LotFields): void {
  lot.title = fields.title;
  lot.priceMethod = fields.priceMethod;
  lot.benchmark = fields.priceMethod === 'benchmark' ? fields.benchmark : null;
  lot.estimatedValue = fields.estimatedValue;
}

export function addLot(model: EvaluationModel, fields: LotFields): { model: EvaluationModel; key: string } {
  const next = structuredClone(model);
  const key = newKey(fields.title, keysOf(next), 'lot');
  const lot: Lot = { key, title: fields.title, priceMethod: fields.priceMethod };
  applyLot(lot, fields);
  next.lots.push(lot);
  return { model: next, key };
}

export function changeLot(model: EvaluationModel, key: string, fields: LotFields): EvaluationModel {
  const next = structuredClone(model);
  const lot = next.lots.find((l) => l.key === key);
  if (!lot) throw new Error(`no lot ${key}`);
  applyLot(lot, fields);
  return next;
}

/** Removes a lot; a tender keeps at least one (the caller refuses the last in words). */
export function removeLot(model: EvaluationModel, key: string): EvaluationModel {
  const next = structuredClone(model);
  next.lots = next.lots.filter((l) => l.key !== key);
  if (next.lots.length < 2) delete next.lotCap;
  return next;
}

/** Sets or lifts (`null`) the limit on how many lots one supplier may win. */
export function setLotCap(model: EvaluationModel, cap: LotCap | null): EvaluationModel {
  const next = structuredClone(model);
  if (cap) next.lotCap = cap;
  else delete next.lotCap;
  return next;
}
