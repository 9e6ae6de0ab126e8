import { HttpStatus, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Membership } from '#auth';
import { AuditLog, type AuthorityRole, notFound, type Principal, ProblemException, RequestDb } from '#platform';

export interface StaffMember {
  userId: string;
  name: string;
  email: string;
  roles: AuthorityRole[];
  since: string;
  active: boolean;
  deactivatedAt: string | null;
  /** They sign in through the authority's identity provider with an account there that is linked to them. */
  providerAccountLinked: boolean;
}

const lastAdmin = (detail: string) =>
  new ProblemException(HttpStatus.CONFLICT, 'last-admin', 'An authority needs an administrator', detail, {
    errors: [{ field: 'roles', rule: 'last-admin', message: detail }],
  });

/**
 * An authority's staff, as its admins manage them: their roles, and whether
 * they may still act for the authority. A person is deactivated, never
 * removed, so the audit trail keeps naming them; deactivation ends their
 * sessions here at once (their short-lived API access tokens lapse within
 * ACCESS_TOKEN_TTL_SECONDS), and reactivation restores the roles they had.
 * The authority always keeps at least one active admin.
 */
@Injectable()
export class StaffMembers {
  constructor(
    private readonly db: RequestDb,
    private readonly audit: AuditLog,
  ) {}

  async list(): Promise<StaffMember[]> {
    return this.read(null);
  }

  async one(userId: string): Promise<StaffMember> {
    const [member] = await this.read(userId);
    if (!member) throw notFound('Member of staff');
    return member;
  }

  /** The authority's staff (active first, by name), or the one person asked for. */
  private async read(userId: string | null): Promise<StaffMember[]> {
    const rows: Parameters<typeof memberView>[0][] = await this.db.manager.query(
      `SELECT u.id, u.display_name, u.email, m.roles, m.created_at, m.deactivated_at,
                EXISTS (SELECT 1 FROM sso_identities s WHERE s.tenant_id = m.tenant_id AND s.user_id = m.user_id) AS linked
           FROM memberships m JOIN users u ON u.id = m.user_id
          WHERE m.tenant_id = app_tenant_id() AND ($1::uuid IS NULL OR m.user_id = $1::uuid)
          ORDER BY m.deactivated_at IS NOT NULL, lower(u.display_name), u.email`,
      [userId],
    );
    return rows.map(memberView);
  }

  async changeRoles(userId: string, roles: AuthorityRole[]): Promise<StaffMember> {
    const em = this.db.manager;
    const membership = await this.locked(em, userId);
    if (!roles.includes('authority_admin') && membership.roles.includes('authority_admin') && !membership.deactivatedAt) {
      await this.keepAnAdmin(em, userId, 'Give another person the authority admin role before taking it from the last one');
    }
    const before = membership.roles;
    const sorted = [...roles].sort();
    await em.update(Membership, { id: membership.id }, { roles: sorted });
    // An open web session carries its roles: it gets the new ones now, so a role taken away stops working at once.
    await em.query(`UPDATE web_sessions SET roles = $2 WHERE tenant_id = app_tenant_id() AND user_id = $1 AND revoked_at IS NULL AND expires_at > now()`, [
      userId,
      sorted,
    ]);
    await this.audit.record({ action: 'staff.roles_changed', entityType: 'user', entityId: userId, data: { before, after: sorted } });
    return this.one(userId);
  }

  async deactivate(userId: string, principal: Principal): Promise<StaffMember> {
    const em = this.db.manager;
    const membership = await this.locked(em, userId);
    if (membership.deactivatedAt) return this.one(userId);
    if (membership.roles.includes('authority_admin')) {
      await this.keepAnAdmin(
        em,
        userId,
        userId === principal.userId
          ? 'You are the only active admin: make someone else an admin before deactivating yourself'
          : 'This is the only active admin: make someone else an admin first',
      );
    }
    await em.update(Membership, { id: membership.id }, { deactivatedAt: new Date() });
    const [sessions, tokens] = [await this.revoke(em, 'web_sessions', userId), await this.revoke(em, 'refresh_tokens', userId)];
    await this.audit.record({
      action: 'staff.deactivated',
      entityType: 'user',
      entityId: userId,
      data: { roles: membership.roles, sessionsEnded: sessions, refreshTokensRevoked: tokens },
    });
    return this.one(userId);
  }

