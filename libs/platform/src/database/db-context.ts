import { isUuid } from './ids.js';

/**
 * What a transaction may see. Each field becomes a transaction-local setting
 * (`set_config(..., true)`) that the row-level security policies read; a field
 * left out means "none", and the policies then match no row: context fails closed.
 */
export interface DbContext {
  /** The authority (tenant) whose rows are visible. */
  readonly tenantId?: string;
  /** The provider organisation whose rows are visible. */
  readonly providerId?: string;
  /** The signed-in person: their own user row, memberships and refresh tokens. */
  readonly userId?: string;
  /** A platform operator may create authorities. */
  readonly platformOperator?: boolean;
  /** Login: lets the transaction read the one user row with this e-mail. */
  readonly authEmail?: string;
  /** API key sign-in: lets the transaction read the one key with this hash. */
  readonly apiKeyHash?: string;
  /** Token refresh: lets the transaction read the one refresh token with this hash. */
  readonly refreshTokenHash?: string;
  /** Web sign-in: lets the transaction read the one session with this hash. */
  readonly webSessionHash?: string;
  /** Accepting an invitation: lets the transaction read the one invitation with this token hash. */
  readonly invitationTokenHash?: string;
  /** The outbox relay: may read message ids across authorities and mark them handed to the queue. */
  readonly outboxRelay?: boolean;
  /** Public routes: may read what authorities have published (tenders past draft), across authorities. */
  readonly publishedRecords?: boolean;
}

const HEX64 = /^[0-9a-f]{64}$/;

/**
 * The settings for a context, split into those safe to inline into the BEGIN
 * batch (UUIDs and flags, checked against strict patterns here) and those that
 * came from a user (e-mail) and must travel as bind parameters.
 */
export function contextSettings(ctx: DbContext): { inline: [string, string][]; bound: [string, string][] } {
  const inline: [string, string][] = [];
  const bound: [string, string][] = [];
  const uuid = (name: string, v: string | undefined) => {
    if (v === undefined) return;
    if (!isUuid(v)) throw new Error(`${name} is not a UUID`);
    inline.push([name, v.toLowerCase()]);
  };
  const hex = (name: string, v: string | undefined) => {
    if (v === undefined) return;
    if (!HEX64.test(v)) throw new Error(`${name} is not a sha256 hex digest`);
    inline.push([name, v]);
  };
  uuid('app.tenant_id', ctx.tenantId);
  uuid('app.provider_id', ctx.providerId);
  uuid('app.user_id', ctx.userId);
  if (ctx.platformOperator) inline.push(['app.platform_operator', 'on']);
  if (ctx.outboxRelay) inline.push(['app.outbox_relay', 'on']);
  if (ctx.publishedRecords) inline.push(['app.published_records', 'on']);
  hex('app.api_key_hash', ctx.apiKeyHash);
  hex('app.refresh_token_hash', ctx.refreshTokenHash);
  hex('app.web_session_hash', ctx.webSessionHash);
  hex('app.invitation_token_hash', ctx.invitationTokenHash);
  if (ctx.authEmail !== undefined) bound.push(['app.auth_email', ctx.authEmail.trim().toLowerCase()]);
  return { inline, bound };
}
