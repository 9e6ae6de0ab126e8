import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { IsNull, type EntityManager } from 'typeorm';
import {
  acceptInvitation,
  type AcceptInvitationDto,
  Authority,
  invitationExpiry,
  invitationUsed,
  Membership,
  openInvitation,
  randomToken,
  sha256,
  TOKEN_PATTERN,
  User,
  passwordSignInOff,
} from '#auth';
import { Notifications } from '#notifications';
import {
  APP_CONFIG,
  type AppConfig,
  AuditEvent,
  auditEventRow,
  AuditLog,
  ContextRunner,
  newId,
  notFound,
  type Principal,
  ProblemException,
  RequestDb,
  validationProblem,
} from '#platform';
import type { InviteStaffDto } from '../staff.dto.js';
import { rolesInWords } from '../staff-roles.js';
import { StaffInvitation } from './staff-invitation.entity.js';

export const STAFF_INVITATION_TEMPLATE = 'staff-invitation';

export interface PendingInvitation {
  id: string;
  email: string;
  name: string;
  roles: string[];
  sentAt: string;
  expiresAt: string;
  expired: boolean;
}

/**
 * Bringing people onto an authority's staff. An admin invites an address with
 * roles; the e-mailed link (through the outbox, as the authority's message)
 * works once, for seven days, and joins either the person signed in with that
 * address or a new account made for it. Nobody joins an authority otherwise.
 */
