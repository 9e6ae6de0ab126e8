import { Injectable } from '@nestjs/common';
import argon2 from 'argon2';
import type { EntityManager } from 'typeorm';
import { createPerson, ProviderMembership, type ProviderRole, ProviderOrganisation } from '#auth';
import { newId, ContextRunner } from '#platform';
import type { RegisterProviderDto } from './register-provider.dto.js';

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
