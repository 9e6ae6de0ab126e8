import { Inject, Injectable } from '@nestjs/common';
import { Authority, SecretSealer } from '#auth';
import { APP_CONFIG, type AppConfig, AuditLog, type FieldProblem, type Principal, RequestDb, validationProblem } from '#platform';
import { AuthoritySso } from './authority-sso.entity.js';
import { OidcProviders, rootCause } from './oidc-providers.js';
import { formatRoleMap, issuerProblem, parseDomains, parseRoleMap, STAFF_SIGN_IN, type StaffSignIn } from './sso-rules.js';

/** The settings form as typed: every field text, the secret blank to keep the one stored. */
export interface SsoSettingsForm {
  displayName: string;
  issuer: string;
  clientId: string;
  clientSecret: string;
  domains: string;
  rolesClaim: string;
  roleMap: string;
  createAccounts: boolean;
  staffSignIn: string;
}

export interface SsoSettingsView {
  form: Omit<SsoSettingsForm, 'clientSecret'>;
  configured: boolean;
  secretStored: boolean;
  updatedAt: string | null;
  authority: { slug: string; name: string };
  /** The latest sign-ins through the provider that were refused, newest first, for the admin to see why. */
  refusals: { at: Date; reason: string; email: string | null; detail: string | null }[];
}

const CLAIM = /^[A-Za-z0-9_:./-]{1,100}$/;

/**
 * An authority admin's settings for signing staff in through the authority's identity provider. Checked in full
 * before anything is stored (the issuer is asked for its metadata, so a mistyped one is told on its field, not
 * found by the first person to sign in); the client secret is sealed (SecretSealer) and never shown again.
 */
