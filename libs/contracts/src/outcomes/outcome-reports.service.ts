import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { ProviderOrganisation } from '#auth';
import { type ProviderEvent, ProviderEvents, Publication } from '#jobs';
import { londonToday } from '#kernel';
import { emailAuthorityPeople, Notifications } from '#notifications';
import { APP_CONFIG, type AppConfig, AuditLog, conflictProblem, newId, notFound, type Principal, RequestDb, sqlState, validationProblem } from '#platform';
import { EvidenceLibrary } from '#public-character';
import { Contract } from '../contract/contract.entity.js';
import { Contracts } from '../contract/contracts.service.js';
import { Payments, paymentView } from '../payments/payments.service.js';
import { belowExpected, expectedResult, resultRate } from './context-adjustment.js';
import { OutcomeReviews, reviewView } from '../reviews/outcome-reviews.service.js';
import { metricPeriods, metricTotals } from './outcome-board.js';
import { reportProblems, targetFor, validatedUnits } from './outcome-metric-rules.js';
import { OutcomeMetrics, metricView } from './outcome-metrics.service.js';
import type { OutcomeReportDto, OutcomeValidationDto } from './outcome.dto.js';
import { OutcomeMetric, OutcomeReport, OutcomeValidation } from './outcome.entities.js';
import { ContractPayment } from '../payments/payment.entity.js';
import { periodOf } from './reporting-periods.js';

/**
 * Outcome reports and their validation (issue 14, item 3). The provider reports each ended period of a
 * metric with the cohort served, how many achieved the outcome, the population's characteristics and its
 * evidence; the contract manager validates it once: accepted, adjusted or rejected (a rejected period is
 * reported again). The validation records what was expected of that population, and in its transaction
 * writes the payment the validated units earn, and opens a review when the result is below what was expected.
 * The contract managers are e-mailed each new report.
 */
