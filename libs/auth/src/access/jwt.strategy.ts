import { createSecretKey } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { ALL_ROLES, APP_CONFIG, type AppConfig, isUuid, type Principal } from '#platform';
import { type AccessClaims, principalFromClaims, TOKEN_AUDIENCE, TOKEN_ISSUER } from '../tokens/access-token.service.js';
import { jwtSecret } from '../tokens/secrets.js';

/** People: a short-lived HS256 bearer token issued at login or refresh. */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
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

  validate(claims: AccessClaims): Principal | false {
    const wellFormed =
      isUuid(claims.sub) &&
      (claims.tid === undefined || isUuid(claims.tid)) &&
      (claims.pid === undefined || isUuid(claims.pid)) &&
      Array.isArray(claims.roles) &&
      claims.roles.every((r) => ALL_ROLES.includes(r));
    return wellFormed ? principalFromClaims(claims) : false;
  }
}
