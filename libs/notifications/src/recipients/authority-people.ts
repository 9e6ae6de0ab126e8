import type { EntityManager } from 'typeorm';
import type { AuthorityRole } from '#platform';
import type { ProviderPerson } from './provider-people.js';
import type { Notifications } from '../email/notifications.service.js';

/**
 * Active staff of the authority in context who hold any of the roles (or the one person named, if they still
 * hold one). Memberships and colleagues' user rows are visible only in the authority's own context.
 */
export function authorityPeople(em: EntityManager, roles: AuthorityRole[], userId?: string | null): Promise<ProviderPerson[]> {
  return em.query(
    `SELECT u.email, u.display_name FROM memberships m JOIN users u ON u.id = m.user_id
      WHERE m.tenant_id = app_tenant_id() AND m.deactivated_at IS NULL AND m.roles && $1::text[] AND ($2::uuid IS NULL OR u.id = $2::uuid)
      ORDER BY u.email`,
    [roles, userId ?? null],
  );
}

/**
 * E-mails everyone at the authority in context who holds any of the roles, each their own message (through
 * the outbox, in the caller's transaction): a provider's report to review, reminders of what falls due.
 */
export async function emailAuthorityPeople(
  em: EntityManager,
  notifications: Notifications,
  message: { tenantId: string; roles: AuthorityRole[]; template: string; data: (p: ProviderPerson) => Record<string, unknown> },
): Promise<void> {
  const people = await authorityPeople(em, message.roles);
  await notifications.email(people.map((p) => ({ to: p.email, tenantId: message.tenantId, template: message.template, data: message.data(p) })));
}
