import argon2 from 'argon2';
import { type EntityManager } from 'typeorm';
import { AuditEvent, auditEventRow, newId } from '#platform';
import { Authority } from '../entities/authority.entity.js';
import { Membership } from '../entities/membership.entity.js';
import { User } from '../entities/user.entity.js';

export interface NewAuthority {
  /** Chosen by the caller when the same transaction acts in the new authority (inviting its first admin). */
  id?: string;
  slug: string;
  name: string;
  admin?: { email: string; name: string; password: string };
}

/**
 * Creates an authority and, optionally, its first admin. Shared by the API
 * route (as the platform operator, under RLS) and the CLI (as the owner).
 */
export async function createAuthority(em: EntityManager, input: NewAuthority, actorUserId: string | null) {
  const authority = em.create(Authority, { id: input.id ?? newId(), slug: input.slug, name: input.name });
  await em.insert(Authority, authority);
  let adminId: string | undefined;
  if (input.admin) {
    adminId = newId();
    // updateEntity(false): no RETURNING, since the operator may create a person but not read them back (RLS).
    await em
      .createQueryBuilder()
      .insert()
      .into(User)
      .updateEntity(false)
      .values({
        id: adminId,
        email: input.admin.email.trim().toLowerCase(),
        displayName: input.admin.name,
        passwordHash: await argon2.hash(input.admin.password),
        isPlatformOperator: false,
        failedLoginCount: 0,
      })
      .execute();
    await em
      .createQueryBuilder()
      .insert()
      .into(Membership)
      .updateEntity(false)
      .values({ id: newId(), tenantId: authority.id, userId: adminId, roles: ['authority_admin'] })
      .execute();
  }
  await em
    .createQueryBuilder()
    .insert()
    .into(AuditEvent)
    .updateEntity(false)
    .values(
      auditEventRow({
        tenantId: authority.id,
        actorUserId,
        action: 'authority.created',
        entityType: 'authority',
        entityId: authority.id,
        data: { slug: input.slug, name: input.name, adminId },
      }),
    )
    .execute();
  return { authority, adminId };
}