@Injectable()
export class OutcomeReports implements OnModuleInit {
  constructor(
    private readonly db: RequestDb,
    private readonly audit: AuditLog,
    private readonly contracts: Contracts,
    private readonly metrics: OutcomeMetrics,
    private readonly payments: Payments,
    private readonly reviews: OutcomeReviews,
    private readonly library: EvidenceLibrary,
    private readonly events: ProviderEvents,
    private readonly notifications: Notifications,
    private readonly publication: Publication,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit() {
    this.events.on('outcome.reported', (event, ctx) => this.notifyReported(ctx.em, ctx.tenantId, event));
  }

  /** Every metric of a contract the caller may see, period by period, in context. */
  async board(contractId: string) {
    const c = await this.contracts.find(contractId);
    const em = this.db.manager;
    // One after another: a transaction's queries share one connection, which runs them in turn anyway.
    const metrics = await this.metrics.list(c.id);
    const reports = await em.find(OutcomeReport, { where: { contractId: c.id }, order: { reportedAt: 'ASC' } });
    const validations = await em
      .createQueryBuilder(OutcomeValidation, 'v')
      .innerJoin(OutcomeReport, 'r', 'r.tenant_id = v.tenant_id AND r.id = v.report_id')
      .where('r.contract_id = :id', { id: c.id })
      .getMany();
    const payments = await em.find(ContractPayment, { where: { contractId: c.id, kind: 'outcome' } });

    const byReport = new Map(validations.map((v) => [v.reportId, v]));
    const today = londonToday();
    const boardReports = reports.map((r) => ({ ...r, reportedAt: r.reportedAt.toISOString() }));
    return {
      metrics: metrics.map((m) => {
        const rows = metricPeriods(c, m, boardReports, byReport, payments, today);
        return { ...metricView(m), periods: rows, totals: metricTotals(rows) };
      }),
      reports: reports.map((r) => this.reportView(r, byReport.get(r.id) ?? null)),
      reviews: await this.reviews.list(c.id),
    };
  }

  async report(contractId: string, dto: OutcomeReportDto, principal: Principal) {
    const c = await this.contracts.find(contractId);
    if (c.status !== 'active')
      throw conflictProblem('contract-not-active', 'The contract is not running', `This contract is ${c.status}: results are reported while it is active`, {
        contractStatus: c.status,
      });
    const em = this.db.manager;
    const metric = await em.findOne(OutcomeMetric, { where: { id: dto.metricId, contractId: c.id } });
    if (!metric) throw validationProblem([{ field: 'metricId', rule: 'exists', message: 'metricId is not one of this contract’s outcome metrics' }]);
    const period = periodOf(c.startsOn, c.endsOn, metric.frequency, dto.period);
    if (!period) throw validationProblem([{ field: 'period', rule: 'exists', message: `period must be one of this contract's ${metric.frequency} periods` }]);
    if (period.endsOn >= londonToday())
      throw validationProblem([{ field: 'period', rule: 'ended', message: `period ${period.number} ends on ${period.endsOn}: report it once it has ended` }]);
    const population = dto.population ?? {};
    const problems = reportProblems({ cohort: dto.cohort, achieved: dto.achieved, population }, metric.contextModel);
    if (problems.length) throw validationProblem(problems);
    // One report at a time per period: two sent at once are taken in turn.
    await em.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`outcome-report:${metric.id}:${period.number}`]);
    const latest = await em.findOne(OutcomeReport, { where: { metricId: metric.id, period: period.number }, order: { reportedAt: 'DESC' } });
    const decided = latest ? await em.findOne(OutcomeValidation, { where: { reportId: latest.id } }) : null;
    if (latest && !decided)
      throw conflictProblem(
        'awaiting-validation',
        'This period is awaiting validation',
        `Period ${period.number} of ${metric.code} was reported and awaits the contract manager`,
        {
          reportId: latest.id,
        },
      );
    if (decided && decided.decision !== 'rejected')
      throw conflictProblem(
        'period-validated',
        'This period is validated',
        `Period ${period.number} of ${metric.code} was ${decided.decision}: it is not reported again`,
        {
          reportId: latest!.id,
        },
      );
    const row: OutcomeReport = {
      id: newId(),
      tenantId: c.tenantId,
      contractId: c.id,
      metricId: metric.id,
      providerId: principal.providerId!,
      period: period.number,
      periodStartsOn: period.startsOn,
      periodEndsOn: period.endsOn,
      cohort: dto.cohort,
      achieved: dto.achieved,
      population,
      narrative: dto.narrative.trim(),
      evidence: await this.library.copies(dto.evidenceIds ?? []),
      reportedBy: principal.userId ?? null,
      reportedAt: new Date(),
    };
    await em.insert(OutcomeReport, row);
    await this.events.raise(em, row.tenantId, { kind: 'outcome.reported', id: row.id, providerId: row.providerId });
    return this.reportView(row, null);
  }

  async validate(contractId: string, reportId: string, dto: OutcomeValidationDto, principal: Principal) {
    const c = await this.contracts.find(contractId);
    const em = this.db.manager;
    const report = await em.findOne(OutcomeReport, { where: { id: reportId, contractId: c.id } });
    if (!report) throw notFound('Outcome report');
    const newer = await em.findOne(OutcomeReport, { where: { metricId: report.metricId, period: report.period }, order: { reportedAt: 'DESC' } });
    if (newer && newer.id !== report.id)
      throw conflictProblem('report-superseded', 'A newer report replaced this one', 'Validate the period’s newest report', { reportId: newer.id });
    const decided = validatedUnits(dto.decision, report, dto.units, dto.reason);
    if ('problems' in decided) throw validationProblem(decided.problems);
    const metric = await em.findOneByOrFail(OutcomeMetric, { id: report.metricId });
    const context = dto.decision === 'rejected' ? null : expectedResult(targetFor(metric, report.periodEndsOn), metric.contextModel, report.population);
    const validation: OutcomeValidation = {
      id: newId(),
      tenantId: c.tenantId,
      reportId: report.id,
      providerId: report.providerId,
      decision: dto.decision,
      units: decided.units,
      reason: dto.reason?.trim() || null,
      target: context?.target ?? null,
      expected: context?.expected ?? null,
      resultRate: context ? resultRate(decided.units, report.cohort) : null,
      effects: context?.effects ?? [],
      validatedBy: principal.userId ?? null,
      validatedAt: new Date(),
    };
    try {
      await em.insert(OutcomeValidation, validation);
    } catch (err) {
      if (sqlState(err) === '23505')
        throw conflictProblem('already-validated', 'This report is validated', 'A report takes one validation; a rejected period is reported again');
      throw err;
    }
    await this.audit.record({
      action: 'contract.outcome-validated',
      entityType: 'contract',
      entityId: c.id,
      data: {
        reportId,
        metric: metric.code,
        period: report.period,
        decision: dto.decision,
        units: decided.units,
        reason: validation.reason,
        expected: validation.expected,
      },
    });
    await this.publication.processChanged(c.tenderId);
    const payment = await this.payments.forValidation(c, metric, report, validation);
    // Below what was expected of the population served: a review opens, and nothing is sanctioned until it concludes.
    const review = context && belowExpected(validation.resultRate!, context.expected) ? await this.reviews.open(c, metric, report, validation) : null;
    return {
      report: this.reportView(report, validation),
      payment: payment ? paymentView(payment, londonToday()) : null,
      review: review ? reviewView(review, null, londonToday()) : null,
    };
  }

  private reportView(r: OutcomeReport, v: OutcomeValidation | null) {
    return {
      id: r.id,
      metricId: r.metricId,
      period: r.period,
      periodStartsOn: r.periodStartsOn,
      periodEndsOn: r.periodEndsOn,
      cohort: r.cohort,
      achieved: r.achieved,
      population: r.population,
      narrative: r.narrative,
      evidence: r.evidence,
      reportedAt: r.reportedAt.toISOString(),
      validation: v
        ? {
            decision: v.decision,
            units: v.units,
            reason: v.reason,
            target: v.target,
            expected: v.expected,
            resultRate: v.resultRate,
            effects: v.effects,
            validatedAt: v.validatedAt.toISOString(),
          }
        : null,
    };
  }

  /** In the authority's context: tells its contract managers a result awaits validation. */
  private async notifyReported(em: EntityManager, tenantId: string, event: ProviderEvent) {
    const report = await em.findOneBy(OutcomeReport, { id: event.id, providerId: event.providerId });
    if (!report) return;
    const metric = await em.findOneByOrFail(OutcomeMetric, { id: report.metricId });
    const contract = await em.findOneByOrFail(Contract, { id: report.contractId });
    const provider = await em.findOneByOrFail(ProviderOrganisation, { id: report.providerId });

    await emailAuthorityPeople(em, this.notifications, {
      tenantId,
      roles: ['contract_manager'],
      template: 'outcome-reported',
      data: (p) => ({
        recipientName: p.display_name,
        providerName: provider.name,
        contractReference: contract.reference,
        contractTitle: contract.title,
        metric: `${metric.code} ${metric.title}`,
        period: report.period,
        periodStartsOn: report.periodStartsOn,
        periodEndsOn: report.periodEndsOn,
        achieved: report.achieved,
        cohort: report.cohort,
        unit: metric.unit,
        evidenceCount: report.evidence.length,
        validateUrl: `${this.config.PUBLIC_BASE_URL}/contracts/${contract.id}#outcomes`,
      }),
    });
  }
}
