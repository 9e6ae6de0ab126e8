import type { EntityManager } from 'typeorm';

export interface ProviderPerson {
  email: string;
  display_name: string;
}

/**
 * Everyone at a provider organisation, to tell about a tender it follows. The
 * transaction must be in that provider's context (memberships are
 * provider-scoped, and colleagues' user rows visible only through them).
 */
export function providerPeople(em: EntityManager, providerId: string): Promise<ProviderPerson[]> {
  return em.query(
    `SELECT u.email, u.display_name FROM provider_memberships pm JOIN users u ON u.id = pm.user_id
      WHERE pm.provider_id = $1 ORDER BY u.email`,
    [providerId],
  );
}
