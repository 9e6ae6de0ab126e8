import { Decimal } from 'decimal.js';
import { pounds2 as money } from '#kernel';
import type { CatalogueMeasure } from '../catalogue/catalogue-csv.js';

/**
 * Social value commitments in a bid (docs/domain.md section 6; issue 6 item 8): a quantity per measure per
 * contract year, with a method statement saying how it will be delivered. Valued with the catalogue
 * version the tender was published with: quantity × proxy value (£ per unit), in total and as a share
 * of the bid's price. Decimal arithmetic; pounds to 2 places and the share to 2 places of a percent,
 * half up, for display (the unrounded value is never stored). Pure.
 */
export interface CommitmentInput {
  measureCode: string;
  method: string;
  quantities: { year: number; quantity: string }[];
}
export interface Problem {
  field: string;
  rule: string;
  message: string;
}

export const QUANTITY = /^\d{1,12}(\.\d{1,2})?$/;
export const MAX_COMMITMENTS = 100;
export const MAX_YEARS = 50;

export function commitmentProblems(list: CommitmentInput[], measures: ReadonlyMap<string, CatalogueMeasure>): Problem[] {
  const problems: Problem[] = [];
  if (list.length > MAX_COMMITMENTS) problems.push({ field: 'socialValue.commitments', rule: 'max-items', message: `At most ${MAX_COMMITMENTS} commitments` });
  const seen = new Set<string>();
  list.forEach((c, i) => {
    const at = `socialValue.commitments.${i}`;
    if (!measures.has(c.measureCode))
      problems.push({ field: `${at}.measureCode`, rule: 'one-of', message: `${c.measureCode} is not a measure in this tender’s social value catalogue` });
    else if (seen.has(c.measureCode))
      problems.push({
        field: `${at}.measureCode`,
        rule: 'unique',
        message: `${c.measureCode} is committed twice: give each year’s quantity in one commitment`,
      });
    seen.add(c.measureCode);
    if (!c.method?.trim()) problems.push({ field: `${at}.method`, rule: 'required', message: 'Say how you will deliver it (the method statement)' });
    else if (c.method.length > 5000) problems.push({ field: `${at}.method`, rule: 'max-length', message: 'The method statement is over 5,000 characters' });
    if (!c.quantities?.length) problems.push({ field: `${at}.quantities`, rule: 'required', message: 'Give the quantity for at least one contract year' });
    const years = new Set<number>();
    (c.quantities ?? []).forEach((q, j) => {
      if (!Number.isInteger(q.year) || q.year < 1 || q.year > MAX_YEARS)
        problems.push({ field: `${at}.quantities.${j}.year`, rule: 'range', message: `Year must be a contract year from 1 to ${MAX_YEARS}` });
      else if (years.has(q.year)) problems.push({ field: `${at}.quantities.${j}.year`, rule: 'unique', message: `Year ${q.year} is given twice` });
      years.add(q.year);
      if (typeof q.quantity !== 'string' || !QUANTITY.test(q.quantity))
        problems.push({
          field: `${at}.quantities.${j}.quantity`,
          rule: 'decimal',
          message: 'Quantity must be a number with at most 2 decimal places, e.g. "12" or "2.5"',
        });
    });
  });
  return problems;
}

export interface CommittedMeasure {
  measureCode: string;
  theme: string;
  name: string;
  unit: string;
  proxyValue: string;
  method: string;
  quantities: { year: number; quantity: string; value: string }[];
  totalQuantity: string;
  totalValue: string;
}
export interface SocialValueSnapshot {
  catalogueVersion: number;
  commitments: CommittedMeasure[];
  totalValue: string;
  shareOfPricePercent: string | null;
}

/** The bid's commitments valued (call only when commitmentProblems found none). */
export function valueCommitments(
  list: CommitmentInput[],
  measures: ReadonlyMap<string, CatalogueMeasure>,
  price: string,
  catalogueVersion: number,
): SocialValueSnapshot {
  let total = new Decimal(0);
  const commitments = list.map((c): CommittedMeasure => {
    const m = measures.get(c.measureCode)!;
    const proxy = new Decimal(m.proxyValue);
    let quantity = new Decimal(0);
    let value = new Decimal(0);
    const quantities = [...c.quantities]
      .sort((a, b) => a.year - b.year)
      .map((q) => {
        const v = new Decimal(q.quantity).times(proxy);
        quantity = quantity.plus(q.quantity);
        value = value.plus(v);
        return { year: q.year, quantity: q.quantity, value: money(v) };
      });
    total = total.plus(value);
    return {
      measureCode: m.code,
      theme: m.theme,
      name: m.name,
      unit: m.unit,
      proxyValue: m.proxyValue,
      method: c.method.trim(),
      quantities,
      totalQuantity: quantity.toFixed(),
      totalValue: money(value),
    };
  });
  const p = new Decimal(price);
  return {
    catalogueVersion,
    commitments,
    totalValue: money(total),
    shareOfPricePercent: p.isZero() ? null : total.div(p).times(100).toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toFixed(2),
  };
}
