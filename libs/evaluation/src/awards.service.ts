import { HttpStatus, Injectable } from '@nestjs/common';
import { Publication } from '#jobs';
import { AuditLog, newId, type Principal, ProblemException, RequestDb } from '#platform';
import { Tender } from '#tendering';
import { EvaluationContexts, evaluationConflict } from './evaluation-context.service.js';
import { AwardStep, type AwardStepName } from './evaluation.entities.js';
import { AwardHooks } from './award-hooks.service.js';
import { AssessmentSummaries } from './assessment-summaries.service.js';
import { standstillEnd } from '#kernel';

/**
 * The award: a recommendation, approval by a second authorised person (which starts the standstill),
 * then the award once the standstill has ended; or no award, with the reason. Each step is a row the
 * database will not let anyone change, and an audit event.
 */
@Injectable()
export class Awards {
  constructor(
    private readonly db: RequestDb,
    private readonly audit: AuditLog,
    private readonly contexts: EvaluationContexts,
    private readonly summaries: AssessmentSummaries,
    private readonly hooks: AwardHooks,
    private readonly publication: Publication,
  ) {}

  async steps(tenderId: string) {
    await this.contexts.of(tenderId);
    const rows = await this.db.manager.find(AwardStep, { where: { tenderId }, order: { at: 'ASC' } });
    return rows.map((s) => ({
      step: s.step,
      byUser: s.byUser,
      at: s.at.toISOString(),
      reason: s.reason,
      winners: s.winners,
      resultDigest: s.resultDigest,
      standstillEndsAt: s.standstillEndsAt?.toISOString() ?? null,
    }));
  }

  async recommend(tenderId: string, reason: string, principal: Principal) {
    const ctx = await this.contexts.of(tenderId);
    if (!ctx.evaluation.result)
      throw evaluationConflict(
        'evaluation-not-complete',
        'The evaluation is not complete',
        'Complete the evaluation (every mark moderated, every abnormally low bid concluded) before recommending an award',
      );
    const taken = await this.taken(tenderId);
    if (taken.has('no_award')) throw evaluationConflict('no-award', 'No award was made', 'This tender ended without an award');
    if (taken.has('recommended'))
      throw evaluationConflict('already-recommended', 'Already recommended', 'The award has been recommended; it now needs approval');
    const winners = ctx.evaluation.result.lots.map((l) => ({ lotKey: l.lotKey, bidId: l.winner }));
    return this.record(tenderId, 'recommended', principal, { reason, winners, resultDigest: ctx.evaluation.resultDigest });
  }

  /** A second person approves: the standstill starts, and each bidder's assessment summary goes out. */
  async approve(tenderId: string, reason: string, principal: Principal) {
    const ctx = await this.contexts.of(tenderId);
    const rows = await this.db.manager.find(AwardStep, { where: { tenderId } });
    const recommended = rows.find((r) => r.step === 'recommended');
    if (!recommended) throw evaluationConflict('not-recommended', 'Nothing to approve', 'An award must be recommended before it is approved');
    if (rows.some((r) => r.step === 'approved')) throw evaluationConflict('already-approved', 'Already approved', 'The standstill is under way');
    if (rows.some((r) => r.step === 'no_award')) throw evaluationConflict('no-award', 'No award was made', 'This tender ended without an award');
    if (recommended.byUser && recommended.byUser === principal.userId) {
      throw new ProblemException(
        HttpStatus.FORBIDDEN,
        'second-person-required',
        'You recommended this award',
        'Approval must come from a second authorised person, not the recommender',
      );
    }
    const now = new Date();
    const { endsAt } = standstillEnd(now, ctx.pack.standstillWorkingDays);
    const step = await this.record(tenderId, 'approved', principal, {
      reason,
      winners: recommended.winners,
      resultDigest: recommended.resultDigest,
      standstillEndsAt: endsAt,
      at: now,
    });
    await this.summaries.queue(ctx, endsAt);
    return step;
  }

  async award(tenderId: string, principal: Principal) {
    await this.contexts.of(tenderId);
    const rows = await this.db.manager.find(AwardStep, { where: { tenderId } });
    const approved = rows.find((r) => r.step === 'approved');
    if (!approved) throw evaluationConflict('not-approved', 'The award is not approved', 'A second authorised person must approve the recommendation first');
    if (rows.some((r) => r.step === 'awarded')) throw evaluationConflict('already-awarded', 'Already awarded', 'The contract has been awarded');
    if (approved.standstillEndsAt! > new Date()) {
      throw evaluationConflict(
        'standstill-running',
        'The standstill has not ended',
        `The standstill ends at ${approved.standstillEndsAt!.toISOString()}; the award can be made after that`,
        { standstillEndsAt: approved.standstillEndsAt!.toISOString() },
      );
    }
    const step = await this.record(tenderId, 'awarded', principal, { reason: null, winners: approved.winners, resultDigest: approved.resultDigest });
    await this.db.manager.update(Tender, { id: tenderId }, { status: 'awarded' });
    // What follows an award (the winners' commitments become contract terms) happens in its own transaction.
    await this.hooks.awarded({ tenderId, winningBidIds: approved.winners.flatMap((w) => (w.bidId ? [w.bidId] : [])), at: new Date() });
    return step;
  }

  async noAward(tenderId: string, reason: string, principal: Principal) {
    await this.contexts.of(tenderId);
    const taken = await this.taken(tenderId);
    if (taken.has('awarded') || taken.has('no_award'))
      throw evaluationConflict('award-decided', 'The award is decided', 'This tender is already awarded or closed without award');
    const step = await this.record(tenderId, 'no_award', principal, { reason, winners: [], resultDigest: null });
    await this.db.manager.update(Tender, { id: tenderId }, { status: 'no_award' });
    return step;
  }

  private async taken(tenderId: string): Promise<Set<AwardStepName>> {
    return new Set((await this.db.manager.find(AwardStep, { where: { tenderId } })).map((r) => r.step));
  }

  private async record(tenderId: string, step: AwardStepName, principal: Principal, fields: Partial<AwardStep>) {
    const row: AwardStep = {
      id: newId(),
      tenantId: this.db.tenantId,
      tenderId,
      step,
      byUser: principal.userId ?? null,
      at: new Date(),
      reason: null,
      winners: [],
      resultDigest: null,
      standstillEndsAt: null,
      ...fields,
    };
    try {
      await this.db.manager.insert(AwardStep, row);
    } catch (err) {
      // Two people taking the same step at once: the unique (tender, step) key lets one through.
      if ((err as { driverError?: { code?: string } }).driverError?.code === '23505')
        throw evaluationConflict('step-taken', 'Someone took this step first', `The award is already ${step.replace('_', ' ')}`);
      throw err;
    }
    await this.audit.record({
      action: `award.${step}`,
      entityType: 'tender',
      entityId: tenderId,
      data: { winners: row.winners, resultDigest: row.resultDigest, reason: row.reason, standstillEndsAt: row.standstillEndsAt?.toISOString() ?? null },
    });
    await this.publication.processChanged(tenderId);
    return {
      step: row.step,
      byUser: row.byUser,
      at: row.at.toISOString(),
      reason: row.reason,
      winners: row.winners,
      resultDigest: row.resultDigest,
      standstillEndsAt: row.standstillEndsAt?.toISOString() ?? null,
    };
  }
}
