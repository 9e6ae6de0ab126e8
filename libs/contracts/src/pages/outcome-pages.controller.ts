import { Body, Controller, Param, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Access, OwnTransactions, type Principal, uuidParam } from '#platform';
import { type FieldError, fieldId, formAs, type FormFields, formText } from '#web';
import { MetricDto, OutcomeReportDto, OutcomeValidationDto } from '../outcomes/outcome.dto.js';
import { OutcomeMetrics } from '../outcomes/outcome-metrics.service.js';
import { OutcomeReports } from '../outcomes/outcome-reports.service.js';
import { PaymentApprovalDto, PaymentPaidDto } from '../payments/payment.dto.js';
import { Payments } from '../payments/payments.service.js';
import { ConclusionDto, ExplanationDto } from '../reviews/review.dto.js';
import { KpiDto, KpiMeasurementDto } from '../kpis/kpi.dto.js';
import { Kpis } from '../kpis/kpis.service.js';
import { OutcomeReviews } from '../reviews/outcome-reviews.service.js';
import { FACTOR_ROWS, MANAGERS } from './contract-page.service.js';
import { ContractForms } from './contract-forms.service.js';

type PageRequest = Request & { principal: Principal };
const money = (v: string | string[] | undefined) => formText(v).replace(/[£,\s]/g, '');
const optional = (v: string | string[] | undefined) => formText(v) || undefined;
const whole = (v: string | string[] | undefined) => (formText(v) === '' ? undefined : Number(formText(v)));
/** Every error of one of the page's repeated forms shows at that form. */
const atForm = (formId: string) => (e: FieldError) => ({ ...e, field: formId, href: `#${formId}` });

/** The metric form's fields as the API's: `metric-code`, and the context model's rows as `metric-factor-0-key`. */
function metricDto(form: FormFields) {
  const f = (name: string) => formText(form[`metric-${name}`]);
  const factors = FACTOR_ROWS.map((i) => ({
    key: f(`factor-${i}-key`),
    label: f(`factor-${i}-label`),
    reference: f(`factor-${i}-reference`),
    coefficient: f(`factor-${i}-coefficient`),
  })).filter((x) => x.key || x.label || x.reference || x.coefficient);
  const shared = f('sharedWith')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return {
    code: f('code'),
    title: f('title'),
    definition: f('definition'),
    unit: f('unit'),
    baseline: f('baseline'),
    target: f('target'),
    measurement: f('measurement'),
    validationMethod: f('validationMethod'),
    dataSource: f('dataSource'),
    frequency: f('frequency'),
    ...(shared.length ? { sharedWith: shared } : {}),
    ...(f('attributionShare') ? { attributionShare: f('attributionShare') } : {}),
    ...(money(form['metric-pricePerUnit']) ? { pricePerUnit: money(form['metric-pricePerUnit']) } : {}),
    ...(money(form['metric-periodCap']) ? { periodCap: money(form['metric-periodCap']) } : {}),
    ...(money(form['metric-totalCap']) ? { totalCap: money(form['metric-totalCap']) } : {}),
    ...(f('modelSource') || factors.length ? { contextModel: { source: f('modelSource'), factors } } : {}),
  };
}

/**
 * The contract manager's performance forms on a contract's page (issue 14): add a KPI or an outcome
 * metric while pending, record a KPI's measurement, validate a result, conclude a review, approve a
 * payment and record it paid. The same services as the API; a refusal comes back at the form it came from.
 */
@ApiExcludeController()
@Controller('contracts')
export class OutcomePagesController {
  constructor(
    private readonly metrics: OutcomeMetrics,
    private readonly reports: OutcomeReports,
    private readonly reviews: OutcomeReviews,
    private readonly payments: Payments,
    private readonly kpis: Kpis,
    private readonly forms: ContractForms,
  ) {}

