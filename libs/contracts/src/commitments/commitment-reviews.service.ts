import { HttpStatus, Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { type EntityManager, In } from 'typeorm';
import { authorityOf, JobRegistry, Outbox } from '#jobs';
import { emailProviderPeople, Notifications } from '#notifications';
import { APP_CONFIG, type AppConfig, AuditLog, newId, notFound, type Principal, ProblemException, RequestDb, sqlState, validationProblem } from '#platform';
import { londonToday } from '#kernel';
import { requireTender, Tender } from '#tendering';
import { kept, type ReviewInput, reviewProblems, type ReviewSchedule, reviewSchedule } from './commitment-reviews.js';
import { CommitmentReview, ContractCommitment } from './commitment.entity.js';
import { commitmentView } from './commitments.service.js';
import { LEVELS } from '#public-character';

export const COMMITMENT_REVIEWED = 'commitment.reviewed';

/** The reviews of the given commitments, by commitment, oldest year first. */
async function reviewsOf(em: EntityManager, commitments: ContractCommitment[]): Promise<Map<string, CommitmentReview[]>> {
  const rows = commitments.length ? await em.find(CommitmentReview, { where: { commitmentId: In(commitments.map((c) => c.id)) }, order: { year: 'ASC' } }) : [];
  const out = new Map<string, CommitmentReview[]>();
  for (const r of rows) out.set(r.commitmentId, [...(out.get(r.commitmentId) ?? []), r]);
  return out;
}

/** Every public character commitment of the authority in context, with where its yearly reviews stand on `today`. */
export async function commitmentSchedules(em: EntityManager, today: string): Promise<{ commitment: ContractCommitment; schedule: ReviewSchedule }[]> {
  const commitments = await em.find(ContractCommitment, { where: { kind: 'public_character' } });
  const reviews = await reviewsOf(em, commitments);
  return commitments.map((c) => ({ commitment: c, schedule: reviewSchedule(c.reviewDue, c.level, reviews.get(c.id) ?? [], today) }));
}

export type ReviewedCommitment = ReturnType<typeof commitmentView> & {
  schedule: ReviewSchedule;
  reviews: { year: number; level: number; levelName: string; kept: boolean; note: string; reviewedAt: string }[];
};

/**
 * The yearly re-assessment of public character commitments after award (docs/domain.md section 5). The
 * contract manager records each contract year's review: the level found and what it was found on; the
 * provider is e-mailed and reads the reviews of its own commitments. The pure rules (when a review is
 * due, which year comes next, kept or not) are in commitment-reviews.ts.
 */
@Injectable()
export class CommitmentReviews implements OnModuleInit {
  constructor(
    private readonly db: RequestDb,
    private readonly audit: AuditLog,
    private readonly outbox: Outbox,
    private readonly registry: JobRegistry,
    private readonly notifications: Notifications,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit() {
    this.registry.onOutbox(COMMITMENT_REVIEWED, (payload, ctx) => this.notify(ctx.em, authorityOf(ctx), payload.reviewId as string));
  }

  /** For the authority: its tender's public character commitments with their reviews (another authority's tender is not found). */
  async forTender(tenderId: string, today = londonToday()): Promise<ReviewedCommitment[]> {
    await requireTender(this.db.manager, tenderId);
    return this.mine(tenderId, today);
  }

  /** For a provider: its own commitments and their reviews (the database shows it no one else's). */
  async mine(tenderId: string, today = londonToday()): Promise<ReviewedCommitment[]> {
    return this.withReviews(await this.db.manager.find(ContractCommitment, { where: { tenderId, kind: 'public_character' }, order: { code: 'ASC' } }), today);
  }

  /** Every commitment given, as the API shows it: public character ones with their reviews and next due. */
  async views(commitments: ContractCommitment[], today = londonToday()): Promise<(ReviewedCommitment | ReturnType<typeof commitmentView>)[]> {
    const reviewed = new Map((await this.withReviews(commitments, today)).map((c) => [c.id, c]));
    return commitments.map((c) => reviewed.get(c.id) ?? commitmentView(c));
  }

  /** The public character commitments among those given, in their order, each with its reviews and the next one due. */
  async withReviews(commitments: ContractCommitment[], today = londonToday()): Promise<ReviewedCommitment[]> {
    const pc = commitments.filter((c) => c.kind === 'public_character');
    const reviews = await reviewsOf(this.db.manager, pc);
    return pc.map((c) => {
      const own = reviews.get(c.id) ?? [];
      return {
        ...commitmentView(c),
        schedule: reviewSchedule(c.reviewDue, c.level, own, today),
        reviews: own.map((r) => ({
          year: r.year,
          level: r.level,
          levelName: LEVELS[r.level],
          kept: kept(r.level, c.level),
          note: r.note,
          reviewedAt: r.reviewedAt.toISOString(),
        })),
      };
    });
  }

  /** Across the authority's contracts: how many commitment reviews are open or overdue, per tender (for the contract manager's dashboard). */
  async dueByTender(today = londonToday()): Promise<Map<string, { open: number; overdue: number }>> {
    const out = new Map<string, { open: number; overdue: number }>();
    for (const { commitment, schedule } of await commitmentSchedules(this.db.manager, today)) {
      const counts = out.get(commitment.tenderId) ?? { open: 0, overdue: 0 };
      if (schedule.status !== 'not-yet') counts[schedule.status] += 1;
      out.set(commitment.tenderId, counts);
    }
    return out;
  }

  async record(tenderId: string, commitmentId: string, input: ReviewInput, principal: Principal, today = londonToday()): Promise<ReviewedCommitment> {
    const em = this.db.manager;
    const commitment = await em.findOne(ContractCommitment, { where: { id: commitmentId, tenderId, kind: 'public_character' } });
    if (!commitment) throw notFound('Commitment');
    const done = (await reviewsOf(em, [commitment])).get(commitmentId) ?? [];
    const problems = reviewProblems(input, reviewSchedule(commitment.reviewDue, commitment.level, done, today), today);
    if (problems.length) throw validationProblem(problems);
    const row: CommitmentReview = {
      id: newId(),
      tenantId: commitment.tenantId,
      tenderId,
      commitmentId,
      providerId: commitment.providerId,
      year: input.year as number,
      level: input.level as number,
      note: (input.note as string).trim(),
      reviewedBy: principal.userId ?? null,
      reviewedAt: new Date(),
    };
    try {
      await em.insert(CommitmentReview, row);
    } catch (err) {
      if (sqlState(err) === '23505')
        throw new ProblemException(
          HttpStatus.CONFLICT,
          'already-reviewed',
          'This year has been reviewed',
          `Year ${row.year} of this commitment has its review`,
        );
      throw err;
    }
    await this.audit.record({
      action: 'commitment.reviewed',
      entityType: 'contract_commitment',
      entityId: commitmentId,
      data: { test: commitment.code, year: row.year, committed: commitment.level, found: row.level, kept: kept(row.level, commitment.level) },
    });
    await this.outbox.add({ topic: COMMITMENT_REVIEWED, payload: { reviewId: row.id } });
    return (await this.withReviews([commitment], today))[0];
  }

  private async notify(em: EntityManager, tenantId: string, reviewId: string) {
    const review = await em.findOneByOrFail(CommitmentReview, { id: reviewId });
    const commitment = await em.findOneByOrFail(ContractCommitment, { id: review.commitmentId });
    const tender = await em.findOneByOrFail(Tender, { id: review.tenderId });
    await emailProviderPeople(em, this.notifications, {
      tenantId,
      providerId: review.providerId,
      template: 'commitment-reviewed',
      data: (p) => ({
        recipientName: p.display_name,
        tenderReference: tender.reference,
        tenderTitle: tender.title,
        testName: commitment.title,
        year: review.year,
        committed: commitment.level,
        committedName: LEVELS[commitment.level ?? 0],
        found: review.level,
        foundName: LEVELS[review.level],
        kept: kept(review.level, commitment.level),
        note: review.note,
        commitmentsUrl: `${this.config.PUBLIC_BASE_URL}/tenders/${tender.id}/public-character#commitments`,
      }),
    });
  }
}
