import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { randomBytes } from 'node:crypto';
import { IsNull } from 'typeorm';
import { Access, AuditLog, newId, notFound, type Principal, RequestDb } from '#platform';
import { CurrentPrincipal } from '../access/current-principal.decorator.js';
import { ApiKey } from '../entities/api-key.entity.js';
import { randomToken, sha256 } from '../tokens/opaque-token.js';
import { CreateApiKeyDto } from './api-keys.dto.js';

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const prefix = () => Array.from(randomBytes(8), (b) => ALNUM[b % ALNUM.length]).join('');
const view = ({ id, name, keyPrefix, roles, createdAt, lastUsedAt, revokedAt }: ApiKey) => ({
  id,
  name,
  keyPrefix,
  roles,
  createdAt,
  lastUsedAt,
  revokedAt,
});

@ApiTags('api-keys')
@Controller('api/v1/api-keys')
export class ApiKeysController {
  constructor(
    private readonly db: RequestDb,
    private readonly audit: AuditLog,
  ) {}

  @Get()
  @Access('authority_admin', 'auditor')
  @ApiOperation({ summary: 'API keys of this authority (never the secrets)' })
  async list() {
    const keys = await this.db.manager.find(ApiKey, { order: { createdAt: 'DESC' } });
    return { items: keys.map(view) };
  }

  @Post()
  @Access('authority_admin')
  @ApiOperation({ summary: 'Create an API key for a system; the key is shown once, only its hash is stored' })
  async create(@Body() dto: CreateApiKeyDto, @CurrentPrincipal() principal: Principal) {
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

  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @Access('authority_admin')
  @ApiOperation({ summary: 'Revoke an API key' })
  async revoke(@Param('id', new ParseUUIDPipe({ version: '7' })) id: string) {
    const result = await this.db.manager.update(ApiKey, { id, revokedAt: IsNull() }, { revokedAt: new Date() });
    if (!result.affected) {
      if (!(await this.db.manager.exists(ApiKey, { where: { id } }))) throw notFound('API key');
      return;
    }
    await this.audit.record({ action: 'api_key.revoked', entityType: 'api_key', entityId: id });
  }
}
