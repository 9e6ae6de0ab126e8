import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import argon2 from 'argon2';
import { ProviderMembership, ProviderOrganisation, randomToken, sha256, User } from '#auth';
import { Notifications } from '#notifications';
import { APP_CONFIG, type AppConfig, newId, notFound, type Principal, ProblemException, RequestDb, ContextRunner, validationProblem } from '#platform';
import { addMember, createPerson } from '../registration/provider-registration.service.js';
import { ProviderInvitation } from './provider-invitation.entity.js';
import type { AcceptInvitationDto, InviteColleagueDto } from './team.dto.js';

export const INVITATION_DAYS = 7;
export const INVITATION_TEMPLATE = 'provider-invitation';
export const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

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
      expiresAt: new Date(Date.now() + INVITATION_DAYS * 86_400_000),
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

  /**
   * Joins the team. Signed in as the invited address: that account joins.
   * Otherwise a new account is made with the password given; if the address
   * already has an account, the person must sign in first (409), so nobody
   * can attach an existing account they cannot sign in to.
   */
  async accept(token: string, dto: AcceptInvitationDto, principal: Principal | undefined) {
    const tokenHash = sha256(token);
    const peek = await this.runner.run({ invitationTokenHash: tokenHash }, (em) => this.open(em, token));
    let userId: string;
    let passwordHash: string | undefined;
    if (principal?.userId) {
      userId = principal.userId;
      const me = await this.runner.run({ userId }, (em) => em.findOneByOrFail(User, { id: userId }));
      if (me.email !== peek.email) {
        throw problem(
          HttpStatus.FORBIDDEN,
          'invitation-for-someone-else',
          'This invitation is for another address',
          `It was sent to ${peek.email}; you are signed in as ${me.email}`,
        );
      }
    } else {
      if (!dto.password)
        throw validationProblem([
          { field: 'password', rule: 'required', message: 'Choose a password for your new account, or sign in first if you already have one' },
        ]);
      userId = newId();
      passwordHash = await argon2.hash(dto.password);
    }
    return this.runner.run({ invitationTokenHash: tokenHash, userId, providerId: peek.providerId }, async (em) => {
      const inv = await this.open(em, token);
      if (passwordHash) {
        try {
          await createPerson(em, { id: userId, name: dto.name?.trim() || inv.displayName, email: inv.email, passwordHash }, 'email');
        } catch (err) {
          if ((err as ProblemException).getStatus?.() === HttpStatus.CONFLICT) {
            throw problem(
              HttpStatus.CONFLICT,
              'account-exists',
              'You already have an account',
              `Sign in as ${inv.email}, then open the invitation link again to join`,
            );
          }
          throw err;
        }
      }
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
      if (!marked.affected) throw this.used();
      return { providerId: inv.providerId, userId, email: inv.email, roles: inv.roles, newAccount: !!passwordHash };
    });
  }

  private async open(em: import('typeorm').EntityManager, token: string): Promise<ProviderInvitation> {
    if (!TOKEN_PATTERN.test(token)) throw notFound('Invitation');
    const inv = await em.findOne(ProviderInvitation, { where: { tokenHash: sha256(token) } });
    if (!inv) throw notFound('Invitation');
    if (inv.acceptedAt) throw this.used();
    if (inv.expiresAt <= new Date())
      throw problem(HttpStatus.GONE, 'invitation-expired', 'The invitation has expired', 'Ask your colleague to invite you again');
    return inv;
  }

  private used() {
    return problem(HttpStatus.GONE, 'invitation-used', 'The invitation has been used', 'Sign in with the account that accepted it');
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