  @Post(':id/outcome-metrics')
  @Access(...MANAGERS)
  @OwnTransactions()
  addMetric(@Req() req: PageRequest, @Res() res: Response, @Param('id', uuidParam()) id: string, @Body() form: FormFields) {
    const place = (e: FieldError) => {
      const field =
        e.field === 'form'
          ? 'metric-form'
          : `metric-${e.field.replace(/^contextModel-factors-(\d+)-/, 'factor-$1-').replace(/^contextModel-source$/, 'modelSource')}`;
      return { ...e, field: fieldId(field), href: `#${fieldId(field)}` };
    };
    return this.act(req, res, id, form, 'metric', place, async () => {
      const dto = await formAs(MetricDto, metricDto(form), {
        code: 'Enter a code for the outcome, for example RO-1',
        title: 'Enter the outcome',
        definition: 'Say what counts as the outcome',
        unit: 'Enter what one outcome is counted in, for example person',
        baseline: 'Enter the baseline rate, for example 0.55',
        target: 'Enter the target rate, for example 0.62',
        measurement: 'Say how the outcome is measured',
        validationMethod: 'Say how a result is validated',
        dataSource: 'Name the data source',
        frequency: 'Choose how often results are reported',
      });
      await this.metrics.create(id, dto, req.principal);
    });
  }

  @Post(':id/outcome-reports/:reportId/validation')
  @Access(...MANAGERS)
  @OwnTransactions()
  validate(
    @Req() req: PageRequest,
    @Res() res: Response,
    @Param('id', uuidParam()) id: string,
    @Param('reportId', uuidParam('reportId')) reportId: string,
    @Body() form: FormFields,
  ) {
    return this.act(req, res, id, form, 'validated', atForm(`validate-${reportId}`), async () => {
      const decision = formText(form.decision);
      const dto = await formAs(
        OutcomeValidationDto,
        { decision, units: decision === 'adjusted' ? whole(form.units) : undefined, reason: optional(form.reason) },
        { decision: 'Choose whether to accept, adjust or reject the result' },
      );
      await this.reports.validate(id, reportId, dto, req.principal);
    });
  }

  @Post(':id/outcome-reviews/:reviewId/conclusion')
  @Access(...MANAGERS)
  @OwnTransactions()
  conclude(
    @Req() req: PageRequest,
    @Res() res: Response,
    @Param('id', uuidParam()) id: string,
    @Param('reviewId', uuidParam('reviewId')) reviewId: string,
    @Body() form: FormFields,
  ) {
    return this.act(req, res, id, form, 'concluded', atForm(`review-${reviewId}`), async () => {
      const conclusion = formText(form.conclusion);
      const dto = await formAs(
        ConclusionDto,
        {
          version: Number(formText(form.version)),
          conclusion,
          note: formText(form.note),
          remedyDueOn: conclusion === 'remedy_plan' ? optional(form.remedyDueOn) : undefined,
          deduction: conclusion === 'deduction' ? money(form.deduction) || undefined : undefined,
        },
        { conclusion: 'Choose how the review concludes', note: 'Give the reasons for the conclusion' },
      );
      await this.reviews.conclude(id, reviewId, dto, req.principal);
    });
  }

  @Post(':id/payments/:paymentId/approval')
  @Access(...MANAGERS)
  @OwnTransactions()
  approve(
    @Req() req: PageRequest,
    @Res() res: Response,
    @Param('id', uuidParam()) id: string,
    @Param('paymentId', uuidParam('paymentId')) paymentId: string,
    @Body() form: FormFields,
  ) {
    return this.act(req, res, id, form, 'approved', atForm(`payment-${paymentId}`), async () => {
      await this.payments.approve(id, paymentId, await formAs(PaymentApprovalDto, { version: Number(formText(form.version)) }, {}), req.principal);
    });
  }

  @Post(':id/payments/:paymentId/payment')
  @Access(...MANAGERS)
  @OwnTransactions()
  paid(
    @Req() req: PageRequest,
    @Res() res: Response,
    @Param('id', uuidParam()) id: string,
    @Param('paymentId', uuidParam('paymentId')) paymentId: string,
    @Body() form: FormFields,
  ) {
    return this.act(req, res, id, form, 'paid', atForm(`payment-${paymentId}`), async () => {
      const dto = await formAs(
        PaymentPaidDto,
        { version: Number(formText(form.version)), paidOn: formText(form.paidOn) },
        { paidOn: 'Enter the day it was paid, for example 30 11 2026' },
      );
      await this.payments.markPaid(id, paymentId, dto, req.principal);
    });
  }

