import { Decimal } from 'decimal.js';
import { addDays, addMonths, isCalendarDate } from '#kernel';
import type { ExtensionOptionTerms, Problem } from '../contract/contract-rules.js';

/**
 * Changes to a signed contract (docs/domain.md section 6; Procurement Act 2023 s.74 and Schedule 8, law):
 * a **variation** on one of the grounds the Act permits, with its rationale, value change and period
 * change; an **extension** exercised from one of the contract's options, by its decide-by date. One change
 * is open at a time; a change moving the value by more than the policy pack's threshold is approved by a
 * second person before it is signed; a signed date is neither in the future nor before the contract's
 * signature or the previous change's. Every change carries its cost impact. Pure.
 */
export const CHANGE_KINDS = ['variation', 'extension'] as const;
export type ChangeKind = (typeof CHANGE_KINDS)[number];
export const CHANGE_STATUSES = ['proposed', 'approved', 'signed', 'withdrawn'] as const;
export type ChangeStatus = (typeof CHANGE_STATUSES)[number];

/** The grounds a contract may be changed on (s.74, Schedule 8), kept as data: a code and what it means. */
export const CHANGE_GROUNDS = {
  provided_for: 'Provided for in the contract: a clear review clause or option',
  additional_services: 'Additional services from the same provider, where a change of provider would be impractical',
  unforeseeable: 'Circumstances a diligent authority could not have foreseen, the contract’s nature unchanged',
  urgency: 'Urgency: to protect life or the public',
  supplier_succession: 'Another provider takes the contract on after a restructuring or insolvency',
  below_threshold: 'Below the threshold: together with earlier changes, less than 10% of the value at award, the nature unchanged',
  not_substantial: 'Not a substantial modification: the scope, the economic balance and the term stay materially the same',
} as const;
export type ChangeGround = keyof typeof CHANGE_GROUNDS;
export const GROUND_CODES = Object.keys(CHANGE_GROUNDS) as ChangeGround[];
/** A below-threshold change, with the changes before it, stays under this share of the value at award (services). */
export const BELOW_THRESHOLD_SHARE = '0.10';

export const SIGNED_MONEY = /^-?\d{1,16}(\.\d{1,2})?$/;

export interface ChangingContract {
  status: string;
  awardedValue: string;
  value: string;
  startsOn: string;
  endsOn: string;
  extensionOptions: readonly ExtensionOptionTerms[];
  /** The day it was signed (London), once signed. */
  signedOn: string | null;
}

export interface VariationProposal {
  classification: string;
  valueChange: string;
  newEndsOn?: string;
}

/** The end of a contract extended by some months from the day after its current end. */
export const extendedEnd = (endsOn: string, months: number): string => addDays(addMonths(addDays(endsOn, 1), months), -1);

/** What is wrong with a variation of a contract, given the value its earlier signed changes moved it by (either way, summed as magnitudes). */
export function variationProblems(c: ChangingContract, v: VariationProposal, earlierMovement: string): Problem[] {
  const out: Problem[] = [];
  if (!(GROUND_CODES as string[]).includes(v.classification))
    out.push({ field: 'classification', rule: 'one-of', message: `classification must be one of ${GROUND_CODES.join(', ')}` });
  if (!SIGNED_MONEY.test(v.valueChange))
    out.push({ field: 'valueChange', rule: 'decimal', message: 'valueChange must be an amount in pounds, with a minus for a reduction, e.g. "-25000.00"' });
  if (v.newEndsOn !== undefined && !isCalendarDate(v.newEndsOn))
    out.push({ field: 'newEndsOn', rule: 'date', message: 'newEndsOn must be a date, YYYY-MM-DD' });
  if (out.length) return out;
  const change = new Decimal(v.valueChange);
  if (new Decimal(c.value).plus(change).isNegative())
    out.push({ field: 'valueChange', rule: 'value-not-negative', message: `The contract is worth ${c.value}: it cannot be reduced by more than that` });
  if (v.newEndsOn !== undefined && v.newEndsOn <= c.startsOn)
    out.push({ field: 'newEndsOn', rule: 'after-start', message: `newEndsOn must be after the contract's start, ${c.startsOn}` });
  if (v.newEndsOn === c.endsOn) out.push({ field: 'newEndsOn', rule: 'changed', message: `The contract already ends on ${c.endsOn}: leave newEndsOn out` });
  if (v.classification === 'below_threshold') {
    const limit = new Decimal(c.awardedValue).times(BELOW_THRESHOLD_SHARE);
    const moved = new Decimal(earlierMovement).plus(change.abs());
    if (moved.gte(limit))
      out.push({
        field: 'classification',
        rule: 'below-threshold',
        message: `With the changes before it this moves the value by £${moved.toFixed(2)}, not less than 10% of the value at award (£${limit.toFixed(2)}): choose the ground it is made on`,
      });
  }
  return out;
}

