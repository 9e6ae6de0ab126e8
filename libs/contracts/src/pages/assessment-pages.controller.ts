import { Body, Controller, Get, Param, Post, Render, Req, Res, UseInterceptors } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Access, OwnTransactions, type Principal, uuidParam } from '#platform';
import { type FieldError, formAs, type FormFields, formText, PageInterceptor, pounds } from '#web';
import { AssessmentDto } from '../assessments/assessment.dto.js';
import { PerformanceAssessments } from '../assessments/performance-assessments.service.js';
import { noticePage } from './assessment-panels.js';
import { MANAGERS } from './contract-page.service.js';
import { ContractForms } from './contract-forms.service.js';

type PageRequest = Request & { principal: Principal };
const READERS = ['commissioner', 'contract_manager', 'auditor', 'scrutiny_member'] as const;

/**
 * Performance assessments on a contract's page (s.71): the contract manager records one (the KPIs' rating,
 * or another with the reason); everyone who reads the contract, and the provider, reads each one as its
 * printable contract performance notice.
 */
@ApiExcludeController()
@Controller('contracts')
export class AssessmentPagesController {
  constructor(
    private readonly assessments: PerformanceAssessments,
    private readonly forms: ContractForms,
  ) {}

  @Post(':id/assessments')
  @Access(...MANAGERS)
  @OwnTransactions()
  record(@Req() req: PageRequest, @Res() res: Response, @Param('id', uuidParam()) id: string, @Body() form: FormFields) {
    const place = (e: FieldError) => {
      const field = ['periodTo', 'rating', 'overrideReason', 'summary'].includes(e.field) ? `assessment-${e.field}` : 'assessment-form';
      return { ...e, field, href: `#${field}` };
    };
    return this.forms.staff(req, res, id, form, place, async () => {
      const rating = formText(form['assessment-rating']);
      const dto = await formAs(
        AssessmentDto,
        {
          periodTo: formText(form['assessment-periodTo']),
          rating: rating === '' || rating === 'derived' ? undefined : rating,
          overrideReason: formText(form['assessment-overrideReason']) || undefined,
          summary: formText(form['assessment-summary']),
        },
        {
          periodTo: 'Enter the last day the assessment covers, for example 31 3 2026',
          summary: 'Say how the contract performed in the period',
        },
      );
      const a = await this.assessments.record(id, dto, req.principal);
      return `/contracts/${id}/assessments/${a.id}?recorded=1`;
    });
  }

  @Get(':id/assessments/:assessmentId')
  @Access(...READERS)
  @Render('contracts/assessment-notice')
  @UseInterceptors(PageInterceptor)
  async notice(@Req() req: PageRequest, @Param('id', uuidParam()) id: string, @Param('assessmentId', uuidParam('assessmentId')) assessmentId: string) {
    const notice = noticePage(await this.assessments.notice(id, assessmentId), pounds);
    const recorded = (req.query as Record<string, string>).recorded === '1';
    return { title: notice.title, notice, backHref: `/contracts/${id}#assessments`, recorded };
  }
}

/** The provider reads its contract's notices. */
@ApiExcludeController()
@Controller('my-contracts')
export class ProviderAssessmentPagesController {
  constructor(private readonly assessments: PerformanceAssessments) {}

  @Get(':id/assessments/:assessmentId')
  @Access('provider')
  @Render('contracts/assessment-notice')
  @UseInterceptors(PageInterceptor)
  async notice(@Param('id', uuidParam()) id: string, @Param('assessmentId', uuidParam('assessmentId')) assessmentId: string) {
    const notice = noticePage(await this.assessments.notice(id, assessmentId), pounds);
    return { title: notice.title, notice, backHref: `/my-contracts/${id}#assessments`, recorded: false };
  }
}
