import { Decimal } from 'decimal.js';
import { isCalendarDate } from '#kernel';
import type { LedgerProblem } from './ledger-rules.js';

/**
 * Co-production (issue 15, item 5): citizens' inputs beside the authority's and the provider's: volunteer
 * hours valued at a shadow wage rate, and the people involved, individually or collectively. Cost per
 * outcome is shown without them (what the public purse paid) and with them (what the outcomes took), so
 * a service that leans on volunteers does not look cheaper than it is. Pure.
 */
export const COPRODUCTION_KINDS = ['individual', 'collective'] as const;
export type CoproductionKind = (typeof COPRODUCTION_KINDS)[number];

export interface CoproductionInput {
  occurredOn: string;
  kind: CoproductionKind;
  hours: string;
  people: number;
  description: string;
}

/** The National Living Wage from April 2025, an illustrative shadow wage until the authority sets its own. */
export const ILLUSTRATIVE_SHADOW_WAGE = '12.21';

const HOURS = /^\d{1,9}(\.\d{1,2})?$/;

export function coproductionProblems(e: CoproductionInput, today: string): LedgerProblem[] {
  const out: LedgerProblem[] = [];
  const p = (field: string, rule: string, message: string) => out.push({ field, rule, message });
  if (!isCalendarDate(e.occurredOn)) p('occurredOn', 'date', 'occurredOn must be a date, YYYY-MM-DD');
  else if (e.occurredOn > today) p('occurredOn', 'not-in-future', `occurredOn cannot be after today, ${today}`);
  if (!COPRODUCTION_KINDS.includes(e.kind)) p('kind', 'one-of', `kind must be one of ${COPRODUCTION_KINDS.join(', ')}`);
  if (typeof e.hours !== 'string' || !HOURS.test(e.hours)) p('hours', 'quantity', 'hours must be a number of volunteer hours, not negative, e.g. "12.50"');
  if (!Number.isInteger(e.people) || e.people < 1 || e.people > 1_000_000) p('people', 'count', 'people must be a whole number of people, at least 1');
  if (typeof e.description !== 'string' || !e.description.trim()) p('description', 'required', 'description must say what the citizens did');
  else if (e.description.length > 500) p('description', 'max-length', 'description must be at most 500 characters');
  return out;
}

/** Citizens' inputs in figures, and cost per outcome with and without them; null per outcome when no outcome has been validated. */
export function coproductionFigures(inputs: readonly CoproductionInput[], shadowWageRate: string, actualNominal: string, outcomes: number | null) {
  const part = (kind?: CoproductionKind) => {
    const xs = kind ? inputs.filter((i) => i.kind === kind) : inputs;
    const hours = xs.reduce((s, i) => s.plus(i.hours), new Decimal(0));
    return { hours: hours.toFixed(2), people: xs.reduce((s, i) => s + i.people, 0), value: hours.times(shadowWageRate).toFixed(2) };
  };
  const all = part();
  return {
    shadowWageRate: new Decimal(shadowWageRate).toFixed(2),
    ...all,
    individual: part('individual'),
    collective: part('collective'),
    costPerOutcome:
      outcomes && outcomes > 0
        ? {
            outcomes,
            withoutCitizens: new Decimal(actualNominal).div(outcomes).toFixed(2),
            withCitizens: new Decimal(actualNominal).plus(all.value).div(outcomes).toFixed(2),
          }
        : null,
  };
}
