import { Injectable } from '@nestjs/common';
import * as oidc from 'openid-client';

/** Seconds to wait for an identity provider (discovery, keys, token exchange) before giving up. */
const TIMEOUT_SECONDS = 10;
/** How long a provider's discovered metadata is reused: keys rotate, so not for ever. */
const REUSE_MS = 10 * 60_000;

/**
 * The authorities' identity providers as openid-client sees them, discovered from their issuers and kept a few
 * minutes (one discovery per provider, not per sign-in). openid-client does the protocol: the authorization
 * request with PKCE, state and nonce, and the checks on the answer (the ID token's signature against the
 * provider's published keys, its issuer, audience, expiry and nonce).
 */
@Injectable()
export class OidcProviders {
  private readonly known = new Map<string, { at: number; config: Promise<oidc.Configuration> }>();

  configuration(p: { issuer: string; clientId: string; clientSecret: string }): Promise<oidc.Configuration> {
    const key = JSON.stringify([p.issuer, p.clientId, p.clientSecret]);
    const kept = this.known.get(key);
    if (kept && Date.now() - kept.at < REUSE_MS) return kept.config;
    const config = discover(p.issuer, p.clientId, p.clientSecret);
    this.known.set(key, { at: Date.now(), config });
    // A provider that failed to answer is asked again next time, not remembered as failed.
    config.catch(() => this.known.delete(key));
    return config;
  }

  /** Whether a provider answers at this issuer: asked afresh for the settings form, and not kept (no client yet). */
  async answers(issuer: string): Promise<void> {
    await discover(issuer, 'settings-check');
  }

  /** Forget what was discovered with these settings' issuer (they have just changed). */
  forget(issuer: string) {
    for (const key of this.known.keys()) if ((JSON.parse(key) as string[])[0] === issuer) this.known.delete(key);
  }
}

function discover(issuer: string, clientId: string, clientSecret?: string): Promise<oidc.Configuration> {
  return oidc.discovery(new URL(issuer), clientId, clientSecret, undefined, {
    timeout: TIMEOUT_SECONDS,
    // Plain http is let through settings only for a provider on this machine outside production (issuerProblem).
    ...(new URL(issuer).protocol === 'http:' ? { execute: [oidc.allowInsecureRequests] } : {}),
  });
}

/** The deepest reason in an error's chain: "connect ECONNREFUSED 127.0.0.1:9" rather than "fetch failed". */
export function rootCause(err: unknown): string {
  let e = err;
  while (e instanceof Error && e.cause instanceof Error) e = e.cause;
  return e instanceof Error ? e.message : String(err);
}

export { oidc };
