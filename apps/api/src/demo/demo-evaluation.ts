import type { EntityManager } from 'typeorm';
import { Authority, ProviderOrganisation } from '#auth';
import { evaluate } from '#scoring';
import { AuditEvent, newId } from '#platform';
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
import {
  CommitmentReview,
  Contract,
  ContractCommitment,
  contractRow,
  publicCharacterCommitments,
  socialValueCommitments,
  termEnd,
  termsAtAward,
} from '#contracts';
import { completePack, DEFAULT_POLICY_PACK, type PolicyPack, PolicyPackVersion } from '#policy';
import { Decimal } from 'decimal.js';
import { addYears, standstillEnd } from '#kernel';
import { DEFAULT_FRAMEWORK } from '#public-character';
import { seedVerifications } from './demo-public-character.js';
import { seedDelivery } from './demo-social-value.js';
import { seedOutcomes } from './demo-outcomes.js';
import { DEMO_PROVIDERS } from './demo-world.js';

const DAY = 86_400_000;

/**
 * The demo's evaluated and awarded tender (issue 5): Northmere's re-offending partnership. Two
 * evaluators marked quality independently and differed widely on one answer, which moderation
 * explains; one evaluator marked social value; public character came from verifying each bid's
 * self-assessment (demo-public-character.ts); Castleton's price was
 * abnormally low, explained and accepted; Brightpath won on quality, social value and public
 * character; a second person approved, the standstill ran, the contract was awarded, and every bidder
 * has its assessment summary. The result is the engine's, from these marks, like any other.
 */
const CONSENSUS: Record<string, Record<string, [number, string]>> = {
  'bids@brightpath.test': {
    delivery: [4, 'A clear referral pathway with the probation service and peer mentors who have lived experience.'],
    safeguarding: [4, 'Sound procedures; named leads; no gaps found.'],
    'local-jobs': [5, 'Commits to recruiting mentors from the cohort and paying the real Living Wage.'],
  },
  'bids@meadow.test': {
    delivery: [4, 'Strong housing link; less on employment.'],
    safeguarding: [4, 'Sound procedures.'],
    'local-jobs': [4, 'Local recruitment, without a target.'],
  },
  'bids@harbour.test': {
    delivery: [3, 'Relies on existing hostels; little on the first weeks after release.'],
    safeguarding: [4, 'Sound procedures.'],
    'local-jobs': [3, 'Some local hiring.'],
  },
  'bids@castleton.test': {
    delivery: [3, 'A standard national model, not adapted to the area.'],
    safeguarding: [3, 'Meets the minimum.'],
    'local-jobs': [2, 'Central recruitment.'],
  },
};
/** Evaluator Two's quality marks, where they differ from the consensus: Harbour's delivery is the wide spread. */
const SECOND_EVALUATOR: Record<string, Record<string, number>> = {
  'bids@harbour.test': { delivery: 2 },
  'bids@meadow.test': { safeguarding: 3 },
};
const FIRST_EVALUATOR: Record<string, Record<string, number>> = {
  'bids@harbour.test': { delivery: 5 },
};

