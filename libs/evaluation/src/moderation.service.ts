import { Injectable } from '@nestjs/common';
import { Decimal } from 'decimal.js';
import { engineInputProblems, type EngineResult, evaluate } from '#scoring';
import { AuditLog, type Principal, RequestDb, validationProblem } from '#platform';
import { countedMarks, type EvaluationContext, EvaluationContexts, evaluationConflict, evaluatorCriteria } from './evaluation-context.service.js';
import { unverified } from './public-character/public-character-marks.js';
import type { PublicCharacterFacts } from './public-character/public-character-evaluation.service.js';
import type { AbnormallyLowReviewDto, ConsensusDto } from './evaluation.dto.js';
import { AbnormallyLowReview, ConsensusMark, Evaluation, EvaluatorAssignment } from './evaluation.entities.js';

export interface ModerationCell {
  bidId: string;
  criterionKey: string;
  criterionGroup: string;
  scaleMax: number;
  independent: { evaluatorId: string; mark: number; reason: string }[];
  spread: number | null;
  /** The spread reaches the policy's evaluator variance threshold (scaled to this criterion's scale): a variance note is needed. */
  varianceFlagged: boolean;
  consensus: { mark: number; reason: string; varianceNote: string | null; moderatedAt: string } | null;
  /** Every evaluator assigned to the group (and not conflicted) has submitted: moderation can start. */
  ready: boolean;
}

/** Moderation (consensus marks beside the spread), abnormally low reviews, and completing the evaluation. */
@Injectable()
export class Moderation {
  constructor(
    private readonly db: RequestDb,
    private readonly audit: AuditLog,
    private readonly contexts: EvaluationContexts,
  ) {}

  /** Every bid × evaluator-marked criterion; `bids` (the latest bids) if the caller has read them already. */
  async cells(ctx: EvaluationContext, bids?: { id: string }[]): Promise<ModerationCell[]> {
    const em = this.db.manager;
    const tenderId = ctx.tender.id;
    const [assignments, independent, consensus, bidIds] = await Promise.all([
      em.find(EvaluatorAssignment, { where: { tenderId } }),
      countedMarks(em, tenderId),
      em.find(ConsensusMark, { where: { tenderId } }),
      bids ? bids.map((b) => b.id) : this.contexts.bidders(tenderId).then((b) => [...b.keys()]),
    ]);
    // Evaluators who declared a conflict or were withdrawn are out: a group waits only for those still in it.
    const active = assignments.filter((a) => a.declaration !== 'conflict' && !a.withdrawnAt);
    const ready = (group: string) =>
      active.some((a) => a.criterionGroup === group) && active.filter((a) => a.criterionGroup === group).every((a) => a.submittedAt);
    const variance = ctx.pack.evaluatorVariance;
    const policyMax = Number(variance.scale.split('-')[1]);
    const cells: ModerationCell[] = [];
    for (const bidId of bidIds) {
      for (const c of evaluatorCriteria(ctx)) {
        const marks = independent.filter((m) => m.bidId === bidId && m.criterionKey === c.key);
        const spread = marks.length ? Math.max(...marks.map((m) => m.mark)) - Math.min(...marks.map((m) => m.mark)) : null;
        const threshold = new Decimal(variance.points).times(c.scaleMax).div(policyMax);
        const agreed = consensus.find((m) => m.bidId === bidId && m.criterionKey === c.key);
        cells.push({
          bidId,
          criterionKey: c.key,
          criterionGroup: c.group,
          scaleMax: c.scaleMax,
          independent: marks.map((m) => ({ evaluatorId: m.evaluatorId, mark: m.mark, reason: m.reason })),
          spread,
          varianceFlagged: marks.length > 1 && spread !== null && threshold.lte(spread),
          consensus: agreed
            ? { mark: agreed.mark, reason: agreed.rationale, varianceNote: agreed.varianceNote, moderatedAt: agreed.moderatedAt.toISOString() }
            : null,
          ready: ready(c.group),
        });
      }
    }
    return cells;
  }

