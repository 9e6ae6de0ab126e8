import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '#auth';
import { Access, type Principal, uuidParam } from '#platform';
import { KpiDto, KpiMeasurementDto } from './kpi.dto.js';
import { Kpis } from './kpis.service.js';

/** A contract's KPIs (Procurement Act 2023 s.52): thresholds that rate each measurement. */
@ApiTags('contracts')
@Controller('api/v1/contracts/:id/kpis')
export class KpisController {
  constructor(private readonly kpis: Kpis) {}

  @Get()
  @Access('commissioner', 'contract_manager', 'auditor', 'scrutiny_member')
  @ApiOperation({ summary: 'The contract’s KPIs, their thresholds and every measurement with its rating (and the rating’s OCDS code)' })
  list(@Param('id', uuidParam()) id: string) {
    return this.kpis.list(id);
  }

  @Post()
  @Access('commissioner', 'contract_manager')
  @ApiOperation({
    summary:
      'Add a KPI to a pending contract: what is measured, whether more or less is better, and the thresholds for good, approaching target and requires improvement',
  })
  add(@Param('id', uuidParam()) id: string, @Body() dto: KpiDto, @CurrentPrincipal() principal: Principal) {
    return this.kpis.add(id, dto, principal);
  }

  @Post(':kpiId/measurements')
  @Access('commissioner', 'contract_manager')
  @ApiOperation({ summary: 'Record a KPI’s value for a period of a signed contract; rated against its thresholds' })
  measure(
    @Param('id', uuidParam()) id: string,
    @Param('kpiId', uuidParam('kpiId')) kpiId: string,
    @Body() dto: KpiMeasurementDto,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.kpis.measure(id, kpiId, dto, principal);
  }
}

/** A provider's KPIs on a contract it holds. */
@ApiTags('contracts')
@Controller('api/v1/provider/contracts/:id/kpis')
export class ProviderKpisController {
  constructor(private readonly kpis: Kpis) {}

  @Get()
  @Access('provider')
  @ApiOperation({ summary: 'Your contract’s KPIs, their thresholds and every measurement with its rating' })
  list(@Param('id', uuidParam()) id: string) {
    return this.kpis.list(id);
  }
}
