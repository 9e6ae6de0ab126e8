/** Roles from docs/domain.md section 2. `public` is the absence of a principal. */
export const AUTHORITY_ROLES = ['authority_admin', 'commissioner', 'evaluator', 'contract_manager', 'auditor', 'scrutiny_member'] as const;
export type AuthorityRole = (typeof AUTHORITY_ROLES)[number];
export type Role = AuthorityRole | 'provider' | 'platform_operator';
export const ALL_ROLES: readonly [Role, ...Role[]] = [...AUTHORITY_ROLES, 'provider', 'platform_operator'];

/** Who is making a request, as established by authentication. */
export interface Principal {
  readonly kind: 'user' | 'api_key';
  readonly userId?: string;
  readonly apiKeyId?: string;
  /** The authority acted in: staff's own, or the one a provider user is bidding to. */
  readonly tenantId?: string;
  readonly providerId?: string;
  readonly roles: readonly Role[];
  /** Web pages only: the signed-in browser session. */
  readonly web?: WebSessionInfo;
}

export interface WebSessionInfo {
  readonly sessionId: string;
  /** sha256 of the cookie token: what CSRF tokens are bound to. */
  readonly tokenHash: string;
  /** A provider user looks at one authority at a time. */
  readonly focusAuthorityId: string | null;
}

/**
 * The authority whose rows a principal may see: only for authority staff and
 * authority API keys. A provider user names the authority it acts toward, but
 * that never opens the authority's own records (drafts, other bids) to it.
 */
export function tenantOf(principal: Principal | undefined): string | undefined {
  if (!principal?.tenantId) return undefined;
  return principal.roles.some((r) => (AUTHORITY_ROLES as readonly string[]).includes(r)) ? principal.tenantId : undefined;
}