  @Post(':id/kpis')
  @Access(...MANAGERS)
  @OwnTransactions()
  addKpi(@Req() req: PageRequest, @Res() res: Response, @Param('id', uuidParam()) id: string, @Body() form: FormFields) {
    const place = (e: FieldError) => ({ ...e, field: `kpi-${e.field}`, href: `#kpi-${e.field}` });
    return this.act(req, res, id, form, 'kpi', place, async () => {
      const f = (name: string) => formText(form[`kpi-${name}`]);
      const dto = await formAs(
        KpiDto,
        {
          code: f('code'),
          title: f('title'),
          unit: f('unit'),
          direction: f('direction'),
          good: f('good'),
          approaching: f('approaching'),
          requiresImprovement: f('requiresImprovement'),
        },
        {
          code: 'Enter a code for the KPI, for example KPI-1',
          title: 'Say what is measured',
          unit: 'Say what it is measured in, for example per cent',
          good: 'Enter the value that is good',
          approaching: 'Enter the value that is approaching target',
          requiresImprovement: 'Enter the value that requires improvement',
        },
      );
      await this.kpis.add(id, dto, req.principal);
    });
  }

  @Post(':id/kpis/:kpiId/measurements')
  @Access(...MANAGERS)
  @OwnTransactions()
  measure(
    @Req() req: PageRequest,
    @Res() res: Response,
    @Param('id', uuidParam()) id: string,
    @Param('kpiId', uuidParam('kpiId')) kpiId: string,
    @Body() form: FormFields,
  ) {
    return this.act(req, res, id, form, 'measured', atForm(`kpi-${kpiId}`), async () => {
      const dto = await formAs(
        KpiMeasurementDto,
        { periodEndsOn: formText(form.periodEndsOn), value: formText(form.value).replace(/[%\s]/g, '') },
        { periodEndsOn: 'Enter the last day of the period measured, for example 30 9 2026', value: 'Enter the value measured' },
      );
      await this.kpis.measure(id, kpiId, dto, req.principal);
    });
  }

  private act(req: PageRequest, res: Response, id: string, form: FormFields, done: string, place: (e: FieldError) => FieldError, change: () => Promise<void>) {
    return this.forms.staff(req, res, id, form, place, async () => {
      await change();
      return `/contracts/${id}?${done}=1`;
    });
  }
}

/** The provider's forms on its contract's page: report a period's result, explain a result under review. */
@ApiExcludeController()
@Controller('my-contracts')
export class ProviderOutcomePagesController {
  constructor(
    private readonly reports: OutcomeReports,
    private readonly reviews: OutcomeReviews,
    private readonly forms: ContractForms,
  ) {}

  @Post(':id/outcome-reports')
  @Access('provider')
  @OwnTransactions()
  report(@Req() req: PageRequest, @Res() res: Response, @Param('id', uuidParam()) id: string, @Body() form: FormFields) {
    const metricId = formText(form.metricId);
    return this.act(req, res, id, 'reported', atForm(`report-${metricId}`), async () => {
      const population = Object.fromEntries(
        Object.entries(form)
          .filter(([k]) => k.startsWith('population-'))
          .map(([k, v]) => [k.slice('population-'.length), formText(v)]),
      );
      const dto = await formAs(
        OutcomeReportDto,
        {
          metricId,
          period: whole(form.period),
          cohort: whole(form.cohort),
          achieved: whole(form.achieved),
          population,
          narrative: formText(form.narrative),
        },
        {
          period: 'Choose the period you report',
          cohort: 'Enter how many people you served in the period',
          achieved: 'Enter how many of them achieved the outcome',
          narrative: 'Say what happened in the period and how you know',
        },
      );
      await this.reports.report(id, dto, req.principal);
    });
  }

  @Post(':id/outcome-reviews/:reviewId/explanation')
  @Access('provider')
  @OwnTransactions()
  explain(
    @Req() req: PageRequest,
    @Res() res: Response,
    @Param('id', uuidParam()) id: string,
    @Param('reviewId', uuidParam('reviewId')) reviewId: string,
    @Body() form: FormFields,
  ) {
    return this.act(req, res, id, 'explained', atForm(`review-${reviewId}`), async () => {
      const dto = await formAs(ExplanationDto, { explanation: formText(form.explanation) }, { explanation: 'Say what explains the result' });
      await this.reviews.explain(id, reviewId, dto, req.principal);
    });
  }

  private act(req: PageRequest, res: Response, id: string, done: string, place: (e: FieldError) => FieldError, change: () => Promise<void>) {
    return this.forms.provider(req, res, id, place, async () => {
      await change();
      return `/my-contracts/${id}?${done}=1`;
    });
  }
}
