import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { Decimal } from 'decimal.js';
import { type EntityManager, In } from 'typeorm';
import { ProviderOrganisation } from '#auth';
import { type ProviderEvent, ProviderEvents } from '#jobs';
import { londonToday } from '#kernel';
import { emailAuthorityPeople, emailProviderPeople, Notifications } from '#notifications';
import {
  APP_CONFIG,
  type AppConfig,
  AuditLog,
  conflictProblem,
  newId,
  notFound,
  type Principal,
  RequestDb,
  sqlState,
  updateAtVersion,
  validationProblem,
} from '#platform';
import { Contract } from '../contract/contract.entity.js';
import { Contracts } from '../contract/contracts.service.js';
import { OutcomeMetric, type OutcomeReport, type OutcomeValidation } from '../outcomes/outcome.entities.js';
import { Payments, paymentView } from '../payments/payments.service.js';
import type { ConclusionDto, ExplanationDto } from './review.dto.js';
import { OutcomeReview, OutcomeReviewExplanation } from './review.entities.js';
import { conclusionProblems, explainByFor, reviewState } from './review-rules.js';

const CONCLUSION_WORDS = { no_action: 'no action', remedy_plan: 'a remedy plan', deduction: 'a deduction' } as const;

/**
 * Review before sanction (issue 14, item 4): a validated result below what was expected of the population
 * served opens a review in the validation's transaction and the provider is e-mailed; it explains its
 * context by a date; the contract manager then concludes once, and a deduction is written to the payment
 * schedule in the conclusion's transaction (the database refuses one any other way).
 */