export async function seedEvaluation(em: EntityManager, reference: string, deadline: Date, userIds: Map<string, string>): Promise<void> {
  const tender = await em.findOneByOrFail(Tender, { reference });
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
    seed: 20231,
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
  const assignments: { user: string; group: keyof typeof groups; override: Record<string, Record<string, number>> }[] = [
    { user: 'evaluator1', group: 'quality', override: FIRST_EVALUATOR },
    { user: 'evaluator2', group: 'quality', override: SECOND_EVALUATOR },
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
        const mark = a.override[b.email]?.[key] ?? CONSENSUS[b.email][key][0];
        ((independent[b.id] ??= {})[key] ??= []).push(mark);
        await em.insert(IndependentMark, {
          tenantId,
          tenderId: tender.id,
          bidId: b.id,
          criterionKey: key,
          criterionGroup: a.group,
          evaluatorId: person(a.user),
          mark,
          reason:
            mark === CONSENSUS[b.email][key][0]
              ? CONSENSUS[b.email][key][1]
              : key === 'delivery' && mark > 3
                ? 'Hostel places ready from day one: a strength.'
                : 'Thin on detail.',
          markedAt: at(8),
        });
      }
    }
    await em.update(EvaluatorAssignment, { id }, { submittedAt: at(9) });
  }
  const marks: Record<string, Record<string, number>> = {};
  for (const b of bids) {
    for (const [key, [mark, rationale]] of Object.entries(CONSENSUS[b.email])) {
      (marks[b.id] ??= {})[key] = mark;
      const wide = b.email === 'bids@harbour.test' && key === 'delivery';
      await em.insert(ConsensusMark, {
        tenantId,
        tenderId: tender.id,
        bidId: b.id,
        criterionKey: key,
        mark,
        rationale,
        moderatedBy: person('commissioner'),
        moderatedAt: at(12),
        varianceNote: wide
          ? 'Evaluator One read the hostel places as ready; Evaluator Two found no plan for the first weeks. The bid confirms places only from month three: 3.'
          : null,
      });
    }
  }
  const castleton = bids.find((b) => b.email === 'bids@castleton.test')!;
  await em.insert(AbnormallyLowReview, {
    tenantId,
    tenderId: tender.id,
    bidId: castleton.id,
    outcome: 'accepted',
    recordedBy: person('commissioner'),
    recordedAt: at(14),
    reason:
      'Castleton explained its price: shared regional overheads and an existing case-management system. Staff costs were checked against the National Living Wage and found sound.',
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
    sensitivity: { samples: SENSITIVITY_SAMPLES, percent: SENSITIVITY_PERCENT, seed: 20231 },
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
      reason: 'Brightpath scored highest: the strongest delivery and public character; price within budget.',
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
      CONSENSUS[bids.find((b) => b.id === bidId)!.email][key]?.[1] ??
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
    // The contract itself, made at award from the winning bid: an outcome-based contract, signed ten days later.
    // A fixed fee (three quarters of the value) plus outcome payments; an option to extend for two years.
    // Five years, three of them run: the bid priced three, and the term was set longer before signature.
    const awardTerms = termsAtAward(b, awardedOn);
    const terms = { ...awardTerms, endsOn: termEnd(awardTerms.startsOn, 5) };
    const fixed = new Decimal(terms.awardedValue).times(0.75).toDecimalPlaces(2).toFixed(2);
    const contract = contractRow(
      tender,
      b,
      {
        ...terms,
        tag: 'whole-system',
        paymentMechanism: 'fixed_fee_plus_outcomes',
        minimumFixedFee: fixed,
        extensionOptions: [
          { months: 24, value: new Decimal(terms.awardedValue).times(0.6).toDecimalPlaces(2).toFixed(2), decideBy: addYears(terms.endsOn, -1) },
        ],
      },
      awardedAt,
      false,
    );
    const signed = { ...contract, status: 'active' as const, activatedBy: person('contracts'), activatedAt: new Date(awardedAt.getTime() + 10 * DAY) };
    await em.insert(Contract, signed);
    // Three years of outcomes, reviews and payments since.
    await seedOutcomes(em, signed as Contract, { contractManager: person('contracts'), commissioner: person('commissioner') }, userIds.get(b.email)!);
    // Two contract years of social value delivery since: reported, reviewed by the contract manager, one year queried.
    await seedDelivery(em, rows, awardedAt, person('contracts'), userIds.get(b.email)!);
    // The first yearly review of each public character commitment, a year after award: all kept but one.
    // The second is now overdue, for the contract manager's dashboard to show.
    const reviewedAt = new Date(awardedAt.getTime() + 372 * DAY);
    await em.insert(
      CommitmentReview,
      rows
        .filter((c) => c.kind === 'public_character')
        .map((c) => {
          const slipped = c.code === 'employees' && (c.level ?? 0) > 0;
          return {
            id: newId(),
            tenantId,
            tenderId: tender.id,
            commitmentId: c.id,
            providerId: c.providerId,
            year: 1,
            level: slipped ? c.level! - 1 : c.level!,
            note: slipped
              ? 'The staff survey was not repeated this year and the living wage accreditation lapsed for two months before renewal.'
              : 'Checked against this year’s board minutes and the evidence the provider named at award: still met.',
            reviewedBy: person('contracts'),
            reviewedAt,
          };
        }),
    );
  }
  const events: [string, Date, Record<string, unknown>][] = [
    ['evaluation.started', at(2), { seed: 20231 }],
    ['evaluation.abnormally_low_reviewed', at(14), { bidId: castleton.id, outcome: 'accepted' }],
    ['evaluation.completed', at(15), { digest: result.digest }],
    ['award.recommended', at(17), { winners }],
    ['award.approved', approvedAt, { winners, standstillEndsAt: endsAt.toISOString() }],
    ['award.awarded', steps[2].when, { winners }],
  ];
  for (const [action, when, data] of events) {
    await em.insert(AuditEvent, {
      id: newId(),
      tenantId,
      occurredAt: when,
      actorUserId: person(action === 'award.approved' ? 'admin' : 'commissioner'),
      actorApiKeyId: null,
      action,
      entityType: 'tender',
      entityId: tender.id,
      requestId: null,
      data,
    });
  }
}
