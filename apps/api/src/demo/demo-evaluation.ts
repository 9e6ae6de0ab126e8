import type { EntityManager } from 'typeorm';
import { Authority, ProviderOrganisation } from '#auth';
import { evaluate } from '#scoring';
import { AuditEvent, auditEventRow, newId } from '#platform';
import {
  AbnormallyLowReview,
  applyPublicCharacter,
  assessmentSummaries,
  AssessmentSummary,
  AwardStep,
  ConsensusMark,
  engineModel,
  enginePolicy,
  Evaluation,
  type EvaluationBundle,
  EvaluatorAssignment,
  IndependentMark,
  providerBundle,
  SENSITIVITY_PERCENT,
  SENSITIVITY_SAMPLES,
} from '#evaluation';
import { BidSubmission } from '#bids';
import { Tender, verifiedCriteria } from '#tendering';
import { ContractCommitment, publicCharacterCommitments, socialValueCommitments } from '#contracts';
import { completePack, DEFAULT_POLICY_PACK, type PolicyPack, PolicyPackVersion } from '#policy';
import { standstillEnd } from '#kernel';
import { DEFAULT_FRAMEWORK } from '#public-character';
import { seedVerifications } from './demo-public-character.js';
import { DEMO_PROVIDERS } from './demo-world.js';

const DAY = 86_400_000;

/** A mark and the reason its evaluator, or moderation, gave for it. */
export type Marked = [mark: number, reason: string];
type ByBid<T> = Record<string, Record<string, T>>;

/**
 * The demo's evaluated and awarded tenders (issue 5), each told by an AwardStory: two evaluators mark
 * quality independently and moderation agrees a consensus, explaining any wide spread; one evaluator marks
 * social value; public character comes from verifying each bid's self-assessment
 * (demo-public-character.ts); an abnormally low price, if any, is explained and accepted; a second person
 * approves, the standstill runs, the contract is awarded, and every bidder has its assessment summary. The
 * result is the engine's, from these marks, like any other.
 *
 * One of them, as data: what moderation agreed for each bid (by the provider's demo e-mail), where each
 * quality evaluator differed before moderation and why, the price explained as abnormally low if one
 * was, the recommendation, and what was done on the contract since. seedEvaluation writes every step
 * from these marks with the same rules the service uses; the winner and the scores are the engine's,
 * not the story's.
 */
export interface AwardStory {
  reference: string;
  /** The evaluation's seed for the sensitivity samples. */
  seed: number;
  consensus: ByBid<Marked>;
  evaluatorOne: ByBid<Marked>;
  evaluatorTwo: ByBid<Marked>;
  /** Moderation's note where the two evaluators were far apart. */
  varianceNotes: ByBid<string>;
  abnormallyLow: { provider: string; reason: string } | null;
  recommendation: string;
  /** Contract and delivery since the award, run in the seed's transaction. */
  contract(em: EntityManager, award: Award): Promise<void>;
}

/** What the award left for the contract to be made from. */
export interface Award {
  tender: Tender;
  bid: BidSubmission;
  /** The winner's public character and social value commitments, written at award. */
  commitments: ContractCommitment[];
  awardedAt: Date;
  /** An authority person's user id by the local part of their demo e-mail. */
  person: (local: string) => string;
  /** The winning provider's bid writer, who reports on the contract. */
  reporter: string;
}

