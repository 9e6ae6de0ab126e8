import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '#auth';
import { Access, AUTHORITY_STAFF, type Principal } from '#platform';
import { CostSettingsDto } from './cost-settings.dto.js';
import { CostSettingsInForce } from './cost-settings.service.js';

/** The deflator series and discount schedule an authority's whole-life cost figures use. */
@ApiTags('costs')
@Controller('api/v1/costs/settings')
export class CostSettingsController {
  constructor(private readonly settings: CostSettingsInForce) {}

  @Get()
  @Access(...AUTHORITY_STAFF)
  @ApiOperation({ summary: 'The deflator series and discount schedule in force (`source` default: an illustrative GDP deflator and the Green Book)' })
  current() {
    return this.settings.current();
  }

  @Put()
  @Access('authority_admin')
  @ApiOperation({ summary: 'Set the authority’s own deflator series and discount schedule, checked whole; send the version you read (0 for the defaults)' })
  update(@Body() dto: CostSettingsDto, @CurrentPrincipal() principal: Principal) {
    return this.settings.update(dto, principal);
  }
}
