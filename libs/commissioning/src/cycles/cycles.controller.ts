import { Body, Controller, Get, Param, Post, Put } from '@nestjs/common';
import { ApiCreatedResponse, ApiOperation, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { CurrentPrincipal } from '#auth';
import { Access, AUTHORITY_STAFF, type Principal, RequestDb, uuidParam } from '#platform';
import { CycleOutcome, DeliveryDecision, EngagementActivity, EngagementResponse } from './cycle.entities.js';
import { CreateCycleDto, DeliveryDecisionDto, EngagementDto, EngagementResponseDto, OutcomeDto, UpdateCycleDto } from './cycle.dto.js';
import { CycleReader } from './cycle-reader.service.js';
import { Cycles } from './cycles.service.js';

/**
 * Commissioning cycles: commissioners record them; every member of the
 * authority's staff (auditors and scrutiny included) can read them whole.
 */
@ApiTags('commissioning cycles')
@Controller('api/v1/cycles')
export class CyclesController {
  constructor(
    private readonly cycles: Cycles,
    private readonly reader: CycleReader,
    private readonly db: RequestDb,
  ) {}

  @Get()
  @Access(...AUTHORITY_STAFF)
  @ApiOperation({ summary: 'Your authority’s commissioning cycles, with the stage each has reached' })
  list() {
    return this.reader.list();
  }

  @Post()
  @Access('commissioner')
  @ApiOperation({ summary: 'Start a cycle for a service need: purpose, accountability, success, needs assessment, review-by date' })
  @ApiCreatedResponse({ description: 'The cycle, read whole' })
  async create(@Body() dto: CreateCycleDto, @CurrentPrincipal() principal: Principal) {
    const cycle = await this.cycles.create(dto, principal);
    return this.reader.one(cycle.id);
  }

  @Get(':id')
  @Access(...AUTHORITY_STAFF)
  @ApiOperation({
    summary: 'A cycle whole: engagement with participant warnings and "you said, we did", outcomes, the delivery decision with its flags, readiness for tender',
  })
  one(@Param('id', uuidParam()) id: string) {
    return this.reader.one(id);
  }

  @Put(':id')
  @Access('commissioner')
  @ApiOperation({ summary: 'Save the cycle’s own fields, with the version you edited' })
  async update(@Param('id', uuidParam()) id: string, @Body() dto: UpdateCycleDto) {
    await this.cycles.update(id, dto);
    return this.reader.one(id);
  }

  @Post(':id/engagements')
  @Access('commissioner')
  @ApiOperation({ summary: 'Record an engagement activity with who took part (counts by the area mix’s groups)' })
  async engage(@Param('id', uuidParam()) id: string, @Body() dto: EngagementDto, @CurrentPrincipal() principal: Principal): Promise<EngagementActivity> {
    return this.cycles.addEngagement(id, dto, principal);
  }

  @Post(':id/engagements/:activityId/responses')
  @Access('commissioner')
  @ApiOperation({ summary: '"You said, we did": what participants said and the decision it changed, or why not' })
  async respond(
    @Param('id', uuidParam()) id: string,
    @Param('activityId', uuidParam('activityId')) activityId: string,
    @Body() dto: EngagementResponseDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<EngagementResponse> {
    return this.cycles.addResponse(id, activityId, dto, principal);
  }

  @Post(':id/outcomes')
  @Access('commissioner')
  @ApiOperation({ summary: 'Add an outcome (or output) to the outcomes framework, with its source and indicators' })
  async outcome(@Param('id', uuidParam()) id: string, @Body() dto: OutcomeDto, @CurrentPrincipal() principal: Principal): Promise<CycleOutcome> {
    return this.cycles.addOutcome(id, dto, principal);
  }

  @Post(':id/delivery-decisions')
  @Access('commissioner')
  @ApiOperation({ summary: 'Record the delivery model decision (a new version; earlier ones stay for the auditor)' })
  @ApiUnprocessableEntityResponse({ description: 'A restricted service category opened to for-profit providers without a written justification' })
  async decide(@Param('id', uuidParam()) id: string, @Body() dto: DeliveryDecisionDto, @CurrentPrincipal() principal: Principal) {
    const row = await this.cycles.decide(id, dto, principal);
    return { version: row.version, cycle: await this.reader.one(id) };
  }

  @Get(':id/delivery-decisions')
  @Access(...AUTHORITY_STAFF)
  @ApiOperation({ summary: 'Every version of the delivery model decision, newest first' })
  async decisions(@Param('id', uuidParam()) id: string) {
    await this.cycles.find(id);
    const rows = await this.db.manager.find(DeliveryDecision, { where: { cycleId: id }, order: { version: 'DESC' } });
    return { items: rows.map((r) => ({ ...r.decision, version: r.version, decidedBy: r.decidedBy, decidedAt: r.decidedAt.toISOString() })) };
  }
}
