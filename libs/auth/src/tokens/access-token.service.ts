import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { APP_CONFIG, type AppConfig, type Principal, type Role } from '#platform';

export const TOKEN_ISSUER = 'commonweal';
export const TOKEN_AUDIENCE = 'commonweal-api';

/** What an access token carries: enough to authorise without a database read. */
export interface AccessClaims {
  sub: string;
  tid?: string;
  pid?: string;
  roles: Role[];
}

@Injectable()
export class AccessTokenService {
  constructor(
    private readonly jwt: JwtService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  issue(principal: Principal): { accessToken: string; expiresIn: number } {
    const claims: AccessClaims = {
      sub: principal.userId!,
      ...(principal.tenantId ? { tid: principal.tenantId } : {}),
      ...(principal.providerId ? { pid: principal.providerId } : {}),
      roles: [...principal.roles],
    };
    const expiresIn = this.config.ACCESS_TOKEN_TTL_SECONDS;
    return { accessToken: this.jwt.sign(claims, { expiresIn }), expiresIn };
  }
}

export const principalFromClaims = (c: AccessClaims): Principal => ({
  kind: 'user',
  userId: c.sub,
  tenantId: c.tid,
  providerId: c.pid,
  roles: c.roles,
});
