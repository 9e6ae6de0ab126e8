import { HttpStatus } from '@nestjs/common';
import { ProblemException } from '#platform';
import type { Authority } from '../entities/authority.entity.js';

/**
 * 403 `password-sign-in-off`: the authority signs its staff in through its own identity provider, so a password
 * here is refused, with where to sign in instead. One problem for every place a password is offered (the API's
 * sign-in, an invitation accepted with a new password), each in its own words; a form names its password field.
 */
export function passwordSignInOff(authority: Pick<Authority, 'slug'>, title: string, detail: string, field?: string): ProblemException {
  return new ProblemException(HttpStatus.FORBIDDEN, 'password-sign-in-off', title, detail, {
    signInUrl: `/sign-in/sso/${authority.slug}`,
    ...(field ? { errors: [{ field, rule: 'password-sign-in-off', message: detail }] } : {}),
  });
}
