import { HttpStatus, Injectable } from '@nestjs/common';
import argon2 from 'argon2';
import type { EntityManager } from 'typeorm';
import { ProviderMembership, type ProviderRole, ProviderOrganisation, User } from '#auth';
import { newId, ProblemException, ContextRunner } from '#platform';
import type { RegisterProviderDto } from './register-provider.dto.js';

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

export const addMember = (em: EntityManager, providerId: string, userId: string, roles: ProviderRole[]) =>
  em.createQueryBuilder().insert().into(ProviderMembership).updateEntity(false).values({ id: newId(), providerId, userId, roles }).execute();

/**
 * A provider registers itself: the organisation and its first person, who
 * administers the account. Nothing is shared with any authority until the
 * provider follows or bids for one of its tenders.
 */
@Injectable()
export class ProviderRegistration {
  constructor(private readonly runner: ContextRunner) {}

  async register(dto: RegisterProviderDto) {
    const userId = newId();
    const providerId = newId();
    const email = dto.person.email.trim().toLowerCase();
    // Hash before the transaction: argon2 is slow on purpose and must not hold a connection.
    const passwordHash = await argon2.hash(dto.person.password);
    const o = dto.organisation;
    await this.runner.run({ userId, providerId }, async (em) => {
      await createPerson(em, { id: userId, name: dto.person.name.trim(), email, passwordHash }, 'person.email');
      await em
        .createQueryBuilder()
        .insert()
        .into(ProviderOrganisation)
        .updateEntity(false)
        .values({
          id: providerId,
          name: o.name.trim(),
          legalForm: o.legalForm,
          size: o.size,
          voluntaryCommunitySector: o.voluntaryCommunitySector,
          companiesHouseNumber: o.companiesHouseNumber ?? null,
          charityNumber: o.charityNumber ?? null,
          otherRegistration: o.otherRegistration ?? null,
        })
        .execute();
      await addMember(em, providerId, userId, ['provider_admin', 'bid_writer']);
    });
    return { provider: { id: providerId, name: o.name.trim() }, user: { id: userId, email } };
  }
}
