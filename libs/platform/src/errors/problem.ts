import { HttpException, HttpStatus } from '@nestjs/common';

/** One broken rule on one field of the input. */
export interface FieldProblem {
  /** Dotted path of the field, e.g. `email` or `lots.0.title`. */
  readonly field: string;
  /** The rule it broke, e.g. `isEmail`, `unknown-field`, `max-length`. */
  readonly rule: string;
  readonly message: string;
}

/** RFC 9457 problem details. `type` is relative to the service; see docs/problems.md. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  errors?: FieldProblem[];
  [extension: string]: unknown;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** An error that already knows how it should look to the client. */
export class ProblemException extends HttpException {
  constructor(
    status: HttpStatus,
    readonly problemType: string,
    title: string,
    detail?: string,
    readonly extensions: Record<string, unknown> = {},
  ) {
    super({ title, detail }, status);
    this.message = detail ? `${title}: ${detail}` : title;
  }

  toProblem(instance?: string): ProblemDetails {
    const { title, detail } = this.getResponse() as { title: string; detail?: string };
    // RFC 9457's own members come last: an extension named like one (a contract's `status`, say) can never change the answer's status.
    return { ...this.extensions, type: `/problems/${this.problemType}`, title, status: this.getStatus(), detail, instance };
  }
}

export const validationProblem = (errors: FieldProblem[], detail?: string) =>
  new ProblemException(HttpStatus.BAD_REQUEST, 'validation', 'The request is not valid', detail ?? errors.map((e) => `${e.field}: ${e.message}`).join('; '), {
    errors,
  });

/** 409: the request is sound but the record's state refuses it now (taken already, decided, signed); `extra` says what state. */
export const conflictProblem = (type: string, title: string, detail: string, extra: Record<string, unknown> = {}) =>
  new ProblemException(HttpStatus.CONFLICT, type, title, detail, extra);

/**
 * 409 for a value the person chose that is taken already (a reference, a code): the problem names the field,
 * so a form shows the message beside it, keeping what was typed, rather than as a bare conflict.
 */
export const takenProblem = (type: string, title: string, field: string, message: string, extra: Record<string, unknown> = {}) =>
  conflictProblem(type, title, message, { ...extra, errors: [{ field, rule: 'unique', message }] });

export const notFound = (what: string) => new ProblemException(HttpStatus.NOT_FOUND, 'not-found', 'Not found', `${what} was not found`);
