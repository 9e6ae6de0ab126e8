import type { EntityManager } from 'typeorm';
import type { Notifications } from '../email/notifications.service.js';

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

/**
 * E-mails everyone at a provider on an authority's behalf, from a job in the authority's context. It
 * looks at that one provider by moving the transaction's provider setting, as a system actor may, and
 * moves it back afterwards, so the rest of the job sees only the authority's rows again.
 */
export async function emailProviderPeople(
  em: EntityManager,
  notifications: Notifications,
  message: { tenantId: string; providerId: string; template: string; data: (p: ProviderPerson) => Record<string, unknown> },
): Promise<void> {
  await em.query(`SELECT set_config('app.provider_id', $1, true)`, [message.providerId]);
  const people = await providerPeople(em, message.providerId);
  await notifications.email(people.map((p) => ({ to: p.email, tenantId: message.tenantId, template: message.template, data: message.data(p) })));
  await em.query(`SELECT set_config('app.provider_id', '', true)`);
}
