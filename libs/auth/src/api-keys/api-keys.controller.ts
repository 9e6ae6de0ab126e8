import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access, type Principal } from '#platform';
import { CurrentPrincipal } from '../access/current-principal.decorator.js';
import { CreateApiKeyDto } from './api-keys.dto.js';
import { ApiKeys } from './api-keys.service.js';

@ApiTags('api-keys')
@Controller('api/v1/api-keys')
export class ApiKeysController {
  constructor(private readonly keys: ApiKeys) {}

  @Get()
  @Access('authority_admin', 'auditor')
  @ApiOperation({ summary: 'API keys of this authority (never the secrets)' })
  async list() {
    return { items: await this.keys.list() };
  }

  @Post()
  @Access('authority_admin')
  @ApiOperation({ summary: 'Create an API key for a system; the key is shown once, only its hash is stored' })
  create(@Body() dto: CreateApiKeyDto, @CurrentPrincipal() principal: Principal) {
    return this.keys.create(dto, principal);
  }

  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @Access('authority_admin')
  @ApiOperation({ summary: 'Revoke an API key' })
  revoke(@Param('id', new ParseUUIDPipe({ version: '7' })) id: string) {
    return this.keys.revoke(id);
  }
}
