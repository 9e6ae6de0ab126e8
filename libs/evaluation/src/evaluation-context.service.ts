import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { type EngineResult, evaluate, sensitivity } from '#scoring';
import { conflictProblem, RequestDb } from '#platform';
import { Bids } from '#bids';
import { type EvaluationModel, Tender, tenderOr404, valueCriteria, type ValueCriterion, verifiedCriteria, type VerifiedCriterion } from '#tendering';
import { type PolicyPack, PolicyPacks } from '#policy';
import { type EvaluationBundle, engineModel, enginePolicy, markedCriteria, SENSITIVITY_PERCENT, SENSITIVITY_SAMPLES } from './evaluation-bundle.js';
import { applyPublicCharacter } from './public-character/public-character-marks.js';
import { type PublicCharacterFacts, PublicCharacterEvaluation } from './public-character/public-character-evaluation.service.js';
import { type PublicCharacterFramework, SelfAssessments } from '#public-character';
import { applyCommittedValue } from './social-value-marks.js';
import { AbnormallyLowReview, ConsensusMark, Evaluation, IndependentMark } from './evaluation.entities.js';

export const evaluationConflict = conflictProblem;

export interface EvaluationContext {
  tender: Tender;
  model: EvaluationModel;
  pack: PolicyPack;
  evaluation: Evaluation;
  /** Public character criteria marked by verification, not by evaluators (a tender published with a framework). */
  verifiedCriteria: VerifiedCriterion[];
  /** The public character framework version the tender was published with (null before frameworks were recorded). */
  framework: PublicCharacterFramework | null;
  /** Social value criteria marked by formula from the committed value, not by evaluators. */
  valueCriteria: ValueCriterion[];
}

/** What an evaluation reads of the bids: the latest of each, and the public character facts about them. Read once per request. */
export interface EvaluationInputs {
  bids: Awaited<ReturnType<Bids['latest']>>;
  facts: PublicCharacterFacts;
}

/** The criteria evaluators mark and moderate: every marked criterion but those verification marks. */
export const evaluatorCriteria = (ctx: Pick<EvaluationContext, 'model' | 'verifiedCriteria' | 'valueCriteria'>) =>
  markedCriteria(ctx.model).filter((c) => !ctx.verifiedCriteria.some((v) => v.key === c.key) && !ctx.valueCriteria.some((v) => v.key === c.key));

/**
 * The independent marks that count, in a fixed order: an evaluator withdrawn from a group keeps their
 * marks on the record, but they no longer count in moderation, variance or anyone's view of the marks.
 */
export function countedMarks(em: EntityManager, tenderId: string): Promise<IndependentMark[]> {
  return em
    .getRepository(IndependentMark)
    .createQueryBuilder('m')
    .where('m.tender_id = :tenderId', { tenderId })
    .andWhere(
      `NOT EXISTS (SELECT 1 FROM evaluator_assignments a WHERE a.tender_id = m.tender_id AND a.user_id = m.evaluator_id
      AND a.criterion_group = m.criterion_group AND a.withdrawn_at IS NOT NULL)`,
    )
    .orderBy('m.bid_id', 'ASC')
    .addOrderBy('m.criterion_key', 'ASC')
    .addOrderBy('m.evaluator_id', 'ASC')
    .getMany();
}

/** A tender's evaluation as the rest of the workflow reads it, and the bundle the engine (and the CLI) recompute from. */
@Injectable()
export class EvaluationContexts {
  constructor(
    private readonly db: RequestDb,
    private readonly packs: PolicyPacks,
    private readonly bids: Bids,
    private readonly assessments: SelfAssessments,
    private readonly publicCharacter: PublicCharacterEvaluation,
  ) {}

