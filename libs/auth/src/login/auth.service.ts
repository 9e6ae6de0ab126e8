import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import argon2 from 'argon2';
import type { EntityManager } from 'typeorm';
import { APP_CONFIG, type AppConfig, AuditEvent, auditEventRow, newId, ProblemException, ContextRunner, type Role } from '#platform';
import { Authority } from '../entities/authority.entity.js';
import { ProviderOrganisation } from '../entities/provider-organisation.entity.js';
import { RefreshToken } from '../entities/refresh-token.entity.js';
import { User } from '../entities/user.entity.js';
import { WebSession } from '../entities/web-session.entity.js';
import { AccessTokenService } from '../tokens/access-token.service.js';
import { randomToken, sha256 } from '../tokens/opaque-token.js';
import { loadAffiliations, setTransactionContext } from './affiliations.js';
import type { LoginDto, TokenPairDto } from './login.dto.js';
import { chooseSessionContext, type SessionContext } from './session-context.js';
import { UnknownAccountFailures } from './unknown-account-failures.js';
import { passwordSignInOff } from './password-sign-in-off.js';

/** A web session lasts a working day; signing in again the next morning is expected. */
export const WEB_SESSION_HOURS = 10;

const badCredentials = () => new ProblemException(HttpStatus.UNAUTHORIZED, 'bad-credentials', 'Sign-in failed', 'The e-mail address or password is not right');
const passwordsOff = (a: Authority) =>
  passwordSignInOff(a, 'Sign in through your authority', `${a.name}’s staff sign in through ${a.name}’s own account, not a password here`);
const badRefresh = () => new ProblemException(HttpStatus.UNAUTHORIZED, 'bad-refresh-token', 'Sign in again', 'The refresh token is not valid');
const locked = (until: Date) => {
  const seconds = Math.max(1, Math.ceil((until.getTime() - Date.now()) / 1000));
  return new ProblemException(
    HttpStatus.TOO_MANY_REQUESTS,
    'account-locked',
    'Too many failed sign-in attempts',
    `This account is locked until ${until.toISOString()} after repeated failed sign-ins`,
    { retryAfterSeconds: seconds, lockedUntil: until.toISOString() },
  );
};

/**
 * Sign-in, refresh and sign-out. Password checks (argon2, deliberately slow)
 * run outside any transaction so that they never hold a connection, or the
 * embedded database's single session, while they hash.
 */
@Injectable()
export class AuthService {
  private dummyHash?: Promise<string>;

  constructor(
    private readonly runner: ContextRunner,
    private readonly tokens: AccessTokenService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly unknownAccounts: UnknownAccountFailures,
  ) {}

  /** API sign-in: a short-lived access token and a rotating refresh token. */
  async login(dto: LoginDto): Promise<TokenPairDto> {
    const user = await this.checkPassword(dto.email, dto.password);
    return this.runner.run({ authEmail: user.email, userId: user.id }, async (em) => {
      const session = await this.signedIn(em, user, dto.authority, 'api');
      return this.issue(em, user.id, newId(), session);
    });
  }

  /** Web sign-in: an opaque session token for an httpOnly cookie; only its hash is stored. */
  async startWebSession(dto: LoginDto): Promise<{ token: string; expiresAt: Date }> {
    const user = await this.checkPassword(dto.email, dto.password);
    return this.runner.run({ authEmail: user.email, userId: user.id }, async (em) => {
      const session = await this.signedIn(em, user, dto.authority, 'web');
      return this.webSession(em, {
        userId: user.id,
        tenantId: session.tenant?.id ?? null,
        providerId: session.providerId ?? null,
        roles: session.roles,
        signedInWith: 'password',
      });
    });
  }