/** What is wrong with exercising an extension option (by its index in the contract's options) on a day, given the options already taken. */
export function extensionProblems(c: ChangingContract, optionIndex: number, exercised: readonly number[], today: string): Problem[] {
  const option = c.extensionOptions[optionIndex];
  if (!option)
    return [
      {
        field: 'optionIndex',
        rule: 'option-exists',
        message: c.extensionOptions.length
          ? `optionIndex must be one of the contract's options, 0 to ${c.extensionOptions.length - 1}`
          : 'This contract has no extension options: a longer term is a variation',
      },
    ];
  if (exercised.includes(optionIndex)) return [{ field: 'optionIndex', rule: 'option-unused', message: 'That extension option is already taken' }];
  if (today > option.decideBy)
    return [{ field: 'optionIndex', rule: 'by-decide-by', message: `That option had to be decided by ${option.decideBy}: a longer term now is a variation` }];
  return [];
}

/** Whether a change needs a second person's approval before it is signed: it moves the value by more than the threshold, either way. */
export const needsApproval = (valueChange: string, threshold: string): boolean => new Decimal(valueChange).abs().gt(threshold);

export interface SigningChange {
  kind: ChangeKind;
  status: ChangeStatus;
  needsApproval: boolean;
  decideBy: string | null;
}

/** What is wrong with signing a change on a day: not in the future, not before the contract's signature or the last change's, an extension by its decide-by date, approved first when it must be. */
export function signatureProblems(
  ch: SigningChange,
  signedOn: string,
  ctx: { today: string; contractSignedOn: string | null; lastSignedOn: string | null },
): Problem[] {
  if (ch.needsApproval && ch.status !== 'approved')
    return [
      { field: 'form', rule: 'approval-required', message: 'This change moves the value by more than the policy threshold: a second person approves it first' },
    ];
  if (signedOn > ctx.today) return [{ field: 'signedOn', rule: 'not-future', message: 'signedOn cannot be in the future' }];
  if (ctx.contractSignedOn && signedOn < ctx.contractSignedOn)
    return [{ field: 'signedOn', rule: 'after-contract-signed', message: `signedOn cannot be before the contract was signed, on ${ctx.contractSignedOn}` }];
  if (ctx.lastSignedOn && signedOn < ctx.lastSignedOn)
    return [{ field: 'signedOn', rule: 'after-last-change', message: `signedOn cannot be before the last change was signed, on ${ctx.lastSignedOn}` }];
  if (ch.kind === 'extension' && ch.decideBy && signedOn > ch.decideBy)
    return [{ field: 'signedOn', rule: 'by-decide-by', message: `The option had to be taken by ${ch.decideBy}` }];
  return [];
}

/** A change's cost impact as the whole-life cost reads it: the value and the term before and after. */
export function costImpact(c: { value: string; endsOn: string }, valueChange: string, newEndsOn: string | null) {
  return {
    valueChange: new Decimal(valueChange).toFixed(2),
    valueBefore: new Decimal(c.value).toFixed(2),
    valueAfter: new Decimal(c.value).plus(valueChange).toFixed(2),
    endsOnBefore: c.endsOn,
    endsOnAfter: newEndsOn ?? c.endsOn,
  };
}
