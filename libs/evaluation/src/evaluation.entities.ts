import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { EngineResult } from '#scoring';
import type { EvaluationBundle } from './evaluation-bundle.js';

/** One tender's evaluation: started once the bids are open; the result is fixed when it is completed. */
@Entity('evaluations')
export class Evaluation {
  @PrimaryColumn('uuid', { name: 'tender_id' }) tenderId: string;
  @Column('uuid', { name: 'tenant_id' }) tenantId: string;
  /** The sensitivity analysis's seed, so its figures never change. */
  @Column('int') seed: number;
  @Column('uuid', { name: 'started_by', nullable: true }) startedBy: string | null;
  @Column('timestamptz', { name: 'started_at' }) startedAt: Date;
  @Column('uuid', { name: 'completed_by', nullable: true }) completedBy: string | null;
  @Column('timestamptz', { name: 'completed_at', nullable: true }) completedAt: Date | null;
  @Column('jsonb', { nullable: true }) result: EngineResult | null;
  @Column('text', { name: 'result_digest', nullable: true }) resultDigest: string | null;
}

export const DECLARATIONS = ['no_conflict', 'conflict'] as const;

/** An evaluator assigned to one top-level criterion (a criterion group) of a tender. */
@Entity('evaluator_assignments')
export class EvaluatorAssignment {
  @PrimaryColumn('uuid') id: string;
  @Column('uuid', { name: 'tenant_id' }) tenantId: string;
  @Column('uuid', { name: 'tender_id' }) tenderId: string;
  @Column('uuid', { name: 'user_id' }) userId: string;
  @Column('text', { name: 'criterion_group' }) criterionGroup: string;
  @Column('uuid', { name: 'assigned_by', nullable: true }) assignedBy: string | null;
  @Column('timestamptz', { name: 'assigned_at' }) assignedAt: Date;
  /** Null until declared; no bid content is shown before "no_conflict". A conflict removes the evaluator. */
  @Column('text', { nullable: true }) declaration: (typeof DECLARATIONS)[number] | null;
  @Column('text', { name: 'declaration_note', nullable: true }) declarationNote: string | null;
  @Column('timestamptz', { name: 'declared_at', nullable: true }) declaredAt: Date | null;
  @Column('timestamptz', { name: 'submitted_at', nullable: true }) submittedAt: Date | null;
  /** Stood down by the commissioner, with the reason: the row stays for the record, its marks no longer count. */
  @Column('timestamptz', { name: 'withdrawn_at', nullable: true }) withdrawnAt: Date | null;
  @Column('uuid', { name: 'withdrawn_by', nullable: true }) withdrawnBy: string | null;
  @Column('text', { name: 'withdrawal_reason', nullable: true }) withdrawalReason: string | null;
}

/** One evaluator's own mark and reason for one bid and criterion, before moderation. */
@Entity('independent_marks')
export class IndependentMark {
  @Column('uuid', { name: 'tenant_id' }) tenantId: string;
  @PrimaryColumn('uuid', { name: 'tender_id' }) tenderId: string;
  @PrimaryColumn('uuid', { name: 'bid_id' }) bidId: string;
  @PrimaryColumn('text', { name: 'criterion_key' }) criterionKey: string;
  @Column('text', { name: 'criterion_group' }) criterionGroup: string;
  @PrimaryColumn('uuid', { name: 'evaluator_id' }) evaluatorId: string;
  @Column('int') mark: number;
  @Column('text') reason: string;
  @Column('timestamptz', { name: 'marked_at' }) markedAt: Date;
}

/** The moderated mark the engine scores, with the rationale (and, where evaluators differed widely, why). */
@Entity('consensus_marks')
export class ConsensusMark {
  @Column('uuid', { name: 'tenant_id' }) tenantId: string;
  @PrimaryColumn('uuid', { name: 'tender_id' }) tenderId: string;
  @PrimaryColumn('uuid', { name: 'bid_id' }) bidId: string;
  @PrimaryColumn('text', { name: 'criterion_key' }) criterionKey: string;
  @Column('int') mark: number;
  @Column('text') rationale: string;
  @Column('text', { name: 'variance_note', nullable: true }) varianceNote: string | null;
  @Column('uuid', { name: 'moderated_by', nullable: true }) moderatedBy: string | null;
  @Column('timestamptz', { name: 'moderated_at' }) moderatedAt: Date;
}

