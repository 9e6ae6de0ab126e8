import type { CatalogueMeasure, CommitmentInput } from '#social-value';
import { type FieldError, type FormFields, formText } from '#web';

/**
 * The bid form's social value commitments: a few slots, each a measure of the tender's catalogue, a
 * method statement and the quantity in each of the first contract years. Blank slots and blank years
 * are left out. More measures or years go through the API. Pure: the form's fields in, the API's
 * commitments out, and the API's error fields placed back on the slot and year they came from.
 */
export const SLOTS = 3;
export const YEARS = 3;

interface Parsed {
  commitments: CommitmentInput[];
  slotOf: number[];
  yearsOf: number[][];
}

export function commitmentsFromForm(form: FormFields): Parsed {
  const out: Parsed = { commitments: [], slotOf: [], yearsOf: [] };
  for (let slot = 0; slot < SLOTS; slot++) {
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
    slots: Array.from({ length: SLOTS }, (_, slot) => {
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
