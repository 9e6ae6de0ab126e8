import { HttpStatus } from '@nestjs/common';
import { type Principal, ProblemException } from '#platform';

/** Some decisions are a person's, on the record under their name: never a system's. 403 for an API key. */
export function requirePerson(principal: Principal, action: string): void {
  if (!principal.userId)
    throw new ProblemException(HttpStatus.FORBIDDEN, 'person-required', `A person must ${action}`, `Sign in as yourself to ${action}: an API key cannot`);
}