  /**
   * A web session for a person already known to be who they say (a password checked, or an identity provider's
   * word): in the open transaction, whose context must include the person (app.user_id).
   */
  async webSession(
    em: EntityManager,
    s: { userId: string; tenantId: string | null; providerId: string | null; roles: Role[]; signedInWith: 'password' | 'sso'; signOutUrl?: string | null },
  ): Promise<{ token: string; expiresAt: Date }> {
    const token = randomToken();
    const expiresAt = new Date(Date.now() + WEB_SESSION_HOURS * 3_600_000);
    await em.insert(WebSession, { id: newId(), tokenHash: sha256(token), expiresAt, ...s, signOutUrl: s.signOutUrl ?? null });
    return { token, expiresAt };
  }

  /** The person behind an e-mail and password, or the reason not (wrong, locked). Runs outside any transaction. */
  private async checkPassword(rawEmail: string, password: string): Promise<User & { passwordHash: string }> {
    const email = rawEmail.trim().toLowerCase();
    const user = await this.runner.run(
      { authEmail: email },
      (em) => em.createQueryBuilder(User, 'u').addSelect('u.passwordHash').where('u.email = :email', { email }).getOne(),
      { readOnly: true },
    );
    if (!user?.passwordHash) {
      // Answered as an account would be: locked after as many failures, for as long (UnknownAccountFailures), and
      // after the same time as a real check, so neither the answers nor their timing say which e-mails exist.
      const lockedUntil = await this.unknownAccounts.lockedUntil(email);
      if (lockedUntil) throw locked(lockedUntil);
      await argon2.verify(await this.dummy(), password).catch(() => false);
      const nowLocked = await this.unknownAccounts.failed(email);
      throw nowLocked ? locked(nowLocked) : badCredentials();
    }
    if (user.lockedUntil && user.lockedUntil > new Date()) throw locked(user.lockedUntil);
    if (!(await argon2.verify(user.passwordHash, password))) {
      const lockedUntil = await this.recordFailure(email, user.id);
      throw lockedUntil ? locked(lockedUntil) : badCredentials();
    }
    return user as User & { passwordHash: string };
  }

  /** After a right password: clear failures, choose the authority and roles, audit the sign-in. */
  private async signedIn(em: EntityManager, user: User, authority: string | undefined, channel: 'api' | 'web'): Promise<SessionContext> {
    if (user.failedLoginCount || user.lockedUntil) await em.update(User, user.id, { failedLoginCount: 0, lockedUntil: null });
    const requested = authority ? await em.findOne(Authority, { where: { slug: authority } }) : undefined;
    const affiliations = await loadAffiliations(em, user.id, user.isPlatformOperator);
    const session = chooseSessionContext(affiliations, requested ?? undefined, authority);
    // Staff of an authority that signs its staff in through its identity provider only; a provider's bid writer
    // looking at that authority is not its staff, and signs in as before.
    if (session.tenant?.staffSignIn === 'sso' && !session.providerId) throw passwordsOff(session.tenant);
    if (session.tenant) {
      await setTransactionContext(em, 'app.tenant_id', session.tenant.id);
      await em.insert(
        AuditEvent,
        auditEventRow({
          tenantId: session.tenant.id,
          actorUserId: user.id,
          action: 'user.signed_in',
          entityType: 'user',
          entityId: user.id,
          requestId: null,
          actorApiKeyId: null,
          data: { roles: session.roles, channel },
        }),
      );
    }
    return session;
  }

