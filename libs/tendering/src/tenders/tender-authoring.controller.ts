import { Body, Controller, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { CurrentPrincipal } from '#auth';
import { Access, AUTHORITY_STAFF, type Principal, RequestDb, uuidParam } from '#platform';
import { CreateTenderDto, TransitionDto, UpdateTenderDto } from './tender-authoring.dto.js';
import { TenderAuthoring } from './tender-authoring.service.js';
import { TenderView } from './tender.dto.js';
import { tenderOr404 } from './tender-lookup.query.js';

/** Commissioners draft tenders and move them through their lifecycle. */
@ApiTags('tenders')
@Controller('api/v1/tenders')
export class TenderAuthoringController {
  constructor(
    private readonly authoring: TenderAuthoring,
    private readonly db: RequestDb,
  ) {}

  @Post()
  @Access('commissioner')
  @ApiOperation({ summary: 'Start a draft tender, optionally with its evaluation model' })
  @ApiCreatedResponse({ type: TenderView })
  @ApiUnprocessableEntityResponse({ description: 'The model breaks the policy pack (errors name the field and the policy rule)' })
  async create(@Body() dto: CreateTenderDto, @CurrentPrincipal() principal: Principal): Promise<TenderView> {
    return TenderView.of(await this.authoring.create(dto, principal));
  }

  @Put(':id')
  @Access('commissioner')
  @ApiOperation({ summary: 'Save a draft: all its fields, and the version you edited' })
  @ApiOkResponse({ type: TenderView })
  async update(@Param('id', uuidParam()) id: string, @Body() dto: UpdateTenderDto): Promise<TenderView> {
    return TenderView.of(await this.authoring.update(id, dto));
  }

  @Post(':id/transitions')
  @HttpCode(200)
  @Access('commissioner')
  @ApiOperation({ summary: 'Move the tender on: publish (freezes the model), close after the deadline, cancel with a reason, …' })
  @ApiOkResponse({ type: TenderView })
  async transition(@Param('id', uuidParam()) id: string, @Body() dto: TransitionDto): Promise<TenderView> {
    return TenderView.of(await this.authoring.transition(id, dto));
  }

  @Get(':id/model')
  @Access(...AUTHORITY_STAFF)
  @ApiOperation({ summary: 'The evaluation model, with its content hash once published' })
  async model(@Param('id', uuidParam()) id: string) {
    const t = await tenderOr404(this.db.manager, id);
    return { tenderId: t.id, status: t.status, policyPackVersion: t.policyPackVersion, modelHash: t.modelHash, model: t.evaluationModel };
  }
}
