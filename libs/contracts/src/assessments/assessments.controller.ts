import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '#auth';
import { Access, type Principal, uuidParam } from '#platform';
import { AssessmentDto } from './assessment.dto.js';
import { PerformanceAssessments } from './performance-assessments.service.js';

/** A contract's performance assessments (Procurement Act 2023 s.71): at least yearly and at the end, each a contract performance notice. */
@ApiTags('contracts')
@Controller('api/v1/contracts/:id/assessments')
export class AssessmentsController {
  constructor(private readonly assessments: PerformanceAssessments) {}

  @Get()
  @Access('commissioner', 'contract_manager', 'auditor', 'scrutiny_member')
  @ApiOperation({
    summary: 'The contract’s performance assessments, and the next one it needs: its period, when it is due and the rating its KPIs give so far',
  })
  list(@Param('id', uuidParam()) id: string) {
    return this.assessments.list(id);
  }

  @Post()
  @Access('commissioner', 'contract_manager')
  @ApiOperation({
    summary:
      'Assess the contract’s performance from the day after the last assessment to periodTo: the rating the KPIs give, or another with the reason (a person only). The provider is e-mailed the notice',
  })
  record(@Param('id', uuidParam()) id: string, @Body() dto: AssessmentDto, @CurrentPrincipal() principal: Principal) {
    return this.assessments.record(id, dto, principal);
  }

  @Get(':assessmentId')
  @Access('commissioner', 'contract_manager', 'auditor', 'scrutiny_member')
  @ApiOperation({ summary: 'One assessment as its contract performance notice, each rating with its OCDS code' })
  one(@Param('id', uuidParam()) id: string, @Param('assessmentId', uuidParam('assessmentId')) assessmentId: string) {
    return this.assessments.notice(id, assessmentId);
  }
}

/** A provider's assessments on a contract it holds. */
@ApiTags('contracts')
@Controller('api/v1/provider/contracts/:id/assessments')
export class ProviderAssessmentsController {
  constructor(private readonly assessments: PerformanceAssessments) {}

  @Get()
  @Access('provider')
  @ApiOperation({ summary: 'Your contract’s performance assessments' })
  async list(@Param('id', uuidParam()) id: string) {
    return { items: (await this.assessments.list(id)).items };
  }

  @Get(':assessmentId')
  @Access('provider')
  @ApiOperation({ summary: 'One of your contract’s assessments as its contract performance notice' })
  one(@Param('id', uuidParam()) id: string, @Param('assessmentId', uuidParam('assessmentId')) assessmentId: string) {
    return this.assessments.notice(id, assessmentId);
  }
}
