import { type ArgumentMetadata, ValidationPipe, type ValidationError } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validationProblem, type FieldProblem } from './problem.js';

function flatten(errors: ValidationError[], parent = ''): FieldProblem[] {
  return errors.flatMap((e) => {
    const field = parent ? `${parent}.${e.property}` : e.property;
    const own = Object.entries(e.constraints ?? {}).map(([rule, message]) => ({
      field,
      rule: rule === 'whitelistValidation' ? 'unknown-field' : rule,
      message: rule === 'whitelistValidation' ? `${field} is not a known field` : message,
    }));
    return [...own, ...flatten(e.children ?? [], field)];
  });
}

/**
 * A query with no parameters at all (`GET /api/v1/tenders`) is the commonest input a list route gets, and always
 * the same one: it is validated the first time a query DTO meets it, and once found valid it becomes the DTO (its
 * defaults) without being validated again. Validation was 4% of a list request's CPU (issue 19). This holds as long
 * as a DTO's defaults are valid whenever they are made, which is what a default is for; any other input, and an
 * empty one that was refused, is validated every time.
 */
class StrictValidationPipe extends ValidationPipe {
  private readonly validWhenEmpty = new WeakSet<object>();

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const type = metadata.metatype;
    const empty = metadata.type === 'query' && typeof type === 'function' && isEmptyObject(value);
    if (empty && this.validWhenEmpty.has(type)) return plainToInstance(type, {}, this.transformOptions);
    const result: unknown = await super.transform(value, metadata);
    // Only where the pipe made the DTO itself (not a primitive or an unvalidated type passed through).
    if (empty && result instanceof type) this.validWhenEmpty.add(type);
    return result;
  }
}

/** A plain object with no keys; Express's query parser makes its objects without a prototype. */
const isEmptyObject = (value: unknown) => {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value);
  return (proto === Object.prototype || proto === null) && Object.keys(value).length === 0;
};

/**
 * DTO validation for every route: unknown fields are refused (not silently
 * dropped, so a typo in a field name is visible), values are not coerced, and
 * each broken rule is reported with its field.
 */
export const strictValidationPipe = () =>
  new StrictValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => validationProblem(flatten(errors)),
  });
