import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import {
  acceptInvitation,
  type AcceptInvitationDto,
  invitationExpiry,
  invitationUsed,
  openInvitation,
  ProviderMembership,
  ProviderOrganisation,
  randomToken,
  sha256,
  TOKEN_PATTERN,
  User,
} from '#auth';
import { Notifications } from '#notifications';
import { APP_CONFIG, type AppConfig, newId, notFound, type Principal, ProblemException, RequestDb, ContextRunner, validationProblem } from '#platform';
import { addMember } from '../registration/provider-registration.service.js';
import { ProviderInvitation } from './provider-invitation.entity.js';
import type { InviteColleagueDto } from './team.dto.js';

export const INVITATION_TEMPLATE = 'provider-invitation';

const problem = (status: HttpStatus, type: string, title: string, detail: string) => new ProblemException(status, type, title, detail);

/**
 * A provider's team: who is in it, and invitations to join it. Only a
 * provider admin invites; the invitation is e-mailed (through the outbox, as
 * the provider's own message) and accepted from its link, either by creating
 * an account or by someone already signed in with the invited address.
 */
@Injectable()
export class Team {
  constructor(
    private readonly db: RequestDb,
    private readonly runner: ContextRunner,
    private readonly notifications: Notifications,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async members(principal: Principal) {
    const em = this.db.manager;
    const rows: { id: string; display_name: string; email: string; roles: string[]; created_at: Date }[] = await em.query(
      `SELECT u.id, u.display_name, u.email, m.roles, m.created_at FROM provider_memberships m JOIN users u ON u.id = m.user_id
        WHERE m.provider_id = $1 ORDER BY u.display_name`,
      [principal.providerId],
    );
    const invitations = await em.find(ProviderInvitation, { order: { createdAt: 'DESC' } });
    const now = new Date();
    return {
      members: rows.map((r) => ({ userId: r.id, name: r.display_name, email: r.email, roles: r.roles, since: new Date(r.created_at).toISOString() })),
      invitations: invitations
        .filter((i) => !i.acceptedAt)
        .map((i) => ({
          id: i.id,
          email: i.email,
          name: i.displayName,
          roles: i.roles,
          sentAt: i.createdAt.toISOString(),
          expiresAt: i.expiresAt.toISOString(),
          expired: i.expiresAt <= now,
        })),
    };
  }

  async invite(dto: InviteColleagueDto, principal: Principal) {
    const em = this.db.manager;
    await this.requireAdmin(principal);
    const email = dto.email.trim().toLowerCase();
    const [member] = await em.query(`SELECT 1 FROM provider_memberships m JOIN users u ON u.id = m.user_id WHERE m.provider_id = $1 AND u.email = $2`, [
      principal.providerId,
      email,
    ]);
    if (member) throw validationProblem([{ field: 'email', rule: 'not-a-member', message: `${email} is already in your team` }]);
    const token = randomToken();
    const invitation: ProviderInvitation = {
      id: newId(),
      providerId: principal.providerId!,
      email,
      displayName: dto.name.trim(),
      roles: dto.roles,
      tokenHash: sha256(token),
      invitedBy: principal.userId ?? null,
      createdAt: new Date(),
      expiresAt: invitationExpiry(),
      acceptedAt: null,
      acceptedBy: null,
    };
    await em.insert(ProviderInvitation, invitation);
    const provider = await em.findOneByOrFail(ProviderOrganisation, { id: principal.providerId! });
    const inviter = await em.findOneBy(User, { id: principal.userId! });
    // The link carries the token; only its hash is stored, so the e-mail is the one place it exists.
    await this.notifications.email({
      to: email,
      template: INVITATION_TEMPLATE,
      providerId: provider.id,
      data: {
        recipientName: invitation.displayName,
        providerName: provider.name,
        inviterName: inviter?.displayName ?? provider.name,
        roles: dto.roles.map((r) => (r === 'provider_admin' ? 'administrator' : 'bid writer')).join(' and '),
        acceptUrl: new URL(`/invitations/${token}`, this.config.PUBLIC_BASE_URL).toString(),
        expiresAt: invitation.expiresAt.toISOString(),
      },
    });
    return { id: invitation.id, email, name: invitation.displayName, roles: invitation.roles, expiresAt: invitation.expiresAt.toISOString() };
  }

  /** What the invitation link shows before it is accepted. Its own transaction: found by the token's hash only. */
  async describe(token: string) {
    return this.runner.run({ invitationTokenHash: sha256(token) }, async (em) => {
      const inv = await this.open(em, token);
      const provider = await em.findOneByOrFail(ProviderOrganisation, { id: inv.providerId });
      return { providerName: provider.name, email: inv.email, name: inv.displayName, roles: inv.roles, expiresAt: inv.expiresAt.toISOString() };
    });
  }

  /** Joins the team: signed in as the invited address, that account joins; otherwise a new account is made. */
  accept(token: string, dto: AcceptInvitationDto, principal: Principal | undefined) {
    return acceptInvitation({
      runner: this.runner,
      token,
      principal,
      dto,
      open: (em) => this.open(em, token),
      context: (inv, userId) => ({ userId, providerId: inv.providerId }),
      join: async (em, inv, { userId, passwordHash }) => {
        if (await em.exists(ProviderMembership, { where: { providerId: inv.providerId, userId } })) {
          throw problem(HttpStatus.CONFLICT, 'already-a-member', 'You are already in this team', 'Nothing to do: sign in to work with your colleagues');
        }
        await addMember(em, inv.providerId, userId, inv.roles);
        const marked = await em
          .createQueryBuilder()
          .update(ProviderInvitation)
          .set({ acceptedAt: new Date(), acceptedBy: userId })
          .where('id = :id AND accepted_at IS NULL', { id: inv.id })
          .execute();
        // Two accepts at once: the second finds it taken and rolls back its membership.
        if (!marked.affected) throw invitationUsed();
        return { providerId: inv.providerId, userId, email: inv.email, roles: inv.roles, newAccount: !!passwordHash };
      },
    });
  }

  private async open(em: import('typeorm').EntityManager, token: string): Promise<ProviderInvitation> {
    if (!TOKEN_PATTERN.test(token)) throw notFound('Invitation');
    return openInvitation(await em.findOne(ProviderInvitation, { where: { tokenHash: sha256(token) } }));
  }

  private async requireAdmin(principal: Principal) {
    const m = await this.db.manager.findOne(ProviderMembership, { where: { providerId: principal.providerId!, userId: principal.userId! } });
    if (!m?.roles.includes('provider_admin')) {
      throw problem(
        HttpStatus.FORBIDDEN,
        'provider-admin-only',
        'Only your organisation’s administrators can invite',
        'Ask one of them to invite your colleague',
      );
    }
  }
}
