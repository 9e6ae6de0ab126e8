import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '#auth';
import { Access, type Principal, uuidParam } from '#platform';
import { CaseConclusionDto, CaseNoteDto } from './concern.dto.js';
import { ScrutinyCases } from './scrutiny-cases.service.js';

/** Scrutiny cases for the authority's elected scrutiny members (issue 16, item 5). */
@ApiTags('scrutiny')
@Controller('api/v1/scrutiny/cases')
export class ScrutinyController {
  constructor(private readonly cases: ScrutinyCases) {}

  @Get()
  @Access('scrutiny_member')
  @ApiOperation({ summary: 'The authority’s scrutiny cases, open first: the concern, who raised it, its supporters, the conclusion' })
  list() {
    return this.cases.list();
  }

  @Get(':id')
  @Access('scrutiny_member')
  @ApiOperation({ summary: 'One scrutiny case with its notes' })
  one(@Param('id', uuidParam()) id: string) {
    return this.cases.one(id);
  }

  @Post(':id/notes')
  @Access('scrutiny_member')
  @ApiOperation({ summary: 'Add a note to a case (append-only)' })
  note(@Param('id', uuidParam()) id: string, @Body() dto: CaseNoteDto, @CurrentPrincipal() principal: Principal) {
    return this.cases.note(id, dto, principal);
  }

  @Post(':id/conclusion')
  @HttpCode(200)
  @Access('scrutiny_member')
  @ApiOperation({ summary: 'Record what the scrutiny members concluded (once)' })
  conclude(@Param('id', uuidParam()) id: string, @Body() dto: CaseConclusionDto, @CurrentPrincipal() principal: Principal) {
    return this.cases.conclude(id, dto, principal);
  }
}
