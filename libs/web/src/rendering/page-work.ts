import { Injectable } from '@nestjs/common';
import { dbContextFor, type Principal, ProblemException, strictValidationPipe, ContextRunner, validationProblem } from '#platform';

import { inWords } from './messages.js';

/** A field error as the GOV.UK error summary and the field itself show it. */
export interface FieldError {
  field: string;
  href: string;
  text: string;
}

/** The API's field names (`contract.annualValue`, `participants.sex.female`) as element ids (`contract-annualValue`). */
export const fieldId = (field: string) => field.replace(/[^A-Za-z0-9_-]+/g, '-');

/**
 * The field errors of a refusal the person can fix (a 400, 409, 422 or 503
 * naming fields), or null for anything else, which goes on to the error pages.
 */
export function formErrors(err: unknown): FieldError[] | null {
  if (!(err instanceof ProblemException)) return null;
  const status = err.getStatus();
  const errors = err.extensions?.['errors'] as { field: string; rule?: string; message: string }[] | undefined;
  // A 503 naming a field is an upload the malware scanner could not check: the file field says to send it again.
  if ((status === 400 || status === 422 || status === 409 || status === 503) && errors?.length) {
    // In words. A field the API refused under two rules (a date both malformed and unreal) is told once, as GOV.UK
    // asks; messages written for people (a cycle's several reasons it is not ready) are all kept.
    const reworded = new Set<string>();
    return errors.flatMap((e) => {
      const field = fieldId(e.field);
      const text = inWords(e);
      if (text !== e.message) {
        if (reworded.has(field)) return [];
        reworded.add(field);
      }
      return [{ field, href: `#${field}`, text }];
    });
  }
  if (status === 409 || status === 422) return [{ field: 'form', href: '#main-content', text: err.message }];
  // An upload refused for its size or its kind: the file field says why (the detail lists what is accepted).
  if (status === 413 || status === 415) return [{ field: 'file', href: '#file', text: err.message }];
  return null;
}

/** The field errors of a refusal the person can fix on the form; anything else goes on to the error pages. */
export function fixableErrors(err: unknown): FieldError[] {
  const errors = formErrors(err);
  if (!errors) throw err;
  return errors;
}

/** Looks up the error for one field, for the `govuk-form-group--error` markup. */
export const errorFor = (errors: FieldError[], field: string) => errors.find((e) => e.field === fieldId(field))?.text ?? null;

/**
 * A form's fields as the API's DTO, checked by the same rules (the same
 * validation pipe). Empty required fields come first, in the GOV.UK wording
 * ("Enter the service need"), rather than as a rule about lengths.
 */
export async function formAs<T extends object>(metatype: new () => T, value: Record<string, unknown>, required: Record<string, string>): Promise<T> {
  const missing = Object.entries(required).filter(([field]) => !String(value[field] ?? '').trim());
  if (missing.length) throw validationProblem(missing.map(([field, message]) => ({ field, rule: 'required', message })));
  return (await strictValidationPipe().transform(value, { type: 'body', metatype })) as T;
}

/**
 * Runs what a form changes in its own transaction, in the signed-in person's
 * context, the same services the API uses (RequestDb reads this transaction),
 * committed before the page redirects: the next page always shows the change.
 */
@Injectable()
export class PageWork {
  constructor(private readonly runner: ContextRunner) {}

  /** `publishedRecords`: a provider acting on a published tender, as on the public routes (no authority's own rows). */
  commit<T>(principal: Principal, work: () => Promise<T>, options: { publishedRecords?: boolean } = {}): Promise<T> {
    const ctx = options.publishedRecords ? { ...dbContextFor(principal), tenantId: undefined, publishedRecords: true } : dbContextFor(principal);
    return this.runner.run(ctx, () => work());
  }
}
