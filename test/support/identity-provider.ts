import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, decodeJwt, type JWK } from 'jose';
import Provider from 'oidc-provider';

/** A person the test identity provider knows: who they are and what it says about them. */
export interface IdpPerson {
  sub: string;
  email: string;
  name?: string;
  email_verified?: boolean;
  groups?: string[];
}

/** How the provider spoils its next ID tokens, still signed with its own key: to test that we check them. */
export interface Tampering {
  aud?: string;
  /** The token expired this many seconds ago. */
  expiredSecondsAgo?: number;
}

export interface TestIdentityProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Who signs in at the provider next (the test's stand-in for the person typing their password there). */
  signInAs(person: IdpPerson): void;
  tamper(t: Tampering | null): void;
  /**
   * Follows the provider's redirects from `url` (the authorization request) as a browser would, keeping its
   * cookies, until it sends the browser back to `returnTo`: the callback URL with the code and state.
   */
  signIn(url: string, returnTo: string): Promise<URL>;
  stop(): Promise<void>;
}

/**
 * oidc-provider (the certified OpenID Connect provider library) running as a real identity provider on a port of
 * its own: discovery, keys, authorization with PKCE, the token endpoint, RP-initiated logout. Its login and
 * consent steps are answered at once for the person the test names; everything else is the library's own.
 */
export async function startIdentityProvider(redirectUris: string[], postLogoutRedirectUris: string[]): Promise<TestIdentityProvider> {
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const jwk: JWK = { ...(await exportJWK(privateKey)), kid: 'test-key', alg: 'RS256', use: 'sig' };
  const people = new Map<string, IdpPerson>();
  let next: IdpPerson | null = null;
  let tampering: Tampering | null = null;
  const clientId = 'commonweal-test';
  const clientSecret = 'a-client-secret-for-the-test-identity-provider';

  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: redirectUris,
        post_logout_redirect_uris: postLogoutRedirectUris,
        response_types: ['code'],
        grant_types: ['authorization_code'],
      },
    ],
    jwks: { keys: [jwk] },
    cookies: { keys: ['test-cookie-key-test-cookie-key'] },
    pkce: { required: () => true },
    // Claims asked for by scope go into the ID token, as Entra ID and most providers put them.
    conformIdTokenClaims: false,
    claims: { openid: ['sub', 'groups'], email: ['email', 'email_verified'], profile: ['name'] },
    features: {
      devInteractions: { enabled: false },
      // Its own plain page asking to sign out (the library's default pulls a font from another site).
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: (ctx, form) => {
          ctx.body = `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Sign out</title></head><body><main><h1>Sign out of the test identity provider?</h1>${form}<button type="submit" form="op.logoutForm" value="yes" name="logout">Yes, sign me out</button></main></body></html>`;
        },
      },
    },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    findAccount: (_ctx, sub) => {
      const person = people.get(sub);
      return person ? { accountId: sub, claims: () => ({ ...person, email_verified: person.email_verified ?? true }) } : undefined;
    },
  });
  // Spoiled tokens, re-signed with the provider's own key: genuine in signature, wrong in what they say.
  provider.use(async (ctx, nextMiddleware) => {
    await nextMiddleware();
    const body = ctx.body as { id_token?: string } | undefined;
    if (ctx.path === '/token' && tampering && body?.id_token) {
      const claims = decodeJwt(body.id_token);
      const now = Math.floor(Date.now() / 1000);
      if (tampering.aud) claims.aud = tampering.aud;
      if (tampering.expiredSecondsAgo) Object.assign(claims, { iat: now - 3600, exp: now - tampering.expiredSecondsAgo });
      body.id_token = await new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: 'test-key' }).sign(privateKey);
    }
  });
  const callback = provider.callback();
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    if (!req.url?.startsWith('/interaction/')) return void callback(req, res);
    void (async () => {
      const details = await provider.interactionDetails(req, res);
      if (details.prompt.name === 'login') {
        if (!next) throw new Error('the test named nobody to sign in');
        people.set(next.sub, next);
        await provider.interactionFinished(req, res, { login: { accountId: next.sub } }, { mergeWithLastSubmission: false });
        return;
      }
      const grant = new provider.Grant({ accountId: details.session!.accountId, clientId: String(details.params.client_id) });
      grant.addOIDCScope(String(details.params.scope));
      await provider.interactionFinished(req, res, { consent: { grantId: await grant.save() } }, { mergeWithLastSubmission: true });
    })().catch((err: unknown) => {
      res.statusCode = 500;
      res.end(String(err));
    });
  });

  return {
    issuer,
    clientId,
    clientSecret,
    signInAs: (person) => void (next = person),
    tamper: (t) => void (tampering = t),
    async signIn(url, returnTo) {
      const jar = new Map<string, string>();
      let at = new URL(url);
      for (let hop = 0; hop < 10; hop++) {
        if (at.href.startsWith(returnTo)) return at;
        const res = await fetch(at, { redirect: 'manual', headers: { cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; ') } });
        for (const c of res.headers.getSetCookie()) {
          const [pair] = c.split(';');
          const eq = pair.indexOf('=');
          const value = pair.slice(eq + 1);
          if (value && !/expires=Thu, 01 Jan 1970/i.test(c)) jar.set(pair.slice(0, eq), value);
          else jar.delete(pair.slice(0, eq));
        }
        const location = res.headers.get('location');
        if (!location) throw new Error(`the identity provider answered ${res.status} at ${at.pathname}: ${(await res.text()).slice(0, 300)}`);
        at = new URL(location, at);
      }
      throw new Error('the identity provider never sent the browser back');
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