  async reactivate(userId: string): Promise<StaffMember> {
    const em = this.db.manager;
    const membership = await this.locked(em, userId);
    if (!membership.deactivatedAt) return this.one(userId);
    await em.update(Membership, { id: membership.id }, { deactivatedAt: null });
    await this.audit.record({ action: 'staff.reactivated', entityType: 'user', entityId: userId, data: { roles: membership.roles } });
    return this.one(userId);
  }

  /**
   * Forgets which account at the authority's identity provider is this person's (theirs was deleted and made
   * again, with a new subject): their next sign-in through the provider links afresh, by their address.
   */
  async forgetProviderAccount(userId: string): Promise<StaffMember> {
    const em = this.db.manager;
    await this.locked(em, userId);
    const forgotten: { issuer: string }[] = await em.query(`DELETE FROM sso_identities WHERE tenant_id = app_tenant_id() AND user_id = $1 RETURNING issuer`, [
      userId,
    ]);
    if (forgotten.length) {
      await this.audit.record({
        action: 'staff.provider_account_forgotten',
        entityType: 'user',
        entityId: userId,
        data: { issuers: forgotten.map((f) => f.issuer) },
      });
    }
    return this.one(userId);
  }

  /**
   * The person's membership, once this transaction holds the authority's staff lock: changes to one
   * authority's staff queue (they are rare), so two admins deactivating each other at once cannot both
   * succeed, the second counting admins after the first has committed, and no two row locks are ever
   * taken in opposite orders.
   */
  private async locked(em: EntityManager, userId: string): Promise<Membership> {
    await em.query(`SELECT pg_advisory_xact_lock(hashtext('commonweal.staff'), hashtext(app_tenant_id()::text))`);
    const membership = await em.findOne(Membership, { where: { tenantId: this.db.tenantId, userId } });
    if (!membership) throw notFound('Member of staff');
    return membership;
  }

  /** Refuses unless another active admin remains (under the staff lock, see `locked`). */
  private async keepAnAdmin(em: EntityManager, leaving: string, detail: string) {
    const admins: { user_id: string }[] = await em.query(
      `SELECT user_id FROM memberships WHERE tenant_id = app_tenant_id() AND deactivated_at IS NULL AND 'authority_admin' = ANY(roles)`,
    );
    if (!admins.some((a) => a.user_id !== leaving)) throw lastAdmin(detail);
  }

  /** Ends the person's live sessions of one kind at this authority (a refresh token already exchanged is dead); how many. */
  private async revoke(em: EntityManager, table: 'web_sessions' | 'refresh_tokens', userId: string): Promise<number> {
    const live = table === 'refresh_tokens' ? 'revoked_at IS NULL AND used_at IS NULL' : 'revoked_at IS NULL';
    const [row]: { n: number }[] = await em.query(
      `WITH u AS (UPDATE ${table} SET revoked_at = now() WHERE tenant_id = app_tenant_id() AND user_id = $1 AND ${live} RETURNING 1)
       SELECT count(*)::int AS n FROM u`,
      [userId],
    );
    return row.n;
  }
}

const memberView = (r: {
  id: string;
  display_name: string;
  email: string;
  roles: AuthorityRole[];
  created_at: Date;
  deactivated_at: Date | null;
  linked: boolean;
}): StaffMember => ({
  userId: r.id,
  name: r.display_name,
  email: r.email,
  roles: r.roles,
  since: new Date(r.created_at).toISOString(),
  active: !r.deactivated_at,
  deactivatedAt: r.deactivated_at ? new Date(r.deactivated_at).toISOString() : null,
  providerAccountLinked: r.linked,
});
