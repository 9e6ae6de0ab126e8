import { createSecretKey } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { ALL_ROLES, APP_CONFIG, type AppConfig, isUuid, type Principal } from '#platform';
import { type AccessClaims, principalFromClaims, TOKEN_AUDIENCE, TOKEN_ISSUER } from '../tokens/access-token.service.js';
import { jwtSecret } from '../tokens/secrets.js';

const bearerToken = ExtractJwt.fromAuthHeaderAsBearerToken();
/** Verified tokens kept at most (the oldest goes first): a few thousand people signed in at once, a few MB. */
const VERIFIED_KEPT = 5_000;

interface Verified {
  principal: Principal;
  /** The token's exp and nbf (seconds), checked on every use as jsonwebtoken checks them. */
  exp: number;
  nbf?: number;
}

/**
 * People: a short-lived HS256 bearer token issued at login or refresh.
 *
 * A token is verified once (signature, issuer, audience, expiry, claims) and what it says is kept, under the exact
 * token, until it expires: verifying the signature again on each request of the same person was about 5% of a list
 * request's CPU (issue 19). Nothing is lost by keeping it: an access token is honoured until its exp whatever
 * happens meanwhile (sign-out and deactivation end refresh tokens and sessions, and the token's short life is the
 * rest), and the expiry is checked on every use exactly as before.
 */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  private readonly verified = new Map<string, Verified>();

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    super({
      jwtFromRequest: bearerToken,
      passReqToCallback: true,
      // A KeyObject, not the string: given a string, jsonwebtoken first tries (and fails)
      // to parse it as a public key on every verify, which cost ~11% of a request's CPU.
      // (passport-jwt's types say string | Buffer; it hands the value to jsonwebtoken, which takes a KeyObject.)
      secretOrKey: createSecretKey(Buffer.from(jwtSecret(config))) as unknown as Buffer,
      algorithms: ['HS256'],
      issuer: TOKEN_ISSUER,
      audience: TOKEN_AUDIENCE,
      ignoreExpiration: false,
    });
  }

  override authenticate(req: Request, options?: object): void {
    const token = bearerToken(req);
    const known = token ? this.verified.get(token) : undefined;
    if (known) {
      const now = Math.floor(Date.now() / 1000);
      if (now < known.exp && (known.nbf === undefined || known.nbf <= now)) return this.success(known.principal);
      this.verified.delete(token!);
    }
    super.authenticate(req, options);
  }

  /** Called by passport-jwt once the token's signature, issuer, audience and times have been verified. */
  validate(req: Request, claims: AccessClaims & { exp: number; nbf?: number }): Principal | false {
    const wellFormed =
      isUuid(claims.sub) &&
      (claims.tid === undefined || isUuid(claims.tid)) &&
      (claims.pid === undefined || isUuid(claims.pid)) &&
      Array.isArray(claims.roles) &&
      claims.roles.every((r) => ALL_ROLES.includes(r));
    if (!wellFormed) return false;
    // Shared by every request that presents the token: frozen, so none can change what the next one sees.
    const principal = Object.freeze({ ...principalFromClaims(claims), roles: Object.freeze([...claims.roles]) }) as Principal;
    const token = bearerToken(req);
    if (token && typeof claims.exp === 'number') {
      if (this.verified.size >= VERIFIED_KEPT) this.verified.delete(this.verified.keys().next().value!);
      this.verified.set(token, { principal, exp: claims.exp, nbf: typeof claims.nbf === 'number' ? claims.nbf : undefined });
    }
    return principal;
  }
}
