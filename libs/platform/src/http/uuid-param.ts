import { ParseUUIDPipe } from '@nestjs/common';
import { validationProblem } from '../errors/problem.js';

/** A path parameter that must be a UUID; anything else is a 400 naming the parameter, never a database error. */
export const uuidParam = (field = 'id') =>
  new ParseUUIDPipe({
    exceptionFactory: () => validationProblem([{ field, rule: 'isUuid', message: `${field} must be a UUID` }]),
  });