  async refresh(refreshToken: string): Promise<TokenPairDto> {
    const tokenHash = sha256(refreshToken);
    const outcome = await this.runner.run({ refreshTokenHash: tokenHash }, async (em) => {
      const token = await em.findOne(RefreshToken, { where: { tokenHash } });
      if (!token) return null;
      await setTransactionContext(em, 'app.user_id', token.userId);
      if (token.usedAt || token.revokedAt) {
        // Presented twice: someone else has a copy. End every session descended from this sign-in.
        await this.revokeFamily(em, token.familyId);
        return null;
      }
      if (token.expiresAt <= new Date()) return null;
      // One conditional update: of several exchanges of the same token at once, the row lock lets one through
      // and the others find it used (refused; a later use of it is the replay above, and ends the family).
      const [won] = await em.query(
        `WITH u AS (UPDATE refresh_tokens SET used_at = now() WHERE id = $1 AND used_at IS NULL AND revoked_at IS NULL RETURNING id) SELECT id FROM u`,
        [token.id],
      );
      if (!won) return null;
      const user = await em.findOneOrFail(User, { where: { id: token.userId } });
      const affiliations = await loadAffiliations(em, user.id, user.isPlatformOperator);
      const tenant = token.tenantId ? await em.findOne(Authority, { where: { id: token.tenantId } }) : undefined;
      let session: SessionContext;
      try {
        session = chooseSessionContext(affiliations, tenant ?? undefined, tenant?.slug);
      } catch {
        return null; // memberships changed since sign-in: sign in again
      }
      return this.issue(em, user.id, token.familyId, session);
    });
    if (!outcome) throw badRefresh();
    return outcome;
  }

  async logout(refreshToken: string): Promise<void> {
    const tokenHash = sha256(refreshToken);
    await this.runner.run({ refreshTokenHash: tokenHash }, async (em) => {
      const token = await em.findOne(RefreshToken, { where: { tokenHash } });
      if (!token) return;
      await setTransactionContext(em, 'app.user_id', token.userId);
      await this.revokeFamily(em, token.familyId);
    });
  }

  private async recordFailure(email: string, userId: string): Promise<Date | null> {
    // One atomic statement, so concurrent wrong guesses all count.
    const rows: { locked_until: Date | null }[] = await this.runner.run({ authEmail: email }, (em) =>
      em.query(
        `WITH u AS (
           UPDATE users SET
             failed_login_count = CASE WHEN failed_login_count + 1 >= $2 THEN 0 ELSE failed_login_count + 1 END,
             locked_until = CASE WHEN failed_login_count + 1 >= $2 THEN now() + make_interval(mins => $3) ELSE locked_until END
           WHERE id = $1 RETURNING locked_until)
         SELECT locked_until FROM u`,
        [userId, this.config.LOGIN_MAX_FAILURES, this.config.LOGIN_LOCK_MINUTES],
      ),
    );
    const until = rows[0]?.locked_until;
    return until && new Date(until) > new Date() ? new Date(until) : null;
  }

  private async revokeFamily(em: EntityManager, familyId: string): Promise<void> {
    await em
      .createQueryBuilder()
      .update(RefreshToken)
      .set({ revokedAt: () => 'now()' })
      .where('family_id = :familyId AND revoked_at IS NULL', { familyId })
      .execute();
  }

  private async issue(em: EntityManager, userId: string, familyId: string, session: SessionContext): Promise<TokenPairDto> {
    const refreshToken = randomToken();
    const ttl = this.config.REFRESH_TOKEN_TTL_SECONDS;
    await em.insert(RefreshToken, {
      id: newId(),
      userId,
      familyId,
      tokenHash: sha256(refreshToken),
      tenantId: session.tenant?.id ?? null,
      providerId: session.providerId ?? null,
      expiresAt: new Date(Date.now() + ttl * 1000),
    });
    const { accessToken, expiresIn } = this.tokens.issue({
      kind: 'user',
      userId,
      tenantId: session.tenant?.id,
      providerId: session.providerId,
      roles: session.roles,
    });
    const provider = session.providerId ? await em.findOne(ProviderOrganisation, { where: { id: session.providerId } }) : null;
    return {
      accessToken,
      tokenType: 'Bearer',
      expiresIn,
      refreshToken,
      refreshExpiresIn: ttl,
      ...(session.tenant ? { authority: { id: session.tenant.id, slug: session.tenant.slug, name: session.tenant.name } } : {}),
      ...(provider ? { provider: { id: provider.id, name: provider.name } } : {}),
      roles: session.roles,
    };
  }

  private dummy(): Promise<string> {
    return (this.dummyHash ??= argon2.hash(randomToken()));
  }
}
