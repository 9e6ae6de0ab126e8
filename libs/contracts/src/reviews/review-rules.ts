import { Decimal } from 'decimal.js';
import { addDays, isCalendarDate, MONEY } from '#kernel';
import type { Problem } from '../contract/contract-rules.js';

/**
 * Review before sanction (docs/domain.md section 6; report 001): a result below what was expected of the
 * population served is a question, not yet a failure. The provider explains its context by a date; only
 * then (or once that date has passed unanswered) does the contract manager conclude, and a deduction
 * exists only as a review's conclusion. Pure.
 */
export const REVIEW_CONCLUSIONS = ['no_action', 'remedy_plan', 'deduction'] as const;
export type ReviewConclusion = (typeof REVIEW_CONCLUSIONS)[number];

/** Four weeks from the day the review opened to explain the context. */
export const EXPLANATION_DAYS = 28;
export const explainByFor = (openedOn: string) => addDays(openedOn, EXPLANATION_DAYS);

export type ReviewState = 'awaiting-explanation' | 'explanation-overdue' | 'explained' | 'concluded';

export interface ReviewFacts {
  explainBy: string;
  explained: boolean;
  conclusion: ReviewConclusion | null;
  deduction: string | null;
}

export function reviewState(r: ReviewFacts, today: string): ReviewState {
  if (r.conclusion) return 'concluded';
  if (r.explained) return 'explained';
  return today > r.explainBy ? 'explanation-overdue' : 'awaiting-explanation';
}

/** The deduction a review imposes: only a concluded review's, and only when it concluded with one. */
export const deductionOf = (r: ReviewFacts): string | null => (r.conclusion === 'deduction' ? r.deduction : null);

export interface ConclusionInput {
  conclusion: ReviewConclusion;
  note: string;
  remedyDueOn?: string;
  deduction?: string;
}

/** Why a review cannot be concluded as asked; [] when it can. */
export function conclusionProblems(r: ReviewFacts, c: ConclusionInput, ctx: { today: string; contractValue: string }): Problem[] {
  const out: Problem[] = [];
  if (r.conclusion) return [{ field: 'conclusion', rule: 'concluded', message: 'This review is concluded: its conclusion is final' }];
  if (!r.explained && ctx.today <= r.explainBy)
    out.push({
      field: 'conclusion',
      rule: 'awaiting-explanation',
      message: `The provider has until ${r.explainBy} to explain its context: conclude once it has, or after that date`,
    });
  if (!c.note?.trim()) out.push({ field: 'note', rule: 'required', message: 'note is required: give the reasons for the conclusion' });
  if (c.conclusion === 'remedy_plan') {
    if (!isCalendarDate(c.remedyDueOn))
      out.push({ field: 'remedyDueOn', rule: 'date', message: 'remedyDueOn must be the date the remedy plan is due, YYYY-MM-DD' });
    else if (c.remedyDueOn <= ctx.today) out.push({ field: 'remedyDueOn', rule: 'in-future', message: 'remedyDueOn must be after today' });
  } else if (c.remedyDueOn !== undefined) out.push({ field: 'remedyDueOn', rule: 'remedy-only', message: 'remedyDueOn is set only for a remedy plan' });
  if (c.conclusion === 'deduction') {
    if (typeof c.deduction !== 'string' || !MONEY.test(c.deduction) || new Decimal(c.deduction).lte(0))
      out.push({ field: 'deduction', rule: 'money', message: 'deduction must be an amount in pounds above 0 with at most 2 decimal places, e.g. "5000.00"' });
    else if (new Decimal(c.deduction).gt(ctx.contractValue))
      out.push({ field: 'deduction', rule: 'within-value', message: `deduction cannot be more than the contract's value, ${ctx.contractValue}` });
  } else if (c.deduction !== undefined)
    out.push({ field: 'deduction', rule: 'deduction-only', message: 'deduction is set only when the conclusion is a deduction' });
  return out;
}
