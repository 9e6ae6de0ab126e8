import { Inject, Injectable } from '@nestjs/common';
import { Publication } from '#jobs';
import { Authority, providerNames } from '#auth';
import { londonToday } from '#kernel';
import { emailProviderPeople, Notifications } from '#notifications';
import { APP_CONFIG, type AppConfig, AuditLog, conflictProblem, newId, notFound, type Principal, RequestDb, sqlState, validationProblem } from '#platform';
import type { Contract } from '../contract/contract.entity.js';
import { Contracts } from '../contract/contracts.service.js';
import { lockContract } from '../contract/contract-lock.query.js';
import { requirePerson } from '../contract/person-required.problem.js';
import { OCDS_RATING, RATING_NAMES } from '../kpis/kpi-rules.js';
import { Kpis } from '../kpis/kpis.service.js';
import type { AssessmentDto } from './assessment.dto.js';
import { PerformanceAssessment } from './assessment.entity.js';
import {
  assessedRating,
  decisionProblems,
  derivedRating,
  type KpiResult,
  kpiResults,
  nextAssessment,
  type NextAssessment,
  occasionOf,
  periodProblems,
} from './assessment-rules.js';

const withOcds = (r: KpiResult) => ({ ...r, ratingName: r.rating ? RATING_NAMES[r.rating] : null, ocdsRating: r.rating ? OCDS_RATING[r.rating] : null });

type KpiList = Awaited<ReturnType<Kpis['list']>>;

export const assessmentView = (a: PerformanceAssessment) => ({
  id: a.id,
  number: a.sequence,
  occasion: a.occasion,
  periodFrom: a.periodFrom,
  periodTo: a.periodTo,
  kpiResults: a.kpiResults.map(withOcds),
  derivedRating: a.derivedRating,
  rating: a.rating,
  ratingName: RATING_NAMES[a.rating],
  ocdsRating: OCDS_RATING[a.rating],
  overridden: a.rating !== a.derivedRating,
  overrideReason: a.overrideReason,
  summary: a.summary,
  assessedAt: a.assessedAt.toISOString(),
});
export type AssessmentView = ReturnType<typeof assessmentView>;

/**
 * Performance assessments (issue 14, item 6; Procurement Act 2023 s.71): the next one a contract needs,
 * with what its KPIs give so far; recording one (a person's judgement, under the contract's row lock so
 * two assessors never record the same period); the provider is e-mailed the notice. Each one's rating
 * keeps its OCDS code for publication.
 */
