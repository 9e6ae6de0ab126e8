import { Body, Controller, Get, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access, type Principal, Public, RequestDb } from '#platform';
import { CurrentPrincipal } from '../access/current-principal.decorator.js';
import { Authority } from '../entities/authority.entity.js';
import { randomToken } from '../tokens/opaque-token.js';
import { createAuthority } from './authority-admin.js';
import { CreateAuthorityDto } from './create-authority.dto.js';

@ApiTags('authorities')
@Controller('api/v1/authorities')
export class AuthoritiesController {
  constructor(private readonly db: RequestDb) {}

  @Get()
  @Public()
  @ApiOperation({ summary: 'The authorities on this service (public: names and slugs only)' })
  async list() {
    const rows = await this.db.manager.find(Authority, { order: { name: 'ASC' } });
    return { items: rows.map(({ id, slug, name }) => ({ id, slug, name })) };
  }

  @Post()
  @Access('platform_operator')
  @ApiOperation({ summary: 'Create an authority (a tenant), optionally with its first admin' })
  @ApiCreatedResponse({ description: 'Created; a temporary admin password, if any, is shown only here' })
  async create(@Body() dto: CreateAuthorityDto, @CurrentPrincipal() principal: Principal) {
    const password = dto.adminEmail ? randomToken() : undefined;
    const { authority, adminId } = await createAuthority(
      this.db.manager,
      {
        slug: dto.slug,
        name: dto.name,
        admin: dto.adminEmail ? { email: dto.adminEmail, name: dto.adminName ?? dto.adminEmail, password: password! } : undefined,
      },
      principal.userId ?? null,
    );
    return {
      id: authority.id,
      slug: authority.slug,
      name: authority.name,
      ...(adminId ? { admin: { id: adminId, email: dto.adminEmail!.toLowerCase(), temporaryPassword: password } } : {}),
    };
  }
}
