import { type EntityManager, IsNull } from 'typeorm';
import { Authority } from '../entities/authority.entity.js';
import { Membership } from '../entities/membership.entity.js';
import { ProviderMembership } from '../entities/provider-membership.entity.js';
import type { Affiliations } from './session-context.js';

/** Needs app.user_id set in the transaction: the policies show a person only their own memberships. */
export async function loadAffiliations(em: EntityManager, userId: string, isPlatformOperator: boolean): Promise<Affiliations> {
  // A deactivated membership gives no session: signing in and refreshing both come through here.
  const memberships = await em.find(Membership, { where: { userId, deactivatedAt: IsNull() } });
  const authorities = memberships.length
    ? await em
        .getRepository(Authority)
        .createQueryBuilder('a')
        .where('a.id IN (:...ids)', { ids: memberships.map((m) => m.tenantId) })
        .getMany()
    : [];
  const byId = new Map(authorities.map((a) => [a.id, a]));
  return {
    isPlatformOperator,
    memberships: memberships.map((m) => Object.assign(m, { authority: byId.get(m.tenantId)! })),
    providerMemberships: await em.find(ProviderMembership, { where: { userId } }),
  };
}

/** Widens the open transaction's context once the person is known (values are bound, never inlined). */
export async function setTransactionContext(em: EntityManager, name: 'app.user_id' | 'app.tenant_id', value: string): Promise<void> {
  await em.query(`SELECT set_config($1, $2, true)`, [name, value]);
}