  async of(tenderId: string): Promise<EvaluationContext> {
    const em = this.db.manager;
    const tender = await tenderOr404(em, tenderId);
    const evaluation = await em.findOne(Evaluation, { where: { tenderId } });
    if (!evaluation || !tender.evaluationModel) {
      throw evaluationConflict('evaluation-not-started', 'The evaluation has not started', 'Open the bids after the deadline, then start the evaluation');
    }
    const fw = await this.assessments.framework(tender);
    const verified = verifiedCriteria(tender.evaluationModel, fw ? fw.framework.tests.map((t) => t.code) : null);
    return {
      tender,
      model: tender.evaluationModel,
      pack: await this.packs.version(tender.policyPackVersion),
      evaluation,
      verifiedCriteria: verified,
      framework: fw?.framework ?? null,
      valueCriteria: valueCriteria(tender.evaluationModel),
    };
  }

  /** The latest bids and the public character facts about them; pass them on rather than reading them again. */
  async inputs(ctx: EvaluationContext): Promise<EvaluationInputs> {
    const bids = await this.bids.latest(ctx.tender.id);
    return { bids, facts: await this.publicCharacter.facts(ctx, bids) };
  }

  /** Everything the engine needs, from the consensus marks as they stand (and the inputs, if the caller has read them). */
  async bundle(ctx: EvaluationContext, inputs?: EvaluationInputs): Promise<EvaluationBundle> {
    const em = this.db.manager;
    const tenderId = ctx.tender.id;
    const { bids, facts } = inputs ?? (await this.inputs(ctx));
    const [consensus, independent, reviews] = await Promise.all([
      em.find(ConsensusMark, { where: { tenderId } }),
      countedMarks(em, tenderId),
      em.find(AbnormallyLowReview, { where: { tenderId } }),
    ]);
    const rejected = new Map(reviews.filter((r) => r.outcome === 'rejected').map((r) => [r.bidId, r.reason]));
    const marks: Record<string, Record<string, number>> = {};
    for (const m of consensus) (marks[m.bidId] ??= {})[m.criterionKey] = m.mark;
    const independentMarks: Record<string, Record<string, number[]>> = {};
    for (const m of independent.sort((a, b) => (a.evaluatorId < b.evaluatorId ? -1 : 1)))
      ((independentMarks[m.bidId] ??= {})[m.criterionKey] ??= []).push(m.mark);
    const engine = {
      model: engineModel(ctx.model, ctx.pack),
      bids: bids.map((b) => ({
        bidId: b.id,
        lotKey: b.lotKey,
        price: b.price,
        costProfile: b.costProfile,
        supplierId: b.providerId,
        rejected: rejected.get(b.id) ?? null,
      })),
      marks,
      independentMarks,
      policy: enginePolicy(ctx.pack),
    };
    return {
      format: 'commonweal-evaluation-bundle/1',
      tender: { id: tenderId, reference: ctx.tender.reference, modelHash: ctx.tender.modelHash, policyPackVersion: ctx.tender.policyPackVersion },
      // Verified levels mark the public character criteria they name; gates and restricted categories exclude;
      // committed social value marks the criteria that declare a formula.
      engine: applyCommittedValue(
        applyPublicCharacter(engine, facts),
        ctx.valueCriteria,
        bids.map((b) => ({ bidId: b.id, totalValue: b.socialValue?.totalValue ?? null })),
      ),
      sensitivity: { samples: SENSITIVITY_SAMPLES, percent: SENSITIVITY_PERCENT, seed: ctx.evaluation.seed },
    };
  }

  /** The result: fixed once the evaluation is complete; until then worked out from the marks so far (provisional). */
  async result(ctx: EvaluationContext): Promise<{ status: 'provisional' | 'complete'; result: EngineResult }> {
    if (ctx.evaluation.result) return { status: 'complete', result: ctx.evaluation.result };
    return { status: 'provisional', result: evaluate((await this.bundle(ctx)).engine) };
  }

  async sensitivity(ctx: EvaluationContext) {
    const bundle = await this.bundle(ctx);
    return sensitivity(bundle.engine, bundle.sensitivity);
  }

  /** Provider names for bid ids (bids are the latest version of each provider's bid per lot). */
  async bidders(tenderId: string): Promise<Map<string, { providerId: string; lotKey: string; price: string }>> {
    return new Map((await this.bids.latest(tenderId)).map((b) => [b.id, { providerId: b.providerId, lotKey: b.lotKey, price: b.price }]));
  }
}
