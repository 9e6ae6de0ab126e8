import { Body, Controller, Get, Post } from '@nestjs/common';
import { ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsInt, IsObject, Min } from 'class-validator';
import { CurrentPrincipal } from '#auth';
import { Access, AUTHORITY_STAFF, type Principal } from '#platform';
import { PublicCharacterFrameworks } from './frameworks.service.js';

export class AdoptFrameworkDto {
  @ApiProperty({ description: 'The version you edited (the one in force); 0 for the default' }) @IsInt() @Min(0) basedOnVersion: number;
  @ApiProperty({ description: 'The maxims and the tests, each with descriptors for the levels 0 to 4; the ten tests stay, others may be added' })
  @IsObject()
  framework: Record<string, unknown>;
}

/** The authority's public character framework: read by its staff, adopted as a new version by its admin. */
@ApiTags('public character')
@Controller('api/v1/public-character/framework')
export class PublicCharacterController {
  constructor(private readonly frameworks: PublicCharacterFrameworks) {}

  @Get()
  @Access(...AUTHORITY_STAFF)
  @ApiOperation({ summary: 'The framework in force: six maxims and the tests with descriptors for levels 0 to 4 (version 0 is the default)' })
  inForce() {
    return this.frameworks.inForce();
  }

  @Post()
  @Access('authority_admin')
  @ApiOperation({ summary: 'Adopt a new version (rewritten descriptors, added tests); tenders keep the version they were published with' })
  adopt(@Body() dto: AdoptFrameworkDto, @CurrentPrincipal() principal: Principal) {
    return this.frameworks.adopt(dto.basedOnVersion, dto.framework, principal);
  }
}
