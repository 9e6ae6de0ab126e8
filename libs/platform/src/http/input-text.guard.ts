import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { validationProblem } from '../errors/problem.js';
import { inputTextProblems } from './input-text.js';

/**
 * Refuses a request whose body or query is not text a route can take (input-text.ts) as a 400 naming each
 * field, before any guard reads the body or any pipe validates it: nothing stored, no 500. A guard and not a
 * middleware, so the answer goes through the problem filter (an error page on pages, problem+json elsewhere).
 */
@Injectable()
export class InputTextGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    const req = context.switchToHttp().getRequest<Request>();
    // A body that is text (a CSV import) is named `body`, as the walk names its root.
    const problems = [...inputTextProblems(req.query, 'query'), ...inputTextProblems(req.body)];
    if (problems.length) throw validationProblem(problems);
    return true;
  }
}