@Injectable()
export class OutcomeReviews implements OnModuleInit {
  constructor(
    private readonly db: RequestDb,
    private readonly audit: AuditLog,
    private readonly contracts: Contracts,
    private readonly payments: Payments,
    private readonly notifications: Notifications,
    private readonly events: ProviderEvents,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit() {
    this.events.on('outcome.explained', (event, ctx) => this.notifyExplained(ctx.em, ctx.tenantId, event));
  }

  /** Opens the review a result below expectation calls for, and tells the provider what to explain by when. */
  async open(c: Contract, metric: OutcomeMetric, report: OutcomeReport, validation: OutcomeValidation): Promise<OutcomeReview> {
    const em = this.db.manager;
    const row = reviewRow(c, metric, report, validation);
    await em.insert(OutcomeReview, row);
    await this.audit.record({
      action: 'contract.review-opened',
      entityType: 'contract',
      entityId: c.id,
      data: { reviewId: row.id, metric: metric.code, period: report.period, expected: row.expected, result: row.resultRate, explainBy: row.explainBy },
    });
    await this.tellProvider(c, 'outcome-review-opened', {
      metric: `${metric.code} ${metric.title}`,
      period: report.period,
      periodStartsOn: report.periodStartsOn,
      periodEndsOn: report.periodEndsOn,
      result: percent(row.resultRate),
      expected: percent(row.expected),
      explainBy: row.explainBy,
    });
    return row;
  }

  /** The reviews of a contract the caller may see, each with the provider's explanation and where it stands. */
  async list(contractId: string) {
    const em = this.db.manager;
    const reviews = await em.find(OutcomeReview, { where: { contractId }, order: { openedAt: 'ASC' } });
    const explanations = reviews.length ? await em.find(OutcomeReviewExplanation, { where: { reviewId: In(reviews.map((r) => r.id)) } }) : [];
    const of = new Map(explanations.map((e) => [e.reviewId, e]));
    const today = londonToday();
    return reviews.map((r) => reviewView(r, of.get(r.id) ?? null, today));
  }

  async explain(contractId: string, reviewId: string, dto: ExplanationDto, principal: Principal) {
    const c = await this.contracts.find(contractId);
    const r = await this.find(c.id, reviewId);
    if (r.conclusion) throw conflictProblem('review-concluded', 'This review is concluded', 'Its conclusion is final: it takes no more explanation');
    const row: OutcomeReviewExplanation = {
      tenantId: r.tenantId,
      reviewId: r.id,
      providerId: r.providerId,
      explanation: dto.explanation.trim(),
      explainedBy: principal.userId ?? null,
      explainedAt: new Date(),
    };
    try {
      await this.db.manager.insert(OutcomeReviewExplanation, row);
    } catch (err) {
      if (sqlState(err) === '23505')
        throw conflictProblem('already-explained', 'This review is explained', 'A review takes one explanation, which the contract manager reads');
      throw err;
    }
    // The contract managers are told in the authority's context (the provider's transaction cannot read its staff).
    await this.events.raise(this.db.manager, r.tenantId, { kind: 'outcome.explained', id: r.id, providerId: r.providerId });
    return reviewView(r, row, londonToday());
  }

  /** In the authority's context: tells its contract managers a review has the provider's explanation and can be concluded. */
  private async notifyExplained(em: EntityManager, tenantId: string, event: ProviderEvent) {
    const review = await em.findOneBy(OutcomeReview, { id: event.id, providerId: event.providerId });
    if (!review) return;
    const contract = await em.findOneByOrFail(Contract, { id: review.contractId });
    const metric = await em.findOneByOrFail(OutcomeMetric, { id: review.metricId });
    const provider = await em.findOneByOrFail(ProviderOrganisation, { id: review.providerId });
    await emailAuthorityPeople(em, this.notifications, {
      tenantId,
      roles: ['contract_manager'],
      template: 'outcome-review-explained',
      data: (p) => ({
        recipientName: p.display_name,
        providerName: provider.name,
        contractReference: contract.reference,
        contractTitle: contract.title,
        metric: `${metric.code} ${metric.title}`,
        period: review.period,
        contractUrl: `${this.config.PUBLIC_BASE_URL}/contracts/${contract.id}#reviews`,
      }),
    });
  }

  async conclude(contractId: string, reviewId: string, dto: ConclusionDto, principal: Principal) {
    const c = await this.contracts.find(contractId);
    const r = await this.find(c.id, reviewId);
    if (r.version !== dto.version) throw this.stale(r);
    const explanation = await this.db.manager.findOne(OutcomeReviewExplanation, { where: { reviewId: r.id } });
    const today = londonToday();
    const problems = conclusionProblems({ explainBy: r.explainBy, explained: !!explanation, conclusion: r.conclusion, deduction: r.deduction }, dto, {
      today,
      contractValue: c.awardedValue,
    });
    const state = problems.find((p) => p.rule === 'concluded' || p.rule === 'awaiting-explanation');
    if (state)
      throw conflictProblem(state.rule === 'concluded' ? 'review-concluded' : 'awaiting-explanation', 'The review cannot be concluded yet', state.message, {
        explainBy: r.explainBy,
      });
    if (problems.length) throw validationProblem(problems);
    const change = {
      conclusion: dto.conclusion,
      conclusionNote: dto.note.trim(),
      remedyDueOn: dto.remedyDueOn ?? null,
      deduction: dto.deduction ?? null,
      concludedBy: principal.userId ?? null,
      concludedAt: new Date(),
    };
    if (!(await updateAtVersion(this.db.manager, OutcomeReview, r, change))) throw this.stale(await this.find(c.id, r.id));
    const concluded = await this.find(c.id, r.id);
    const metric = await this.db.manager.findOneByOrFail(OutcomeMetric, { id: r.metricId });
    const name = `${metric.code} ${metric.title}`;
    const deduction =
      dto.conclusion === 'deduction'
        ? await this.payments.forDeduction(c, concluded, `Deduction after the review of ${metric.code}, period ${r.period}`)
        : null;
    await this.audit.record({ action: 'contract.review-concluded', entityType: 'contract', entityId: c.id, data: { reviewId: r.id, ...change } });
    await this.tellProvider(c, 'outcome-review-concluded', {
      metric: name,
      period: r.period,
      conclusion: CONCLUSION_WORDS[dto.conclusion],
      note: change.conclusionNote,
      remedyDueOn: change.remedyDueOn,
      deduction: change.deduction,
    });
    return { review: reviewView(concluded, explanation, today), deduction: deduction ? paymentView(deduction, today) : null };
  }

  private async tellProvider(c: Contract, template: string, data: Record<string, unknown>) {
    await emailProviderPeople(this.db.manager, this.notifications, {
      tenantId: c.tenantId,
      providerId: c.providerId,
      template,
      data: (p) => ({
        recipientName: p.display_name,
        contractReference: c.reference,
        contractTitle: c.title,
        ...data,
        contractUrl: `${this.config.PUBLIC_BASE_URL}/my-contracts/${c.id}#reviews`,
      }),
    });
  }

  private async find(contractId: string, reviewId: string) {
    const r = await this.db.manager.findOne(OutcomeReview, { where: { id: reviewId, contractId } });
    if (!r) throw notFound('Review');
    return r;
  }

  private stale(r: OutcomeReview) {
    return conflictProblem('version-conflict', 'Someone changed this review', 'The review was changed since you read it: read it again', {
      version: r.version,
    });
  }
}

const percent = (rate: string) => `${new Decimal(rate).times(100).toFixed(1)}%`;

/** The review a result below expectation opens, on the day it was validated (the demo opens its reviews the same way). */
export const reviewRow = (
  c: Pick<Contract, 'tenantId' | 'id' | 'providerId'>,
  metric: Pick<OutcomeMetric, 'id'>,
  report: Pick<OutcomeReport, 'period'>,
  validation: Pick<OutcomeValidation, 'id' | 'expected' | 'resultRate' | 'validatedAt'>,
): OutcomeReview => ({
  id: newId(),
  tenantId: c.tenantId,
  contractId: c.id,
  metricId: metric.id,
  validationId: validation.id,
  providerId: c.providerId,
  period: report.period,
  expected: validation.expected!,
  resultRate: validation.resultRate!,
  explainBy: explainByFor(londonToday(validation.validatedAt)),
  conclusion: null,
  conclusionNote: null,
  remedyDueOn: null,
  deduction: null,
  concludedBy: null,
  concludedAt: null,
  openedAt: validation.validatedAt,
  updatedAt: validation.validatedAt,
  version: 1,
});

export const reviewView = (r: OutcomeReview, e: OutcomeReviewExplanation | null, today: string) => ({
  id: r.id,
  metricId: r.metricId,
  period: r.period,
  expected: r.expected,
  resultRate: r.resultRate,
  openedAt: r.openedAt.toISOString(),
  explainBy: r.explainBy,
  state: reviewState({ explainBy: r.explainBy, explained: !!e, conclusion: r.conclusion, deduction: r.deduction }, today),
  explanation: e ? { text: e.explanation, at: e.explainedAt.toISOString() } : null,
  conclusion: r.conclusion
    ? { outcome: r.conclusion, note: r.conclusionNote, remedyDueOn: r.remedyDueOn, deduction: r.deduction, at: r.concludedAt!.toISOString() }
    : null,
  version: r.version,
});
