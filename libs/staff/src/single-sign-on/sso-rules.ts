import { AUTHORITY_ROLES, type AuthorityRole } from '#platform';
import { ROLE_TEXT } from '../staff-roles.js';

/**
 * Who may come in through an authority's identity provider, and as what (issue 20, item 1). Pure: the claims
 * come from an ID token that openid-client has already checked (signature, issuer, audience, expiry, nonce).
 *
 * The provider vouches for a person; the authority decides what they may do here. A person comes in only with
 * an address in one of the authority's domains, and only as someone the authority already knows: a member of
 * its staff, or someone it has invited. A new account is made only where the admin has said so and the person's
 * groups give them a role. Where the admin has mapped groups to roles, the groups decide the roles at every
 * sign-in (the provider is where people move between teams); an unmapped group brings no role, and nobody comes
 * in with none.
 */

/** How an authority's staff sign in. */
export const STAFF_SIGN_IN = ['password', 'password_or_sso', 'sso'] as const;
export type StaffSignIn = (typeof STAFF_SIGN_IN)[number];

/** One line of the mapping: people whose claim holds `value` have these roles. */
export interface RoleMapEntry {
  value: string;
  roles: AuthorityRole[];
}

export type Claims = Readonly<Record<string, unknown>>;

export type SsoRefusal = 'no-email' | 'email-unverified' | 'unknown-domain' | 'another-identity' | 'unmapped-group' | 'deactivated' | 'no-account';

export interface KnownPerson {
  /** Their membership of this authority's staff, if any. */
  membership: { roles: AuthorityRole[]; deactivated: boolean } | null;
  /** An invitation to it, open and unexpired, if any. */
  invitation: { roles: AuthorityRole[] } | null;
  /**
   * The account with this address is already linked to another account at the provider (another subject): this
   * one does not become them.
   */
  linkedElsewhere?: boolean;
}

export type SsoDecision =
  { ok: true; email: string; roles: AuthorityRole[]; joins: 'member' | 'invitation' | 'new-account' } | { ok: false; reason: SsoRefusal; email: string | null };

const EMAIL = /^[^\s@]+@([^\s@]+\.[^\s@]+)$/;
const DOMAIN = /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

/**
 * The address the provider vouches for: `email`, or where a provider leaves it out (Microsoft Entra ID, by
 * default) `preferred_username` when it is an address. Lower case, as our accounts are.
 */
export function emailOf(claims: Claims): string | null {
  for (const name of ['email', 'preferred_username']) {
    const v = claims[name];
    if (typeof v === 'string' && EMAIL.test(v.trim())) return v.trim().toLowerCase();
  }
  return null;
}

export const domainOf = (email: string) => email.slice(email.lastIndexOf('@') + 1);

