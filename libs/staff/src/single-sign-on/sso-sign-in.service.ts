import { HttpStatus, Inject, Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Authority, AuthService, Membership, randomToken, SecretSealer, setTransactionContext, sha256, User } from '#auth';
import { APP_CONFIG, type AppConfig, AuditEvent, auditEventRow, type AuthorityRole, ContextRunner, newId } from '#platform';
import { StaffInvitation } from '../invitations/staff-invitation.entity.js';
import { AuthoritySso } from './authority-sso.entity.js';
import { oidc, OidcProviders, rootCause } from './oidc-providers.js';
import { decide, emailOf, type KnownPerson, refusalText, type SsoRefusal } from './sso-rules.js';

/** How long the person has at their identity provider before the answer is no longer taken. */
const ATTEMPT_MINUTES = 10;

/** A sign-in through an identity provider that did not end in a session: the page says why, in words. */
export class SsoRefused extends Error {
  constructor(
    readonly status: number,
    readonly reason: SsoRefusal | 'not-offered' | 'no-attempt' | 'provider-refused' | 'answer-refused' | 'provider-unreachable' | 'misconfigured',
    readonly text: string,
  ) {
    super(text);
  }
}

/** The ID token's claims that openid-client checks, and what a wrong one means, in words. */
const CLAIM_WRONG: Record<string, string> = {
  aud: 'the ID token was made out to another application',
  azp: 'the ID token was made out to another application',
  exp: 'the ID token had expired',
  iat: 'the ID token was issued at an impossible time',
  iss: 'the ID token came from another issuer',
  nonce: 'the ID token was not for this sign-in',
};

/** openid-client names the claim that failed somewhere down the error's chain of causes. */
function whatWasWrong(err: unknown): string {
  for (let e: unknown = err; e && typeof e === 'object'; e = (e as { cause?: unknown }).cause) {
    const claim = (e as { claim?: unknown }).claim;
    if (typeof claim === 'string' && CLAIM_WRONG[claim]) return `${CLAIM_WRONG[claim]}, claim “${claim}”`;
  }
  return rootCause(err);
}

export interface SsoSession {
  token: string;
  expiresAt: Date;
  next: string;
}

/**
 * Staff signing in through their authority's OpenID Connect provider (issue 20, item 1): the authorization code
 * flow with PKCE, state and nonce. `start` records the attempt (found later by the sha256 of its state) and sends
 * the browser to the provider; `finish` takes the answer once only, has openid-client check it, decides from the
 * ID token's claims who this is and as what (sso-rules.ts), and opens a web session, as a password sign-in does.
 * Every refusal after the provider's answer is audited for the authority's admin, with its reason.
 */
@Injectable()
export class SsoSignIn {
  private readonly log = new Logger(SsoSignIn.name);

