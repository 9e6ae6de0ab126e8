import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access, AUTHORITY_STAFF } from '#platform';
import { COST_CLASSIFICATIONS, COST_PHASES, PHASE_NAMES } from '../core/classifications.js';

/** The ledger's reference data. */
@ApiTags('costs')
@Controller('api/v1/costs')
export class CostReferenceController {
  @Get('classifications')
  @Access(...AUTHORITY_STAFF)
  @ApiOperation({
    summary: 'The phases and their classifications (the INDIGO outcome-payer cost codes, extended with exit); `service` marks payment for the service',
  })
  classifications() {
    return {
      phases: COST_PHASES.map((phase) => ({ phase, name: PHASE_NAMES[phase], classifications: COST_CLASSIFICATIONS.filter((c) => c.phase === phase) })),
    };
  }
}