/** The claim's values: a list, or one value, of strings. Anything else is no value. */
export function claimValues(claims: Claims, name: string): string[] {
  const v = claims[name];
  if (typeof v === 'string') return [v];
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

export function rolesFromClaims(values: readonly string[], map: readonly RoleMapEntry[]): AuthorityRole[] {
  const held = new Set(values);
  const roles = new Set(map.filter((e) => held.has(e.value)).flatMap((e) => e.roles));
  return AUTHORITY_ROLES.filter((r) => roles.has(r));
}

export function decide(
  claims: Claims,
  settings: { allowedDomains: readonly string[]; rolesClaim: string; roleMap: readonly RoleMapEntry[]; createAccounts: boolean },
  known: KnownPerson,
): SsoDecision {
  const email = emailOf(claims);
  if (!email) return { ok: false, reason: 'no-email', email: null };
  // Said outright to be unverified, the address proves nothing. (Absent is the provider's own account, vouched for.)
  if (claims.email_verified === false) return { ok: false, reason: 'email-unverified', email };
  if (!settings.allowedDomains.includes(domainOf(email))) return { ok: false, reason: 'unknown-domain', email };
  if (known.linkedElsewhere) return { ok: false, reason: 'another-identity', email };
  const mapped = settings.roleMap.length ? rolesFromClaims(claimValues(claims, settings.rolesClaim), settings.roleMap) : null;
  if (mapped && !mapped.length) return { ok: false, reason: 'unmapped-group', email };
  if (known.membership?.deactivated) return { ok: false, reason: 'deactivated', email };
  if (known.membership) return { ok: true, email, roles: mapped ?? known.membership.roles, joins: 'member' };
  if (known.invitation) return { ok: true, email, roles: mapped ?? known.invitation.roles, joins: 'invitation' };
  if (mapped && settings.createAccounts) return { ok: true, email, roles: mapped, joins: 'new-account' };
  return { ok: false, reason: 'no-account', email };
}

/** What the refused person reads: what happened, and who can put it right. */
export function refusalText(reason: SsoRefusal, authorityName: string, email: string | null): string {
  const who = email ?? 'your account';
  switch (reason) {
    case 'no-email':
      return `Your identity provider did not tell us your e-mail address, so we cannot tell which of ${authorityName}’s staff you are. Ask your IT team to release the email claim to Commonweal.`;
    case 'email-unverified':
      return `Your identity provider says ${who} is not verified. Verify it there, then sign in again.`;
    case 'unknown-domain':
      return `${who} is not an address ${authorityName} signs its staff in with. Sign in with your work account, or ask ${authorityName}’s admin to add your domain.`;
    case 'another-identity':
      return `${who} already signs in here with another account at your identity provider, so this one cannot sign in as them. If your account there was made again, ask ${authorityName}’s admin to let it link afresh.`;
    case 'unmapped-group':
      return `None of your groups gives you a role at ${authorityName}. Ask ${authorityName}’s admin to add you to a group that does.`;
    case 'deactivated':
      return `${who} no longer works for ${authorityName} on Commonweal. Ask ${authorityName}’s admin if this is wrong.`;
    case 'no-account':
      return `${who} is not on ${authorityName}’s staff. Ask ${authorityName}’s admin to invite you.`;
  }
}

/** The mapping as the admin types it: one line each, `group = role, role`, roles by name or key. */
export function parseRoleMap(text: string): { entries: RoleMapEntry[]; problems: string[] } {
  const byName = new Map<string, AuthorityRole>();
  for (const r of AUTHORITY_ROLES) {
    byName.set(r, r);
    byName.set(ROLE_TEXT[r].name.toLowerCase(), r);
  }
  const entries: RoleMapEntry[] = [];
  const problems: string[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (!line) return;
    const at = line.lastIndexOf('=');
    const value = at > 0 ? line.slice(0, at).trim() : '';
    const names =
      at > 0
        ? line
            .slice(at + 1)
            .split(',')
            .map((n) => n.trim().toLowerCase())
            .filter(Boolean)
        : [];
    if (!value || !names.length) {
      problems.push(`Line ${i + 1}: write the group, an equals sign and its roles, like “Procurement team = commissioner, evaluator”`);
      return;
    }
    const unknown = names.filter((n) => !byName.has(n));
    if (unknown.length) {
      problems.push(`Line ${i + 1}: “${unknown[0]}” is not a role (the roles are ${AUTHORITY_ROLES.map((r) => ROLE_TEXT[r].name.toLowerCase()).join(', ')})`);
      return;
    }
    if (entries.some((e) => e.value === value)) {
      problems.push(`Line ${i + 1}: “${value}” is mapped twice: put its roles on one line`);
      return;
    }
    const roles = new Set(names.map((n) => byName.get(n)!));
    entries.push({ value, roles: AUTHORITY_ROLES.filter((r) => roles.has(r)) });
  });
  return { entries, problems };
}

export const formatRoleMap = (entries: readonly RoleMapEntry[]) => entries.map((e) => `${e.value} = ${e.roles.join(', ')}`).join('\n');

/** Domains as the admin types them: separated by commas, spaces or lines; `@` and case ignored. */
export function parseDomains(text: string): { domains: string[]; problems: string[] } {
  const words = text
    .split(/[\s,;]+/)
    .map((w) => w.trim().toLowerCase().replace(/^@/, ''))
    .filter(Boolean);
  const problems = words.filter((w) => !DOMAIN.test(w)).map((w) => `“${w}” is not an e-mail domain: enter the part of your staff’s addresses after the @`);
  return { domains: [...new Set(words.filter((w) => DOMAIN.test(w)))], problems };
}

/** The issuer must be reached over https; plain http only on this machine outside production (a test provider). */
export function issuerProblem(issuer: string, production: boolean): string | null {
  let url: URL;
  try {
    url = new URL(issuer);
  } catch {
    return 'Enter the issuer as a web address, like https://login.microsoftonline.com/<tenant id>/v2.0';
  }
  if (url.protocol === 'https:') return url.search || url.hash ? 'Enter the issuer without a query or fragment' : null;
  const loopback = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
  if (url.protocol === 'http:' && loopback && !production) return null;
  return 'Enter an issuer that starts with https://';
}