  constructor(
    private readonly runner: ContextRunner,
    private readonly providers: OidcProviders,
    private readonly auth: AuthService,
    private readonly sealer: SecretSealer,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Where the browser goes to sign in at the authority's provider, and the value of the cookie that binds the
   * attempt to this browser (only its hash is stored).
   */
  async start(slug: string, next: string): Promise<{ redirect: string; browserKey: string }> {
    const authority = await this.offering(slug);
    const { configuration } = await this.provider(authority);
    const state = oidc.randomState();
    const nonce = oidc.randomNonce();
    const codeVerifier = oidc.randomPKCECodeVerifier();
    const browserKey = randomToken();
    await this.runner.run({ tenantId: authority.id }, async (em) => {
      await em.query(`DELETE FROM sso_attempts WHERE tenant_id = $1 AND created_at < now() - interval '1 day'`, [authority.id]);
      await em.query(`INSERT INTO sso_attempts (state_hash, browser_hash, tenant_id, nonce, code_verifier, next_path) VALUES ($1, $2, $3, $4, $5, $6)`, [
        sha256(state),
        sha256(browserKey),
        authority.id,
        nonce,
        codeVerifier,
        next,
      ]);
    });
    const redirect = oidc.buildAuthorizationUrl(configuration, {
      redirect_uri: this.callbackUrl(authority.slug),
      scope: 'openid email profile',
      state,
      nonce,
      code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
    }).href;
    return { redirect, browserKey };
  }

  /** The provider's answer, at `url` (the callback as the browser asked for it), in the browser holding `browserKey`. */
  async finish(slug: string, url: URL, browserKey: string): Promise<SsoSession> {
    const authority = await this.offering(slug);
    const state = url.searchParams.get('state') ?? '';
    // Taken once, in its own transaction before the provider is asked: an answer replayed, even while the first is
    // still being checked, finds the attempt used.
    const [attempt]: { nonce: string; code_verifier: string; next_path: string }[] =
      state && browserKey
        ? await this.runner.run({ tenantId: authority.id }, (em) =>
            em.query(
              `WITH taken AS (
               UPDATE sso_attempts SET used_at = now()
               WHERE state_hash = $1 AND browser_hash = $3 AND used_at IS NULL AND created_at > now() - make_interval(mins => $2)
               RETURNING nonce, code_verifier, next_path)
             SELECT * FROM taken`,
              [sha256(state), ATTEMPT_MINUTES, sha256(browserKey)],
            ),
          )
        : [];
    if (!attempt) {
      throw new SsoRefused(
        HttpStatus.BAD_REQUEST,
        'no-attempt',
        `This sign-in has been used already, is more than ${ATTEMPT_MINUTES} minutes old, or was started in another browser. Start again from the sign-in page.`,
      );
    }
    const { settings, configuration } = await this.provider(authority);
    let tokens: Awaited<ReturnType<typeof oidc.authorizationCodeGrant>>;
    try {
      tokens = await oidc.authorizationCodeGrant(configuration, new URL(`${url.pathname}${url.search}`, this.config.PUBLIC_BASE_URL), {
        pkceCodeVerifier: attempt.code_verifier,
        expectedState: state,
        expectedNonce: attempt.nonce,
        idTokenExpected: true,
      });
    } catch (err) {
      throw await this.answerRefused(authority, err);
    }
    const claims: Record<string, unknown> = tokens.claims() ?? {};
    const signOutUrl = configuration.serverMetadata().end_session_endpoint
      ? oidc.buildEndSessionUrl(configuration, {
          id_token_hint: tokens.id_token!,
          post_logout_redirect_uri: `${this.config.PUBLIC_BASE_URL}/sign-in?signed-out=1`,
        }).href
      : null;
    const email = emailOf(claims) ?? '';
    const subject = typeof claims.sub === 'string' ? claims.sub : '';
    const outcome = await this.runner.run({ tenantId: authority.id, authEmail: email }, async (em) => {
      const known = await this.known(em, authority.id, settings.issuer, subject, email);
      const decision = decide(claims, settings, known);
      if (!decision.ok) {
        await em.insert(
          AuditEvent,
          this.event(authority.id, null, 'user.sso_refused', 'authority', authority.id, {
            reason: decision.reason,
            email: decision.email,
            subject: claims.sub,
          }),
        );
        return decision;
      }
      const userId = known.user?.id ?? newId();
      await setTransactionContext(em, 'app.user_id', userId);
      await this.join(em, authority.id, userId, decision.email, decision.roles, known, claims);
      // From now on the provider's subject, not the address, says who this is (a second account claiming the
      // address is refused; a new address for the same person is still them). Two first sign-ins at once for one
      // person from two provider accounts: the second breaks the one-link-per-person rule and signs nobody in.
      if (!known.linked && subject) {
        await em.query(
          `INSERT INTO sso_identities (tenant_id, issuer, subject, user_id) VALUES ($1, $2, $3, $4) ON CONFLICT (tenant_id, issuer, subject) DO NOTHING`,
          [authority.id, settings.issuer, subject, userId],
        );
      }
      await em.insert(
        AuditEvent,
        this.event(authority.id, userId, 'user.signed_in', 'user', userId, {
          roles: decision.roles,
          channel: 'sso',
          joins: decision.joins,
          subject: claims.sub,
        }),
      );
      return this.auth.webSession(em, { userId, tenantId: authority.id, providerId: null, roles: decision.roles, signedInWith: 'sso', signOutUrl });
    });
    if ('reason' in outcome) throw new SsoRefused(HttpStatus.FORBIDDEN, outcome.reason, refusalText(outcome.reason, authority.name, outcome.email));
    return { ...outcome, next: attempt.next_path };
  }

  /** The authority, when it signs its staff in through a provider; otherwise there is nothing to start. */
  private async offering(slug: string): Promise<Authority> {
    const authority = /^[a-z0-9-]{1,40}$/.test(slug) ? await this.runner.run({}, (em) => em.findOne(Authority, { where: { slug } }), { readOnly: true }) : null;
    if (!authority || authority.staffSignIn === 'password') {
      throw new SsoRefused(
        HttpStatus.NOT_FOUND,
        'not-offered',
        'This authority does not sign its staff in through an identity provider. Sign in with your e-mail address and password.',
      );
    }
    return authority;
  }

  private async provider(authority: Authority) {
    const settings = await this.runner.run(
      { tenantId: authority.id },
      (em) => em.createQueryBuilder(AuthoritySso, 's').addSelect('s.clientSecretSealed').where('s.tenant_id = :id', { id: authority.id }).getOne(),
      { readOnly: true },
    );
    const clientSecret = settings && this.sealer.open(settings.clientSecretSealed, authority.id);
    if (!settings || !clientSecret) {
      // Settings missing, or sealed under another SECRETS_KEY than this deployment's: the admin must enter the secret again.
      this.log.error(`${authority.slug}: single sign-on is on but its settings ${settings ? 'secret does not open with this SECRETS_KEY' : 'are missing'}`);
      throw new SsoRefused(
        HttpStatus.SERVICE_UNAVAILABLE,
        'misconfigured',
        `${authority.name}’s sign-in is not set up completely. Tell ${authority.name}’s admin.`,
      );
    }
    try {
      return { settings, configuration: await this.providers.configuration({ issuer: settings.issuer, clientId: settings.clientId, clientSecret }) };
    } catch (err) {
      this.log.warn(`${authority.slug}: identity provider ${settings.issuer} did not answer: ${rootCause(err)}`);
      throw new SsoRefused(
        HttpStatus.BAD_GATEWAY,
        'provider-unreachable',
        `${settings.displayName} is not answering just now, so you cannot be signed in through it. Try again in a few minutes.`,
      );
    }
  }

  private async answerRefused(authority: Authority, err: unknown): Promise<SsoRefused> {
    const said = err instanceof oidc.AuthorizationResponseError;
    const detail = said ? (err.error_description ?? err.error) : whatWasWrong(err);
    this.log.warn(`${authority.slug}: sign-in answer refused: ${detail}`);
    await this.runner.run({ tenantId: authority.id }, (em) =>
      em.insert(
        AuditEvent,
        this.event(authority.id, null, 'user.sso_refused', 'authority', authority.id, { reason: said ? 'provider-refused' : 'answer-refused', detail }),
      ),
    );
    return said
      ? new SsoRefused(HttpStatus.FORBIDDEN, 'provider-refused', `Your identity provider did not sign you in: ${detail}`)
      : new SsoRefused(
          HttpStatus.FORBIDDEN,
          'answer-refused',
          `Your identity provider’s answer could not be trusted, so you are not signed in (${detail}). Try again; if it happens again, tell ${authority.name}’s IT team.`,
        );
  }

  /**
   * Who the provider's answer is: the person its subject is linked to, once linked; before that, the person with
   * the address (and not them if they are already linked to another subject at this provider).
   */
  private async known(
    em: EntityManager,
    tenantId: string,
    issuer: string,
    subject: string,
    email: string,
  ): Promise<KnownPerson & { user: User | null; invitationId: string | null; linked: boolean }> {
    const [link]: { user_id: string }[] = subject
      ? await em.query('SELECT user_id FROM sso_identities WHERE issuer = $1 AND subject = $2', [issuer, subject])
      : [];
    let user: User | null;
    if (link) {
      // Their own row, by id: the address the provider gives now may not be the one we hold.
      await setTransactionContext(em, 'app.user_id', link.user_id);
      user = await em.findOne(User, { where: { id: link.user_id } });
    } else {
      user = email ? await em.findOne(User, { where: { email } }) : null;
    }
    const linkedElsewhere =
      !link && user ? (await em.query('SELECT 1 FROM sso_identities WHERE issuer = $1 AND user_id = $2', [issuer, user.id])).length > 0 : false;
    const membership = user ? await em.findOne(Membership, { where: { tenantId, userId: user.id } }) : null;
    const invitation = email
      ? await em
          .createQueryBuilder(StaffInvitation, 'i')
          .where('i.email = :email AND i.accepted_at IS NULL AND i.withdrawn_at IS NULL AND i.expires_at > now()', { email })
          .orderBy('i.created_at', 'DESC')
          .getOne()
      : null;
    return {
      user,
      membership: membership && { roles: membership.roles, deactivated: !!membership.deactivatedAt },
      invitation: invitation && { roles: invitation.roles },
      invitationId: invitation?.id ?? null,
      linkedElsewhere,
      linked: Boolean(link),
    };
  }

  /** Makes the person the authority's staff with these roles: their account and membership made or brought up to date. */
  private async join(
    em: EntityManager,
    tenantId: string,
    userId: string,
    email: string,
    roles: AuthorityRole[],
    known: Awaited<ReturnType<SsoSignIn['known']>>,
    claims: Record<string, unknown>,
  ): Promise<void> {
    if (!known.user) {
      const name = typeof claims.name === 'string' && claims.name.trim() ? claims.name.trim().slice(0, 200) : email;
      // No password: this person signs in through the provider (a password can be set later by a reset, if allowed).
      await em.insert(User, { id: userId, email, displayName: name, passwordHash: null, isPlatformOperator: false, failedLoginCount: 0, lockedUntil: null });
    }
    const membership = await em.findOne(Membership, { where: { tenantId, userId } });
    if (!membership) {
      await em.insert(Membership, { id: newId(), tenantId, userId, roles, deactivatedAt: null });
      if (known.invitationId) {
        await em.update(StaffInvitation, { tenantId, id: known.invitationId }, { acceptedAt: new Date(), acceptedBy: userId });
      }
      await em.insert(
        AuditEvent,
        this.event(tenantId, userId, 'staff.joined', 'user', userId, { roles, through: 'sso', invitationId: known.invitationId, newAccount: !known.user }),
      );
    } else if (membership.roles.join() !== roles.join()) {
      await em.update(Membership, { id: membership.id }, { roles });
      await em.insert(
        AuditEvent,
        this.event(tenantId, userId, 'staff.roles_changed', 'user', userId, { from: membership.roles, to: roles, through: 'sso groups' }),
      );
    }
  }

  private event(tenantId: string, actorUserId: string | null, action: string, entityType: string, entityId: string, data: Record<string, unknown>) {
    return auditEventRow({ tenantId, actorUserId, actorApiKeyId: null, requestId: null, action, entityType, entityId, data });
  }

  private callbackUrl(slug: string) {
    return `${this.config.PUBLIC_BASE_URL}/sign-in/sso/${slug}/callback`;
  }
}