export const CLARIFICATION_OUTCOMES = ['accepted', 'rejected'] as const;

/** What the authority concluded about an abnormally low bid after asking the bidder to explain it. */
@Entity('abnormally_low_reviews')
export class AbnormallyLowReview {
  @Column('uuid', { name: 'tenant_id' }) tenantId: string;
  @PrimaryColumn('uuid', { name: 'tender_id' }) tenderId: string;
  @PrimaryColumn('uuid', { name: 'bid_id' }) bidId: string;
  @Column('text') outcome: (typeof CLARIFICATION_OUTCOMES)[number];
  @Column('text') reason: string;
  @Column('uuid', { name: 'recorded_by', nullable: true }) recordedBy: string | null;
  @Column('timestamptz', { name: 'recorded_at' }) recordedAt: Date;
}

export const AWARD_STEPS = ['recommended', 'approved', 'awarded', 'no_award'] as const;
export type AwardStepName = (typeof AWARD_STEPS)[number];

/** One step of the award: recommended → approved (standstill starts) → awarded; or no award. Append-only. */
@Entity('award_steps')
export class AwardStep {
  @PrimaryColumn('uuid') id: string;
  @Column('uuid', { name: 'tenant_id' }) tenantId: string;
  @Column('uuid', { name: 'tender_id' }) tenderId: string;
  @Column('text') step: AwardStepName;
  @Column('uuid', { name: 'by_user', nullable: true }) byUser: string | null;
  @Column('timestamptz') at: Date;
  @Column('text', { nullable: true }) reason: string | null;
  /** Per lot, the winning bid (as the result had it when the step was taken). */
  @Column('jsonb') winners: { lotKey: string; bidId: string | null }[];
  @Column('text', { name: 'result_digest', nullable: true }) resultDigest: string | null;
  @Column('timestamptz', { name: 'standstill_ends_at', nullable: true }) standstillEndsAt: Date | null;
}

export interface SummaryCriterion {
  key: string;
  title: string;
  scaleMax: number;
  yours: SummaryMark;
  winner: SummaryMark | null;
}
export interface SummaryMark {
  mark: number | null;
  weighted: string;
  contribution: string;
  reason: string;
}
export interface AssessmentSummaryData {
  tenderId: string;
  tenderReference: string;
  tenderTitle: string;
  authorityName: string;
  providerName: string;
  standstillEndsAt: string;
  lots: {
    lotKey: string;
    lotTitle: string;
    won: boolean;
    rank: number | null;
    ranked: number;
    excluded: string | null;
    /** Null where the bid was excluded or rejected: never compared with the others on price. */
    total: string | null;
    winnerTotal: string | null;
    priceScore: string | null;
    winnerPriceScore: string | null;
    criteria: SummaryCriterion[];
  }[];
}

/** A bidder's assessment summary: its own marks, scores and reasons beside the winner's, as sent at the start of standstill. */
@Entity('assessment_summaries')
export class AssessmentSummary {
  @Column('uuid', { name: 'tenant_id' }) tenantId: string;
  @PrimaryColumn('uuid', { name: 'tender_id' }) tenderId: string;
  @PrimaryColumn('uuid', { name: 'provider_id' }) providerId: string;
  @Column('jsonb') data: AssessmentSummaryData;
  /** The evaluation bundle for this bidder: its own bids by their ids, every other bid anonymous (see providerBundle). */
  @Column('jsonb') bundle: EvaluationBundle;
  @Column('timestamptz', { name: 'created_at' }) createdAt: Date;
}
export const EVALUATION_ENTITIES = [Evaluation, EvaluatorAssignment, IndependentMark, ConsensusMark, AbnormallyLowReview, AwardStep, AssessmentSummary];
