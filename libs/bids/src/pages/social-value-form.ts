import type { CatalogueMeasure, CommitmentInput } from '#social-value';
import { type FieldError, type FormFields, formText } from '#web';

/**
 * The bid form's social value commitments: slots, each a measure of the tender's catalogue, a method
 * statement and the quantity in each of the first contract years. Blank slots and blank years are left
 * out. The form shows at least three slots and one more each time "Add another commitment" is pressed,
 * up to one per measure of the catalogue; more years go through the API. Pure: the form's fields in, the
 * API's commitments out, and the API's error fields placed back on the slot and year they came from.
 */
export const SLOTS = 3;
export const YEARS = 3;
/** The button that asks for one more slot instead of sending the bid. */
export const ADD_COMMITMENT = 'addCommitment';

/** The slots the form was showing (each sends its measure field, blank or not). */
const slotsIn = (form: FormFields) => {
  let n = 0;
  for (const key of Object.keys(form)) {
    const m = /^sv-(\d+)-(?:measure|method|y\d+)$/.exec(key);
    if (m) n = Math.max(n, Number(m[1]) + 1);
  }
  return n;
};

/** How many slots to show now: those shown before (or filled from a previous version), one more if asked, between SLOTS and the catalogue's size. */
export function slotCount(form: FormFields, measures: number): number {
  const wanted = slotsIn(form) + (formText(form[ADD_COMMITMENT]) === '1' ? 1 : 0);
  return Math.max(Math.min(SLOTS, measures), Math.min(measures, wanted));
}

interface Parsed {
  commitments: CommitmentInput[];
  slotOf: number[];
  yearsOf: number[][];
}

export function commitmentsFromForm(form: FormFields): Parsed {
  const out: Parsed = { commitments: [], slotOf: [], yearsOf: [] };
  for (let slot = 0; slot < slotsIn(form); slot++) {
    const measureCode = formText(form[`sv-${slot}-measure`]);
    const method = formText(form[`sv-${slot}-method`]);
    const years = Array.from({ length: YEARS }, (_, y) => y + 1).filter((y) => formText(form[`sv-${slot}-y${y}`]) !== '');
    if (!measureCode && !method && !years.length) continue;
    out.commitments.push({
      measureCode,
      method,
      quantities: years.map((year) => ({ year, quantity: formText(form[`sv-${slot}-y${year}`]).replace(/,/g, '') })),
    });
    out.slotOf.push(slot);
    out.yearsOf.push(years);
  }
  return out;
}

/** An API error on `socialValue.commitments.<i>…` as the field of the slot (and year) on the page. */
export function placeError(e: FieldError, form: FormFields): FieldError {
  const m = /^socialValue-commitments-(\d+)-(measureCode|method|quantities)(?:-(\d+)-(quantity|year))?$/.exec(e.field);
  if (!m) return e;
  const parsed = commitmentsFromForm(form);
  const slot = parsed.slotOf[Number(m[1])] ?? 0;
  const field =
    m[2] === 'measureCode'
      ? `sv-${slot}-measure`
      : m[2] === 'method'
        ? `sv-${slot}-method`
        : m[3] !== undefined
          ? `sv-${slot}-y${parsed.yearsOf[Number(m[1])]?.[Number(m[3])] ?? 1}`
          : `sv-${slot}-y1`;
  return { ...e, field, href: `#${field}` };
}

export function socialValueFormView(measures: Iterable<CatalogueMeasure>, form: FormFields, errorFor: (field: string) => string | null) {
  const list = [...measures];
  return {
    years: Array.from({ length: YEARS }, (_, y) => y + 1),
    canAddAnother: slotCount(form, list.length) < list.length,
    slots: Array.from({ length: slotCount(form, list.length) }, (_, slot) => {
      const chosen = formText(form[`sv-${slot}-measure`]);
      return {
        n: slot + 1,
        id: `sv-${slot}`,
        options: list.map((m) => ({ value: m.code, text: `${m.code}: ${m.name} (£${m.proxyValue} per ${m.unit})`, selected: m.code === chosen })),
        measureError: errorFor(`sv-${slot}-measure`),
        method: formText(form[`sv-${slot}-method`]),
        methodError: errorFor(`sv-${slot}-method`),
        years: Array.from({ length: YEARS }, (_, y) => ({
          year: y + 1,
          id: `sv-${slot}-y${y + 1}`,
          value: formText(form[`sv-${slot}-y${y + 1}`]),
          error: errorFor(`sv-${slot}-y${y + 1}`),
        })),
      };
    }),
  };
}

/** A bid already sent, as the form's fields: the next version starts from it. */
export function formFromBid(bid: {
  lotKey: string;
  price: string;
  answers: Record<string, string>;
  documents: { id: string }[];
  socialValue: { commitments: { measureCode: string; method: string; quantities: { year: number; quantity: string }[] }[] } | null;
}): FormFields {
  const form: FormFields = { lotKey: bid.lotKey, price: bid.price, document: bid.documents.map((d) => d.id) };
  for (const [key, answer] of Object.entries(bid.answers)) form[`answer-${key}`] = answer;
  (bid.socialValue?.commitments ?? []).forEach((c, slot) => {
    form[`sv-${slot}-measure`] = c.measureCode;
    form[`sv-${slot}-method`] = c.method;
    for (const q of c.quantities) if (q.year <= YEARS) form[`sv-${slot}-y${q.year}`] = q.quantity;
  });
  return form;
}