@Injectable()
export class SsoSettings {
  constructor(
    private readonly db: RequestDb,
    private readonly audit: AuditLog,
    private readonly providers: OidcProviders,
    private readonly sealer: SecretSealer,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async view(): Promise<SsoSettingsView> {
    const em = this.db.manager;
    const row = await em.findOne(AuthoritySso, { where: { tenantId: this.db.tenantId } });
    const authority = await em.findOneByOrFail(Authority, { id: this.db.tenantId });
    return {
      form: {
        displayName: row?.displayName ?? '',
        issuer: row?.issuer ?? '',
        clientId: row?.clientId ?? '',
        domains: row?.allowedDomains.join(', ') ?? '',
        rolesClaim: row?.rolesClaim ?? 'groups',
        roleMap: row ? formatRoleMap(row.roleMap) : '',
        createAccounts: row?.createAccounts ?? false,
        staffSignIn: authority.staffSignIn,
      },
      configured: !!row,
      secretStored: !!row,
      updatedAt: row?.updatedAt.toISOString() ?? null,
      authority: { slug: authority.slug, name: authority.name },
      refusals: (
        await em.query<{ at: Date; data: { reason: string; email?: string | null; detail?: string } }[]>(
          `SELECT occurred_at AS at, data FROM audit_events WHERE tenant_id = $1 AND action = 'user.sso_refused' ORDER BY occurred_at DESC LIMIT 20`,
          [this.db.tenantId],
        )
      ).map((r) => ({ at: r.at, reason: r.data.reason, email: r.data.email ?? null, detail: r.data.detail ?? null })),
    };
  }

  /**
   * Checks the form without touching the database, asking the issuer for its metadata: run it outside any
   * transaction (the provider may take seconds). Throws a validation problem naming each field.
   */
  async check(form: SsoSettingsForm, secretStored: boolean) {
    const problems: FieldProblem[] = [];
    const problem = (field: string, rule: string, message: string) => problems.push({ field, rule, message });
    const displayName = form.displayName.trim();
    if (!displayName) problem('displayName', 'required', 'Enter what your staff call this account, like Northshire Microsoft account');
    else if (displayName.length > 100) problem('displayName', 'max-length', 'Enter a name of 100 characters or fewer');
    const issuer = form.issuer.trim().replace(/\/+$/, '');
    const issuerWrong = issuer ? issuerProblem(issuer, this.config.NODE_ENV === 'production') : 'Enter the issuer your identity provider gives you';
    if (issuerWrong) problem('issuer', 'issuer', issuerWrong);
    const clientId = form.clientId.trim();
    if (!clientId) problem('clientId', 'required', 'Enter the client ID your identity provider gave Commonweal');
    else if (clientId.length > 300) problem('clientId', 'max-length', 'Enter a client ID of 300 characters or fewer');
    const clientSecret = form.clientSecret.trim();
    if (!clientSecret && !secretStored) problem('clientSecret', 'required', 'Enter the client secret your identity provider gave Commonweal');
    else if (clientSecret.length > 1000) problem('clientSecret', 'max-length', 'Enter a client secret of 1000 characters or fewer');
    const domains = parseDomains(form.domains);
    if (domains.problems.length) problem('domains', 'e-mail-domain', domains.problems[0]);
    else if (!domains.domains.length)
      problem('domains', 'required', 'Enter the e-mail domains your staff sign in with: the part of their addresses after the @');
    const rolesClaim = form.rolesClaim.trim() || 'groups';
    if (!CLAIM.test(rolesClaim)) problem('rolesClaim', 'claim', 'Enter a claim name of letters, digits and _ : . / - only, like groups or roles');
    const roleMap = parseRoleMap(form.roleMap);
    if (roleMap.problems.length) problem('roleMap', 'role-map', roleMap.problems[0]);
    if (form.createAccounts && !roleMap.entries.length) {
      problem(
        'createAccounts',
        'needs-role-map',
        'Map at least one group to roles before letting new accounts be made: a new account takes its roles from its groups',
      );
    }
    const staffSignIn = STAFF_SIGN_IN.find((s) => s === form.staffSignIn);
    if (!staffSignIn) problem('staffSignIn', 'one-of', 'Select how your staff sign in');
    if (!issuerWrong) {
      try {
        await this.providers.answers(issuer);
      } catch (err) {
        problem('issuer', 'discovery', `No identity provider answered at ${issuer} (${rootCause(err)}): check the issuer`);
      }
    }
    if (problems.length) throw validationProblem(problems);
    return {
      displayName,
      issuer,
      clientId,
      clientSecret,
      allowedDomains: domains.domains,
      rolesClaim,
      roleMap: roleMap.entries,
      createAccounts: form.createAccounts,
      staffSignIn: staffSignIn!,
    };
  }

  /** Stores what `check` passed, in the request's transaction. */
  async save(checked: Awaited<ReturnType<SsoSettings['check']>>, principal: Principal): Promise<void> {
    const em = this.db.manager;
    const tenantId = this.db.tenantId;
    const existing = await em.createQueryBuilder(AuthoritySso, 's').addSelect('s.clientSecretSealed').where('s.tenant_id = :tenantId', { tenantId }).getOne();
    const sealed = checked.clientSecret ? this.sealer.seal(checked.clientSecret, tenantId) : existing?.clientSecretSealed;
    if (!sealed)
      throw validationProblem([{ field: 'clientSecret', rule: 'required', message: 'Enter the client secret your identity provider gave Commonweal' }]);
    const { staffSignIn, clientSecret: _secret, ...settings } = checked;
    const before = await em.findOneByOrFail(Authority, { id: tenantId });
    let ended = { sessions: 0, apiTokens: 0 };
    if (staffSignIn === 'sso' && before.staffSignIn !== 'sso') {
      // Only someone who has just come in through the provider may close the other door: nobody locks the
      // authority out with settings that do not work.
      const [own]: { signed_in_with: string }[] = principal.web
        ? await em.query(`SELECT signed_in_with FROM web_sessions WHERE id = $1`, [principal.web.sessionId])
        : [];
      if (own?.signed_in_with !== 'sso') {
        throw validationProblem([
          {
            field: 'staffSignIn',
            rule: 'signed-in-through-provider',
            message: 'Sign out, then sign in with your own account through the button on the sign-in page, before turning passwords off: that shows it works',
          },
        ]);
      }
      ended = await this.endPasswordSessions(tenantId);
    }
    await em.upsert(AuthoritySso, { tenantId, ...settings, clientSecretSealed: sealed, updatedAt: new Date(), updatedBy: principal.userId ?? null }, [
      'tenantId',
    ]);
    await em.update(Authority, { id: tenantId }, { staffSignIn: staffSignIn as StaffSignIn });
    if (existing) this.providers.forget(existing.issuer);
    await this.audit.record({
      action: 'sso.settings_saved',
      entityType: 'authority',
      entityId: tenantId,
      // Never the secret: only whether it changed.
      data: { ...settings, staffSignIn, secretChanged: !!checked.clientSecret, passwordSessionsEnded: ended },
    });
  }

  /**
   * Passwords turned off: the staff's sessions made with one end now, and their API refresh tokens (made only
   * with a password) too, rather than lasting their day. A provider's bid writer looking at the authority is
   * not its staff, and keeps theirs.
   */
  private async endPasswordSessions(tenantId: string) {
    const em = this.db.manager;
    const sessions: unknown[] = await em.query(
      `WITH ended AS (UPDATE web_sessions SET revoked_at = now()
         WHERE tenant_id = $1 AND provider_id IS NULL AND signed_in_with = 'password' AND revoked_at IS NULL RETURNING 1)
       SELECT * FROM ended`,
      [tenantId],
    );
    const apiTokens: unknown[] = await em.query(
      `WITH ended AS (UPDATE refresh_tokens SET revoked_at = now()
         WHERE tenant_id = $1 AND provider_id IS NULL AND revoked_at IS NULL RETURNING 1)
       SELECT * FROM ended`,
      [tenantId],
    );
    return { sessions: sessions.length, apiTokens: apiTokens.length };
  }
}
