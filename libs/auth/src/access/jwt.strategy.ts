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
      secretOrKey: jwtSecret(config),
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
