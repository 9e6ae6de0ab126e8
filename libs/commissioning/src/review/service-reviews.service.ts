import { Injectable } from '@nestjs/common';
import { AuditLog, conflictProblem, newId, notFound, type Principal, RequestDb, validationProblem } from '#platform';
import { CommissioningCycle, CycleOutcome } from '../cycles/cycle.entities.js';
import { Cycles } from '../cycles/cycles.service.js';
import type { ServiceReviewDto } from './service-review.dto.js';
import { ServiceReview } from './service-review.entity.js';
import { nextCycleReference, reviewProblems, type ReviewDecision } from './service-review.js';

const DECISION_WORDS: Record<ReviewDecision, string> = {
  recommission: 'recommission the service',
  insource: 'bring the service in house',
  change: 'change the service',
};

/**
 * Service reviews (issue 16, item 6): one per cycle, recorded once the framework's every outcome is found on;
 * it opens the next cycle in the same transaction, carrying the purpose, accountability, success and the
 * outcomes framework forward as a starting point the commissioner then edits.
 */
@Injectable()
export class ServiceReviews {
  constructor(
    private readonly db: RequestDb,
    private readonly audit: AuditLog,
    private readonly cycles: Cycles,
  ) {}

  async record(cycleId: string, dto: ServiceReviewDto, principal: Principal) {
    const em = this.db.manager;
    const cycle = await this.cycles.find(cycleId);
    // Two reviews of one cycle at once: the second waits here, then finds the first.
    await em.query(`SELECT 1 FROM commissioning_cycles WHERE id = $1 FOR UPDATE`, [cycleId]);
    const done = await em.findOne(ServiceReview, { where: { cycleId } });
    if (done)
      throw conflictProblem('already-reviewed', 'The service has been reviewed', `This cycle was reviewed on ${done.reviewedAt.toISOString().slice(0, 10)}`, {
        nextCycleId: done.nextCycleId,
      });
    const outcomes = await em.find(CycleOutcome, { where: { cycleId }, order: { recordedAt: 'ASC' } });
    const problems = reviewProblems(
      dto,
      outcomes.map((o) => o.id),
    );
    if (problems.length) throw validationProblem(problems);

    const taken = new Set((await em.find(CommissioningCycle, { select: { reference: true } })).map((c) => c.reference));
    const next = await this.cycles.create(
      {
        reference: nextCycleReference(cycle.reference, (r) => taken.has(r)),
        title: cycle.title,
        ...(cycle.serviceCategory ? { serviceCategory: cycle.serviceCategory } : {}),
        purpose: cycle.purpose,
        accountability: cycle.accountability,
        success: cycle.success,
        needsAssessment: `From the review of ${cycle.reference}, which decided to ${DECISION_WORDS[dto.decision]}: ${dto.summary}`.slice(0, 10_000),
      },
      principal,
    );
    for (const o of outcomes)
      await this.cycles.addOutcome(next.id, { statement: o.statement, source: o.source, kind: o.kind, indicators: o.indicators }, principal);
    const row: ServiceReview = {
      id: newId(),
      tenantId: this.db.tenantId,
      cycleId,
      outcomeFindings: dto.outcomes.map((o) => ({ outcomeId: o.outcomeId, finding: o.finding, evidence: o.evidence.trim() })),
      engagementFindings: dto.engagementFindings,
      summary: dto.summary,
      decision: dto.decision,
      reasons: dto.reasons,
      nextCycleId: next.id,
      reviewedBy: principal.userId ?? null,
      reviewedAt: new Date(),
    };
    await em.insert(ServiceReview, row);
    await this.audit.record({
      action: 'cycle.reviewed',
      entityType: 'commissioning_cycle',
      entityId: cycleId,
      data: { decision: dto.decision, nextCycleId: next.id, findings: row.outcomeFindings.map((o) => o.finding) },
    });
    return this.view(row, next);
  }

  /** A cycle's review, or 404 when it has none (yet). */
  async of(cycleId: string) {
    await this.cycles.find(cycleId);
    const review = await this.find(cycleId);
    if (!review) throw notFound('The review of this cycle');
    return review;
  }

  /** A cycle's review, or null. */
  async find(cycleId: string) {
    const review = await this.db.manager.findOne(ServiceReview, { where: { cycleId } });
    return review && this.view(review, await this.cycles.find(review.nextCycleId));
  }

  /** The review a cycle came from, if it did. */
  reviewOpening(cycleId: string): Promise<ServiceReview | null> {
    return this.db.manager.findOne(ServiceReview, { where: { nextCycleId: cycleId } });
  }

  private view(r: ServiceReview, next: CommissioningCycle) {
    return {
      id: r.id,
      cycleId: r.cycleId,
      outcomes: r.outcomeFindings,
      engagementFindings: r.engagementFindings,
      summary: r.summary,
      decision: r.decision,
      reasons: r.reasons,
      nextCycle: { id: next.id, reference: next.reference, reviewBy: next.reviewBy },
      reviewedBy: r.reviewedBy,
      reviewedAt: r.reviewedAt.toISOString(),
    };
  }
}