@Injectable()
export class PerformanceAssessments {
  constructor(
    private readonly db: RequestDb,
    private readonly audit: AuditLog,
    private readonly contracts: Contracts,
    private readonly kpis: Kpis,
    private readonly notifications: Notifications,
    private readonly publication: Publication,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * A contract's assessments, oldest first, and the next one it needs with the KPIs' results to date (null
   * when none is needed). A caller that has read the contract's KPIs already (its page) hands them over.
   */
  async list(contractId: string, kpis?: KpiList) {
    const c = await this.contracts.find(contractId);
    const items = await this.db.manager.find(PerformanceAssessment, { where: { contractId: c.id }, order: { sequence: 'ASC' } });
    const next = nextFor(c, items, londonToday());
    if (!next) return { next: null, items: items.map(assessmentView) };
    const { results, derived } = await this.draft(c, next, next.latestTo, kpis);
    return {
      next: { ...next, kpiResults: results.map(withOcds), derivedRating: derived, derivedRatingName: derived ? RATING_NAMES[derived] : null },
      items: items.map(assessmentView),
    };
  }

  /** What the KPIs give for the next assessment, to a given last day. */
  private async draft(c: Contract, next: NextAssessment, periodTo: string, kpis?: KpiList) {
    const results = kpiResults((kpis ?? (await this.kpis.list(c.id))).items, next.from, periodTo);
    return { results, derived: derivedRating(results) };
  }

  async record(contractId: string, dto: AssessmentDto, principal: Principal) {
    const c = await this.contracts.find(contractId);
    requirePerson(principal, 'assess a contract’s performance');
    const em = this.db.manager;
    // One assessor at a time per contract: the next period is read after the lock, so a second waits and finds it taken.
    await lockContract(em, c);
    const items = await em.find(PerformanceAssessment, { where: { contractId: c.id }, order: { sequence: 'ASC' } });
    const next = nextFor(c, items, londonToday());
    if (!next)
      throw conflictProblem(
        'assessment-not-needed',
        'No assessment is needed',
        c.status === 'pending' ? 'A contract is assessed once it is signed' : 'The final assessment of this contract is recorded',
        { contractStatus: c.status },
      );
    const summary = dto.summary.trim();
    const problems = [
      ...periodProblems(next, dto.periodTo),
      ...(summary ? [] : [{ field: 'summary', rule: 'required', message: 'summary is required: say how the contract performed in the period' }]),
    ];
    if (problems.length) throw validationProblem(problems);
    const draft = await this.draft(c, next, dto.periodTo);
    const decision = decisionProblems(draft.derived, dto);
    if (decision.length) throw validationProblem(decision);
    const rating = assessedRating(draft.derived, dto.rating);
    const row: PerformanceAssessment = {
      id: newId(),
      tenantId: c.tenantId,
      contractId: c.id,
      providerId: c.providerId,
      sequence: items.length + 1,
      occasion: occasionOf(next, dto.periodTo),
      periodFrom: next.from,
      periodTo: dto.periodTo,
      kpiResults: draft.results,
      derivedRating: draft.derived,
      rating,
      overrideReason: rating !== draft.derived ? dto.overrideReason!.trim() : null,
      summary,
      assessedBy: principal.userId ?? null,
      assessedAt: new Date(),
    };
    try {
      await em.insert(PerformanceAssessment, row);
    } catch (err) {
      if (sqlState(err) === '23505') throw conflictProblem('assessment-recorded', 'That period is assessed', 'Someone recorded this assessment a moment ago');
      throw err;
    }
    await this.audit.record({
      action: 'contract.performance-assessed',
      entityType: 'contract',
      entityId: c.id,
      data: {
        assessmentId: row.id,
        number: row.sequence,
        occasion: row.occasion,
        periodFrom: row.periodFrom,
        periodTo: row.periodTo,
        derived: row.derivedRating,
        rating,
      },
    });
    await this.publication.processChanged(c.tenderId);
    await emailProviderPeople(em, this.notifications, {
      tenantId: c.tenantId,
      providerId: c.providerId,
      template: 'performance-assessed',
      data: (p) => ({
        recipientName: p.display_name,
        contractReference: c.reference,
        contractTitle: c.title,
        final: row.occasion === 'final',
        periodFrom: row.periodFrom,
        periodTo: row.periodTo,
        rating: RATING_NAMES[rating],
        summary,
        noticeUrl: `${this.config.PUBLIC_BASE_URL}/my-contracts/${c.id}/assessments/${row.id}`,
      }),
    });
    return assessmentView(row);
  }

  /** One assessment as its contract performance notice: who, what, the period, each KPI's result and the rating. */
  async notice(contractId: string, assessmentId: string) {
    const c = await this.contracts.find(contractId);
    const a = await this.db.manager.findOne(PerformanceAssessment, { where: { id: assessmentId, contractId: c.id } });
    if (!a) throw notFound('Assessment');
    const authority = await this.db.manager.findOne(Authority, { where: { id: c.tenantId }, select: { id: true, name: true } });
    const names = await providerNames(this.db.manager, [c.providerId]);
    return {
      assessment: assessmentView(a),
      contract: { id: c.id, reference: c.reference, title: c.title, awardedValue: c.awardedValue, startsOn: c.startsOn, endsOn: c.endsOn },
      authority: { id: c.tenantId, name: authority?.name ?? null },
      provider: { id: c.providerId, name: names.get(c.providerId) ?? null },
    };
  }
}

/** The next assessment a contract needs, from its assessments so far. */
export const nextFor = (c: Contract, items: readonly PerformanceAssessment[], today: string) =>
  nextAssessment(
    c,
    items.at(-1)?.periodTo ?? null,
    items.some((a) => a.occasion === 'final'),
    today,
  );