  async moderate(tenderId: string, dto: ConsensusDto, principal: Principal) {
    const ctx = await this.contexts.of(tenderId);
    if (ctx.evaluation.completedAt)
      throw evaluationConflict('evaluation-complete', 'The evaluation is complete', 'Consensus marks are fixed once the evaluation is complete');
    const cell = (await this.cells(ctx)).find((c) => c.bidId === dto.bidId && c.criterionKey === dto.criterionKey);
    if (!cell)
      throw validationProblem([
        { field: 'criterionKey', rule: 'cell-of-tender', message: 'bidId and criterionKey must name a bid of this tender and a marked criterion' },
      ]);
    if (!cell.ready)
      throw evaluationConflict(
        'marks-outstanding',
        'Not every evaluator has submitted',
        `Moderate ${cell.criterionGroup} once every evaluator assigned to it has submitted their marks`,
      );
    if (dto.mark > cell.scaleMax) throw validationProblem([{ field: 'mark', rule: 'within-scale', message: `mark must be between 0 and ${cell.scaleMax}` }]);
    if (cell.varianceFlagged && !dto.varianceNote) {
      throw validationProblem([
        {
          field: 'varianceNote',
          rule: 'variance-explained',
          message: `the evaluators' marks spread by ${cell.spread}: say why they differed and how the consensus was reached`,
        },
      ]);
    }
    const row: ConsensusMark = {
      tenantId: this.db.tenantId,
      tenderId,
      bidId: dto.bidId,
      criterionKey: dto.criterionKey,
      mark: dto.mark,
      rationale: dto.reason,
      varianceNote: dto.varianceNote ?? null,
      moderatedBy: principal.userId ?? null,
      moderatedAt: new Date(),
    };
    await this.db.manager.upsert(ConsensusMark, row, ['tenantId', 'tenderId', 'bidId', 'criterionKey']);
    await this.audit.record({
      action: 'evaluation.consensus_mark',
      entityType: 'tender',
      entityId: tenderId,
      data: { bidId: dto.bidId, criterionKey: dto.criterionKey, mark: dto.mark, independent: cell.independent.map((m) => m.mark) },
    });
    return {
      bidId: row.bidId,
      criterionKey: row.criterionKey,
      mark: row.mark,
      reason: row.rationale,
      varianceNote: row.varianceNote,
      moderatedAt: row.moderatedAt.toISOString(),
    };
  }

  /** Abnormally low bids (by the engine's flags on the current marks) and what was concluded about each. */
  /** Bids flagged abnormally low, with their clarification outcome; from the given result, or the result as it stands. */
  async abnormallyLow(ctx: EvaluationContext, given?: EngineResult) {
    const result = given ?? (await this.contexts.result(ctx)).result;
    const reviews = await this.db.manager.find(AbnormallyLowReview, { where: { tenderId: ctx.tender.id } });
    return result.bids
      .filter((b) => b.flags.some((f) => f.startsWith('abnormally-low')))
      .map((b) => {
        const r = reviews.find((x) => x.bidId === b.bidId);
        return {
          bidId: b.bidId,
          lotKey: b.lotKey,
          priceBasis: b.priceBasis,
          flags: b.flags.filter((f) => f.startsWith('abnormally-low')),
          review: r ? { outcome: r.outcome, reason: r.reason, recordedAt: r.recordedAt.toISOString() } : null,
        };
      });
  }