export async function seedEvaluation(em: EntityManager, story: AwardStory, deadline: Date, userIds: Map<string, string>): Promise<void> {
  const tender = await em.findOneByOrFail(Tender, { reference: story.reference });
  const tenantId = tender.tenantId;
  const authority = await em.findOneByOrFail(Authority, { id: tenantId });
  const slug = authority.slug;
  const person = (local: string) => userIds.get(`${local}@${slug}.test`)!;
  const stored = await em.findOneBy(PolicyPackVersion, { tenantId, version: tender.policyPackVersion });
  const pack: PolicyPack = stored ? completePack(stored.pack) : DEFAULT_POLICY_PACK;
  const model = tender.evaluationModel!;
  const providers = await em.find(ProviderOrganisation);
  // In the order the service reads a tender's latest bids (Bids.latestRows), so the result fixed here is the one its bundle recomputes to.
  const bids = (await em.find(BidSubmission, { where: { tenderId: tender.id }, order: { providerId: 'ASC', lotKey: 'ASC', version: 'DESC' } })).map((b) => ({
    ...b,
    email: DEMO_PROVIDERS.find((d) => d.name === providers.find((p) => p.id === b.providerId)!.name)!.email,
  }));

  const at = (days: number) => new Date(deadline.getTime() + days * DAY);
  await em.insert(Evaluation, {
    tenderId: tender.id,
    tenantId,
    seed: story.seed,
    startedBy: person('commissioner'),
    startedAt: at(2),
    completedBy: null,
    completedAt: null,
    result: null,
    resultDigest: null,
  });
  await em.update(Tender, { id: tender.id }, { bidsOpenedAt: at(1) });
  // Each bid's public character self-assessment, verified test by test the day after opening.
  const verified = await seedVerifications(em, tender.id, tenantId, deadline, person('commissioner'), new Map(bids.map((b) => [b.providerId, b.email])), bids);

  // Public character (shared ownership) is marked by the verification of each bid's self-assessment, not by evaluators.
  const groups = { quality: ['delivery', 'safeguarding'], 'social-value': ['local-jobs'] };
  const assignments: { user: string; group: keyof typeof groups; override: ByBid<Marked> }[] = [
    { user: 'evaluator1', group: 'quality', override: story.evaluatorOne },
    { user: 'evaluator2', group: 'quality', override: story.evaluatorTwo },
    { user: 'evaluator1', group: 'social-value', override: {} },
  ];
  const independent: Record<string, Record<string, number[]>> = {};
  for (const a of assignments) {
    // Submitted only after the marks are in: the database closes marking at submission.
    const id = newId();
    await em.insert(EvaluatorAssignment, {
      id,
      tenantId,
      tenderId: tender.id,
      userId: person(a.user),
      criterionGroup: a.group,
      assignedBy: person('commissioner'),
      assignedAt: at(2),
      declaration: 'no_conflict',
      declarationNote: null,
      declaredAt: at(3),
      submittedAt: null,
    });
    for (const b of bids) {
      for (const key of groups[a.group]) {
        const [mark, reason] = a.override[b.email]?.[key] ?? story.consensus[b.email][key];
        ((independent[b.id] ??= {})[key] ??= []).push(mark);
        await em.insert(IndependentMark, {
          tenantId,
          tenderId: tender.id,
          bidId: b.id,
          criterionKey: key,
          criterionGroup: a.group,
          evaluatorId: person(a.user),
          mark,
          reason,
          markedAt: at(8),
        });
      }
    }
    await em.update(EvaluatorAssignment, { id }, { submittedAt: at(9) });
  }
  const marks: Record<string, Record<string, number>> = {};
  for (const b of bids) {
    for (const [key, [mark, rationale]] of Object.entries(story.consensus[b.email])) {
      (marks[b.id] ??= {})[key] = mark;
      await em.insert(ConsensusMark, {
        tenantId,
        tenderId: tender.id,
        bidId: b.id,
        criterionKey: key,
        mark,
        rationale,
        moderatedBy: person('commissioner'),
        moderatedAt: at(12),
        varianceNote: story.varianceNotes[b.email]?.[key] ?? null,
      });
    }
  }
  const low = story.abnormallyLow && bids.find((b) => b.email === story.abnormallyLow!.provider)!;
  if (low)
    await em.insert(AbnormallyLowReview, {
      tenantId,
      tenderId: tender.id,
      bidId: low.id,
      outcome: 'accepted',
      recordedBy: person('commissioner'),
      recordedAt: at(14),
      reason: story.abnormallyLow!.reason,
    });

  const bundle: EvaluationBundle = {
    format: 'commonweal-evaluation-bundle/1',
    tender: { id: tender.id, reference: tender.reference, modelHash: tender.modelHash, policyPackVersion: tender.policyPackVersion },
    // As the service builds it: verified levels mark the public character criterion; the policy pack's gate applies.
    engine: applyPublicCharacter(
      {
        model: engineModel(model, pack),
        policy: enginePolicy(pack),
        marks,
        independentMarks: independent,
        bids: bids.map((b) => ({ bidId: b.id, lotKey: b.lotKey, price: b.price, costProfile: b.costProfile, supplierId: b.providerId, rejected: null })),
      },
      {
        criteria: verifiedCriteria(
          model,
          DEFAULT_FRAMEWORK.tests.map((t) => t.code),
        ),
        gates: pack.publicCharacterGates,
        restriction: null,
        bids: bids.map((b) => ({ bidId: b.id, legalForm: providers.find((p) => p.id === b.providerId)!.legalForm, verified: verified.get(b.id)! })),
        testNames: Object.fromEntries(DEFAULT_FRAMEWORK.tests.map((t) => [t.code, t.name])),
      },
    ),
    sensitivity: { samples: SENSITIVITY_SAMPLES, percent: SENSITIVITY_PERCENT, seed: story.seed },
  };
  const result = evaluate(bundle.engine);
  await em.update(Evaluation, { tenderId: tender.id }, { result, resultDigest: result.digest, completedAt: at(15), completedBy: person('commissioner') });
  const winners = result.lots.map((l) => ({ lotKey: l.lotKey, bidId: l.winner }));
  const approvedAt = at(20);
  const { endsAt } = standstillEnd(approvedAt, pack.standstillWorkingDays);
  const steps: { step: AwardStep['step']; by: string; when: Date; reason: string | null; standstill?: Date }[] = [
    {
      step: 'recommended',
      by: 'commissioner',
      when: at(17),
      reason: story.recommendation,
    },
    { step: 'approved', by: 'admin', when: approvedAt, reason: 'Approved by the commissioning board.', standstill: endsAt },
    { step: 'awarded', by: 'commissioner', when: new Date(endsAt.getTime() + DAY), reason: null },
  ];
  for (const s of steps) {
    await em.insert(AwardStep, {
      id: newId(),
      tenantId,
      tenderId: tender.id,
      step: s.step,
      byUser: person(s.by),
      at: s.when,
      reason: s.reason,
      winners,
      resultDigest: result.digest,
      standstillEndsAt: s.standstill ?? null,
    });
  }
  const summaries = assessmentSummaries({
    tender,
    model,
    result,
    bids,
    standstillEndsAt: endsAt,
    authorityName: authority.name,
    providerNames: new Map(providers.map((p) => [p.id, p.name])),
    // Shared ownership is marked by verification: its reason is the verification's (every demo bid's was accepted as assessed).
    reasonOf: (bidId, key) =>
      story.consensus[bids.find((b) => b.id === bidId)!.email][key]?.[1] ??
      `Public character verified at level ${verified.get(bidId)![key.replace(/-/g, '_')]} (accepted)`,
  });
  for (const { providerId, data } of summaries) {
    const own = providerBundle(bundle, new Set(bids.filter((b) => b.providerId === providerId).map((b) => b.id)));
    await em.insert(AssessmentSummary, { tenantId, tenderId: tender.id, providerId, data, bundle: own, createdAt: approvedAt });
  }
  await em.update(Tender, { id: tender.id }, { status: 'awarded' });
  // At award the winner's public character became contract commitments, each test at its verified level, reviewed yearly.
  const awardedAt = steps[2].when;
  for (const w of winners.filter((x) => x.bidId)) {
    const b = bids.find((x) => x.id === w.bidId)!;
    const awardedOn = awardedAt.toISOString().slice(0, 10);
    const base = { tenantId, tenderId: tender.id, bidId: b.id, providerId: b.providerId, createdAt: awardedAt };
    const rows: ContractCommitment[] = [
      ...publicCharacterCommitments(b.publicCharacter!, verified.get(b.id)!, awardedOn).map((c) => ({
        id: newId(),
        ...base,
        kind: 'public_character' as const,
        ...c,
        detail: {},
      })),
      ...socialValueCommitments(b.socialValue, awardedOn).map((c) => ({ id: newId(), ...base, kind: 'social_value' as const, ...c })),
    ];
    await em.insert(ContractCommitment, rows);
    await story.contract(em, { tender, bid: b, commitments: rows, awardedAt, person, reporter: userIds.get(b.email)! });
  }
  const events: [string, Date, Record<string, unknown>][] = [
    ['evaluation.started', at(2), { seed: story.seed }],
    ...(low ? [['evaluation.abnormally_low_reviewed', at(14), { bidId: low.id, outcome: 'accepted' }] as [string, Date, Record<string, unknown>]] : []),
    ['evaluation.completed', at(15), { digest: result.digest }],
    ['award.recommended', at(17), { winners }],
    ['award.approved', approvedAt, { winners, standstillEndsAt: endsAt.toISOString() }],
    ['award.awarded', steps[2].when, { winners }],
  ];
  for (const [action, when, data] of events) {
    await em.insert(
      AuditEvent,
      auditEventRow({
        tenantId,
        occurredAt: when,
        actorUserId: person(action === 'award.approved' ? 'admin' : 'commissioner'),
        actorApiKeyId: null,
        action,
        entityType: 'tender',
        entityId: tender.id,
        requestId: null,
        data,
      }),
    );
  }
}