@Injectable()
export class StaffInvitations {
  constructor(
    private readonly db: RequestDb,
    private readonly runner: ContextRunner,
    private readonly notifications: Notifications,
    private readonly audit: AuditLog,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async pending(): Promise<PendingInvitation[]> {
    const rows = await this.db.manager.find(StaffInvitation, { where: { acceptedAt: IsNull(), revokedAt: IsNull() }, order: { createdAt: 'DESC' } });
    const now = new Date();
    return rows.map((i) => ({
      id: i.id,
      email: i.email,
      name: i.displayName,
      roles: i.roles,
      sentAt: i.createdAt.toISOString(),
      expiresAt: i.expiresAt.toISOString(),
      expired: i.expiresAt <= now,
    }));
  }

  /** `tenantId`: the platform operator inviting a new authority's first admin names it; otherwise the caller's. */
  async invite(dto: InviteStaffDto, principal: Principal, tenantId = this.db.tenantId) {
    const em = this.db.manager;
    const email = dto.email.trim().toLowerCase();
    const [member]: { deactivated_at: Date | null }[] = await em.query(
      `SELECT m.deactivated_at FROM memberships m JOIN users u ON u.id = m.user_id WHERE m.tenant_id = app_tenant_id() AND u.email = $1`,
      [email],
    );
    if (member) {
      const message = member.deactivated_at
        ? `${email} was deactivated: reactivate them from the staff list instead`
        : `${email} is already on your staff: change their roles instead`;
      throw validationProblem([{ field: 'email', rule: 'not-staff', message }]);
    }
    const token = randomToken();
    const invitation: StaffInvitation = {
      tenantId,
      id: newId(),
      email,
      displayName: dto.name.trim(),
      roles: [...new Set(dto.roles)].sort(),
      tokenHash: sha256(token),
      invitedBy: principal.userId ?? null,
      createdAt: new Date(),
      expiresAt: invitationExpiry(),
      acceptedAt: null,
      acceptedBy: null,
      revokedAt: null,
    };
    await em.insert(StaffInvitation, invitation);
    const authority = await em.findOneByOrFail(Authority, { id: tenantId });
    const inviter = principal.userId ? await em.findOneBy(User, { id: principal.userId }) : null;
    // The link carries the token; only its hash is stored, so the e-mail is the one place it exists.
    await this.notifications.email({
      to: email,
      template: STAFF_INVITATION_TEMPLATE,
      tenantId,
      data: {
        recipientName: invitation.displayName,
        inviterName: inviter?.displayName ?? authority.name,
        roles: rolesInWords(invitation.roles),
        acceptUrl: new URL(`/staff-invitations/${token}`, this.config.PUBLIC_BASE_URL).toString(),
        expiresAt: invitation.expiresAt.toISOString(),
      },
    });
    await this.audit.record({
      tenantId,
      action: 'staff.invited',
      entityType: 'staff_invitation',
      entityId: invitation.id,
      data: { email, roles: invitation.roles },
    });
    return { id: invitation.id, email, name: invitation.displayName, roles: invitation.roles, expiresAt: invitation.expiresAt.toISOString() };
  }

  /** Withdrawn before it is used, the link opens nothing; withdrawing twice is no error. */
  async withdraw(id: string): Promise<void> {
    const em = this.db.manager;
    const inv = await em.findOne(StaffInvitation, { where: { tenantId: this.db.tenantId, id } });
    if (!inv) throw notFound('Invitation');
    if (inv.acceptedAt)
      throw new ProblemException(
        HttpStatus.CONFLICT,
        'invitation-used',
        'The invitation has been accepted',
        `${inv.email} has joined: deactivate them instead`,
      );
    if (inv.revokedAt) return;
    await em.update(StaffInvitation, { tenantId: inv.tenantId, id }, { revokedAt: new Date() });
    await this.audit.record({ action: 'staff.invitation_withdrawn', entityType: 'staff_invitation', entityId: id, data: { email: inv.email } });
  }

  /** What the link shows before it is accepted. Its own transaction: found by the token's hash only. */
  async describe(token: string) {
    return this.runner.run({ invitationTokenHash: sha256(token) }, async (em) => {
      const inv = await this.open(em, token);
      const authority = await em.findOneByOrFail(Authority, { id: inv.tenantId });
      return {
        authorityName: authority.name,
        authoritySlug: authority.slug,
        /** How the authority's staff sign in: the page offers its provider's button, and a password only where one is used. */
        staffSignIn: authority.staffSignIn,
        email: inv.email,
        name: inv.displayName,
        roles: inv.roles,
        expiresAt: inv.expiresAt.toISOString(),
      };
    });
  }

  /** Joins the authority's staff: signed in as the invited address, that account joins; otherwise a new account is made. */
  accept(token: string, dto: AcceptInvitationDto, principal: Principal | undefined) {
    return acceptInvitation({
      runner: this.runner,
      token,
      principal,
      dto,
      open: async (em) => {
        const inv = await this.open(em, token);
        // A new account here is made with a password; where the authority has turned passwords off, the invited
        // person joins by signing in through its provider instead (the first sign-in takes up the invitation).
        if (!principal?.userId) passwordAllowed(await em.findOneByOrFail(Authority, { id: inv.tenantId }));
        return inv;
      },
      context: (inv, userId) => ({ userId, tenantId: inv.tenantId }),
      join: async (em, inv, { userId, passwordHash }) => {
        if (await em.exists(Membership, { where: { tenantId: inv.tenantId, userId } })) {
          throw new ProblemException(HttpStatus.CONFLICT, 'already-staff', 'You are already on this authority’s staff', 'Nothing to do: sign in to work');
        }
        await em.insert(Membership, { id: newId(), tenantId: inv.tenantId, userId, roles: inv.roles, deactivatedAt: null });
        const marked = await em
          .createQueryBuilder()
          .update(StaffInvitation)
          .set({ acceptedAt: new Date(), acceptedBy: userId })
          .where('tenant_id = :tenantId AND id = :id AND accepted_at IS NULL AND withdrawn_at IS NULL', { tenantId: inv.tenantId, id: inv.id })
          .execute();
        // Two accepts at once (or a withdrawal between): the loser rolls back its membership and any new account.
        if (!marked.affected) throw invitationUsed();
        await em.insert(
          AuditEvent,
          auditEventRow({
            tenantId: inv.tenantId,
            actorUserId: userId,
            actorApiKeyId: null,
            requestId: null,
            action: 'staff.joined',
            entityType: 'user',
            entityId: userId,
            data: { invitationId: inv.id, roles: inv.roles, newAccount: !!passwordHash },
          }),
        );
        const authority = await em.findOneByOrFail(Authority, { id: inv.tenantId });
        return { tenantId: inv.tenantId, authoritySlug: authority.slug, userId, email: inv.email, roles: inv.roles, newAccount: !!passwordHash };
      },
    });
  }

  private async open(em: EntityManager, token: string): Promise<StaffInvitation> {
    if (!TOKEN_PATTERN.test(token)) throw notFound('Invitation');
    return openInvitation(await em.findOne(StaffInvitation, { where: { tokenHash: sha256(token) } }), 'the authority’s administrator');
  }
}

function passwordAllowed(authority: Authority): void {
  if (authority.staffSignIn !== 'sso') return;
  const message = `${authority.name} signs its staff in with their ${authority.name} account: join by signing in with it`;
  throw passwordSignInOff(authority, 'Join through your authority’s sign-in', message, 'password');
}