  async reviewAbnormallyLow(tenderId: string, bidId: string, dto: AbnormallyLowReviewDto, principal: Principal) {
    const ctx = await this.contexts.of(tenderId);
    if (ctx.evaluation.completedAt)
      throw evaluationConflict('evaluation-complete', 'The evaluation is complete', 'Record clarification outcomes before completing the evaluation');
    const flagged = (await this.abnormallyLow(ctx)).find((b) => b.bidId === bidId);
    if (!flagged)
      throw validationProblem([{ field: 'bidId', rule: 'abnormally-low', message: 'only a bid flagged as abnormally low needs a clarification outcome' }]);
    if (flagged.review)
      throw evaluationConflict('already-reviewed', 'Already recorded', `This bid was ${flagged.review.outcome} on ${flagged.review.recordedAt}`);
    const row: AbnormallyLowReview = {
      tenantId: this.db.tenantId,
      tenderId,
      bidId,
      outcome: dto.outcome,
      reason: dto.reason,
      recordedBy: principal.userId ?? null,
      recordedAt: new Date(),
    };
    await this.db.manager.insert(AbnormallyLowReview, row);
    await this.audit.record({ action: 'evaluation.abnormally_low_reviewed', entityType: 'tender', entityId: tenderId, data: { bidId, outcome: dto.outcome } });
    return { bidId, outcome: row.outcome, reason: row.reason, recordedAt: row.recordedAt.toISOString() };
  }

  /** Every cell moderated, every wide spread explained, every abnormally low bid concluded: the result is then fixed and digested. */
  private unverifiedTests(pc: PublicCharacterFacts) {
    return unverified(pc.criteria, pc.gates, pc.bids).map((u) => ({
      field: `publicCharacter.${u.bidId}.${u.test}`,
      rule: 'verified',
      message: `verify the ${pc.testNames[u.test] ?? u.test} test of every bid: it marks a criterion or carries a gate`,
    }));
  }

  async complete(tenderId: string, principal: Principal) {
    const ctx = await this.contexts.of(tenderId);
    if (ctx.evaluation.completedAt) return { completedAt: ctx.evaluation.completedAt.toISOString(), digest: ctx.evaluation.resultDigest };
    // One read of the bids and their public character facts, one bundle and one run of the engine: the
    // result checked for abnormally low bids is the result fixed (same inputs, same transaction).
    const inputs = await this.contexts.inputs(ctx);
    const cells = await this.cells(ctx, inputs.bids);
    const engine = (await this.contexts.bundle(ctx, inputs)).engine;
    const result = evaluate(engine);
    const problems = [
      ...cells
        .filter((c) => !c.consensus)
        .map((c) => ({ field: `consensus.${c.bidId}.${c.criterionKey}`, rule: 'moderated', message: `no consensus mark yet for ${c.criterionKey}` })),
      ...cells
        .filter((c) => c.consensus && c.varianceFlagged && !c.consensus.varianceNote)
        .map((c) => ({
          field: `consensus.${c.bidId}.${c.criterionKey}.varianceNote`,
          rule: 'variance-explained',
          message: `the spread on ${c.criterionKey} is not explained`,
        })),
      ...(await this.abnormallyLow(ctx, result))
        .filter((b) => !b.review)
        .map((b) => ({
          field: `abnormallyLow.${b.bidId}`,
          rule: 'clarification-outcome',
          message: 'record whether the abnormally low price was accepted or rejected after clarification',
        })),
      // Public character tests that mark a criterion or carry a gate: each bid's must be decided (not awaiting evidence).
      ...this.unverifiedTests(inputs.facts),
      // The model's rules as the offline recomputation checks them: what is fixed here must recompute there.
      ...engineInputProblems(engine, '/engine', { complete: false }).map((p) => ({
        field: p.at.slice(1).replace(/\//g, '.'),
        rule: 'model-rules',
        message: p.message,
      })),
    ];
    if (problems.length) throw validationProblem(problems.slice(0, 100), `${problems.length} things stop the evaluation being completed`);
    const completedAt = new Date();
    await this.db.manager.update(Evaluation, { tenderId }, { result, resultDigest: result.digest, completedAt, completedBy: principal.userId ?? null });
    await this.audit.record({
      action: 'evaluation.completed',
      entityType: 'tender',
      entityId: tenderId,
      data: { digest: result.digest, winners: result.lots.map((l) => ({ lotKey: l.lotKey, bidId: l.winner })) },
    });
    return { completedAt: completedAt.toISOString(), digest: result.digest };
  }
}
