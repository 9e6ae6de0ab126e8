import { HttpStatus } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { ProblemException } from '#platform';
import { User } from '../entities/user.entity.js';

const emailTaken = (field: string) =>
  new ProblemException(
    HttpStatus.CONFLICT,
    'email-taken',
    'That e-mail address already has an account',
    'Sign in with it instead; if you have forgotten the password, ask your organisation’s administrator',
    { errors: [{ field, rule: 'unique', message: 'this e-mail address already has an account' }] },
  );

export const isUniqueViolation = (err: unknown) => (err as { driverError?: { code?: string } }).driverError?.code === '23505';

/**
 * Creates a person's account, acting as that new person (the only context in
 * which the database lets a user row be inserted without a platform operator).
 * Shared by a provider's registration and by accepting any invitation.
 */
export async function createPerson(em: EntityManager, person: { id: string; name: string; email: string; passwordHash: string }, emailField: string) {
  try {
    // A duplicate e-mail fails the statement; the 409 then rolls the whole transaction back.
    await em
      .createQueryBuilder()
      .insert()
      .into(User)
      .updateEntity(false)
      .values({
        id: person.id,
        email: person.email,
        displayName: person.name,
        passwordHash: person.passwordHash,
        isPlatformOperator: false,
        failedLoginCount: 0,
      })
      .execute();
  } catch (err) {
    if (isUniqueViolation(err)) throw emailTaken(emailField);
    throw err;
  }
}
