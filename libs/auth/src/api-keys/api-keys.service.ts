import { Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { IsNull } from 'typeorm';
import { AuditLog, newId, notFound, type Principal, RequestDb } from '#platform';
import { ApiKey } from '../entities/api-key.entity.js';
import { randomToken, sha256 } from '../tokens/opaque-token.js';
import type { CreateApiKeyDto } from './api-keys.dto.js';

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const prefix = () => Array.from(randomBytes(8), (b) => ALNUM[b % ALNUM.length]).join('');
const view = ({ id, name, keyPrefix, roles, createdAt, lastUsedAt, revokedAt }: ApiKey) => ({ id, name, keyPrefix, roles, createdAt, lastUsedAt, revokedAt });

/** An authority's keys for its own systems: the API routes and the admin's pages share these rules. */
@Injectable()
export class ApiKeys {
  constructor(
    private readonly db: RequestDb,
    private readonly audit: AuditLog,
  ) {}

  async list() {
    const keys = await this.db.manager.find(ApiKey, { order: { createdAt: 'DESC' } });
    return keys.map(view);
  }

  /** The key itself is in the answer only: the database keeps its hash. */
  async create(dto: CreateApiKeyDto, principal: Principal) {
    const keyPrefix = prefix();
    const key = `cw_${keyPrefix}_${randomToken()}`;
    const row = this.db.manager.create(ApiKey, {
      id: newId(),
      tenantId: this.db.tenantId,
      name: dto.name,
      keyPrefix,
      keyHash: sha256(key),
      roles: dto.roles,
      createdBy: principal.userId ?? null,
    });
    await this.db.manager.insert(ApiKey, row);
    await this.audit.record({ action: 'api_key.created', entityType: 'api_key', entityId: row.id, data: { name: dto.name, roles: dto.roles } });
    const saved = await this.db.manager.findOneOrFail(ApiKey, { where: { id: row.id } });
    return { ...view(saved), key };
  }

  /** Revoking twice is no error; a key of another authority (or none) is not found. */
  async revoke(id: string) {
    const result = await this.db.manager.update(ApiKey, { id, revokedAt: IsNull() }, { revokedAt: new Date() });
    if (!result.affected) {
      if (!(await this.db.manager.exists(ApiKey, { where: { id } }))) throw notFound('API key');
      return;
    }
    await this.audit.record({ action: 'api_key.revoked', entityType: 'api_key', entityId: id });
  }
}
