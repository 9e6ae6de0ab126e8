import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import type { Request } from 'express';
import { Strategy } from 'passport-custom';
import { type Principal, ContextRunner } from '#platform';
import { ApiKey } from '../entities/api-key.entity.js';
import { sha256 } from '../tokens/opaque-token.js';

export const API_KEY_HEADER = 'x-api-key';
const KEY_FORMAT = /^cw_[A-Za-z0-9]{8}_[A-Za-z0-9_-]{43}$/;

/** Systems: `X-Api-Key: cw_<prefix>_<secret>`, looked up by its sha256. */
@Injectable()
export class ApiKeyStrategy extends PassportStrategy(Strategy, 'api-key') {
  constructor(private readonly runner: ContextRunner) {
    super();
  }

  async validate(req: Request): Promise<Principal | false> {
    const presented = req.headers[API_KEY_HEADER];
    if (typeof presented !== 'string' || !KEY_FORMAT.test(presented)) return false;
    const keyHash = sha256(presented);
    const key = await this.runner.run({ apiKeyHash: keyHash }, async (em) => {
      const found = await em.findOne(ApiKey, { where: { keyHash } });
      return found && !found.revokedAt ? found : null;
    });
    if (!key) return false;
    return { kind: 'api_key', apiKeyId: key.id, tenantId: key.tenantId, roles: key.roles };
  }
}
