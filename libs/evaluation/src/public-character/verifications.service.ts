import { HttpStatus, Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { ProviderOrganisation } from '#auth';
import { authorityOf, JobRegistry, Outbox, type ProviderEvent, ProviderEvents } from '#jobs';
import { authorityPeople, emailProviderPeople, Notifications } from '#notifications';
import { APP_CONFIG, type AppConfig, AuditLog, newId, notFound, type Principal, ProblemException, RequestDb, sqlState, validationProblem } from '#platform';
import { Bids, BidSubmission } from '#bids';
import { isDecided, requireTender, Tender, tenderOr404 } from '#tendering';
import {
  decisionProblems,
  EvidenceLibrary,
  LEVELS,
  type PublicCharacterSnapshot,
  type SnapshotEvidence,
  Verification,
  type VerificationDto,
  VerificationResponse,
  type VerificationResponseDto,
  verifiedLevel,
} from '#public-character';

export const PUBLIC_CHARACTER_DECIDED = 'public-character.decided';

/** One test of one bid: what the provider said, and every decision and answer since, oldest first. */
export interface TestVerification {
  code: string;
  name: string;
  selfLevel: number | null;
  /** The newest decision's verified level; null until decided, or while more evidence is awaited. */
  verifiedLevel: number | null;
  status: 'to-verify' | 'accepted' | 'adjusted' | 'rejected' | 'more_requested' | 'answered';
  history: {
    id: string;
    outcome: Verification['outcome'];
    level: number | null;
    reason: string;
    respondBy: string | null;
    decidedAt: string;
    response: { narrative: string; evidence: SnapshotEvidence[]; respondedAt: string } | null;
  }[];
}
export interface BidVerification {
  bidId: string;
  providerId: string;
  providerName: string;
  lotKey: string;
  version: number;
  snapshot: PublicCharacterSnapshot;
  tests: TestVerification[];
}

/**
 * Verification of public character self-assessments (docs/domain.md section 5). The commissioner decides per bid
 * and test; every decision is audited and the provider is e-mailed through the outbox (so the message
 * commits with the decision). A request for more evidence may be answered once, before its date: the
 * database enforces both. The provider reads the outcomes and reasons for its own bids; its answer is
 * e-mailed to the commissioner who asked (through a provider event, as the provider cannot read staff).
 */
@Injectable()
export class Verifications implements OnModuleInit {
  constructor(
    private readonly db: RequestDb,
    private readonly audit: AuditLog,
    private readonly outbox: Outbox,
    private readonly registry: JobRegistry,
    private readonly notifications: Notifications,
    private readonly library: EvidenceLibrary,
    private readonly bids: Bids,
    private readonly events: ProviderEvents,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit() {
    this.registry.onOutbox(PUBLIC_CHARACTER_DECIDED, (payload, ctx) => this.notify(ctx.em, authorityOf(ctx), payload.verificationId as string));
    this.events.on('public-character.answered', (event, ctx) => this.notifyAnswered(ctx.em, ctx.tenantId, event));
  }

  /** Every latest bid with a public character snapshot, for the authority (none until the bids are opened). */
  async forTender(tenderId: string): Promise<BidVerification[]> {
    const em = this.db.manager;
    await requireTender(em, tenderId);
    return this.assemble(em, await this.latestBids(tenderId));
  }

  async forBid(tenderId: string, bidId: string): Promise<BidVerification> {
    const bid = (await this.latestBids(tenderId)).find((b) => b.id === bidId);
    if (!bid) throw notFound('Bid');
    return (await this.assemble(this.db.manager, [bid]))[0];
  }

  async decide(tenderId: string, bidId: string, testCode: string, dto: VerificationDto, principal: Principal): Promise<BidVerification> {
    const em = this.db.manager;
    const tender = await tenderOr404(em, tenderId);
    if (isDecided(tender.status)) {
      throw new ProblemException(
        HttpStatus.CONFLICT,
        'tender-closed',
        'This tender is decided',
        `It is ${tender.status.replace('_', ' ')}: its verifications are final`,
      );
    }
    const bid = (await this.latestBids(tenderId)).find((b) => b.id === bidId);
    if (!bid) throw notFound('Bid');
    const test = bid.publicCharacter!.tests.find((t) => t.code === testCode);
    if (!test) throw notFound('Test');
    const now = new Date();
    const problems = decisionProblems(dto, test.level, now);
    if (problems.length) throw validationProblem(problems);
    const row: Verification = {
      id: newId(),
      tenantId: tender.tenantId,
      tenderId,
      bidId,
      providerId: bid.providerId,
      testCode,
      outcome: dto.outcome,
      verifiedLevel: verifiedLevel(dto, test.level),
      reason: dto.reason?.trim() ?? '',
      respondBy: dto.respondBy ? new Date(dto.respondBy) : null,
      decidedBy: principal.userId ?? null,
      decidedAt: now,
    };
    await em.insert(Verification, row);
    await this.audit.record({
      action: 'public_character.verified',
      entityType: 'bid',
      entityId: bidId,
      data: { test: testCode, outcome: row.outcome, selfLevel: test.level, verifiedLevel: row.verifiedLevel, respondBy: row.respondBy?.toISOString() ?? null },
    });
    await this.outbox.add({ topic: PUBLIC_CHARACTER_DECIDED, payload: { verificationId: row.id } });
    return (await this.assemble(em, [bid]))[0];
  }

  /** The provider's own bids for a tender, with the outcome of each test and the reasons. */
  async mine(tenderId: string): Promise<BidVerification[]> {
    return this.assemble(this.db.manager, await this.latestBids(tenderId));
  }

  /** The provider answers a request for more evidence with a narrative and items from its library (copied as they are now). */
  async respond(tenderId: string, verificationId: string, dto: VerificationResponseDto, principal: Principal): Promise<BidVerification[]> {
    const em = this.db.manager;
    const request = await em.findOne(Verification, { where: { id: verificationId, tenderId } });
    if (!request) throw notFound('Request for evidence');
    const evidence = await this.library.copies(dto.evidenceIds);
    const row: VerificationResponse = {
      id: newId(),
      verificationId,
      tenantId: request.tenantId,
      providerId: principal.providerId!,
      narrative: dto.narrative.trim(),
      evidence,
      respondedBy: principal.userId ?? null,
      respondedAt: new Date(),
    };
    try {
      await em.insert(VerificationResponse, row);
    } catch (err) {
      const state = sqlState(err);
      if (state === '23505')
        throw new ProblemException(HttpStatus.CONFLICT, 'already-answered', 'This request has been answered', 'A request for more evidence takes one answer');
      if (state === 'P0C01')
        throw new ProblemException(
          HttpStatus.CONFLICT,
          'request-decided',
          'This request has been decided',
          'The commissioner has decided this test since asking',
        );
      if (state === 'P0C02') {
        throw new ProblemException(
          HttpStatus.CONFLICT,
          'response-closed',
          'Answers to this request have closed',
          `They were due by ${request.respondBy!.toISOString()}`,
          { respondBy: request.respondBy!.toISOString() },
        );
      }
      throw err;
    }
    await this.events.raise(em, request.tenantId, { kind: 'public-character.answered', id: row.id, providerId: row.providerId });
    return this.mine(tenderId);
  }

  /** The latest version of each bid that carries a snapshot; the database shows the authority none until opened, a provider only its own. */
  private async latestBids(tenderId: string): Promise<BidSubmission[]> {
    return (await this.bids.latestRows(tenderId)).filter((b) => b.publicCharacter);
  }

  private async assemble(em: EntityManager, bids: BidSubmission[]): Promise<BidVerification[]> {
    if (!bids.length) return [];
    const ids = bids.map((b) => b.id);
    const decisions = await em
      .getRepository(Verification)
      .createQueryBuilder('v')
      .where('v.bid_id IN (:...ids)', { ids })
      .orderBy('v.decided_at', 'ASC')
      .addOrderBy('v.id', 'ASC')
      .getMany();
    const responses = decisions.length
      ? await em
          .getRepository(VerificationResponse)
          .createQueryBuilder('r')
          .where('r.verification_id IN (:...ids)', { ids: decisions.map((d) => d.id) })
          .getMany()
      : [];
    const answerOf = new Map(responses.map((r) => [r.verificationId, r]));
    const names = new Map(
      (
        await em
          .getRepository(ProviderOrganisation)
          .createQueryBuilder('p')
          .where('p.id IN (:...ids)', { ids: [...new Set(bids.map((b) => b.providerId))] })
          .getMany()
      ).map((p) => [p.id, p.name]),
    );
    return bids.map((b) => ({
      bidId: b.id,
      providerId: b.providerId,
      providerName: names.get(b.providerId) ?? '',
      lotKey: b.lotKey,
      version: b.version,
      snapshot: b.publicCharacter!,
      tests: b.publicCharacter!.tests.map((t): TestVerification => {
        const history = decisions
          .filter((d) => d.bidId === b.id && d.testCode === t.code)
          .map((d) => {
            const r = answerOf.get(d.id);
            return {
              id: d.id,
              outcome: d.outcome,
              level: d.verifiedLevel,
              reason: d.reason,
              respondBy: d.respondBy?.toISOString() ?? null,
              decidedAt: d.decidedAt.toISOString(),
              response: r ? { narrative: r.narrative, evidence: r.evidence, respondedAt: r.respondedAt.toISOString() } : null,
            };
          });
        const last = history.at(-1);
        const status: TestVerification['status'] = !last ? 'to-verify' : last.outcome === 'more_requested' && last.response ? 'answered' : last.outcome;
        return { code: t.code, name: t.name, selfLevel: t.level, verifiedLevel: last?.level ?? null, status, history };
      }),
    }));
  }

  private async notify(em: EntityManager, tenantId: string, verificationId: string) {
    const v = await em.findOneByOrFail(Verification, { id: verificationId });
    const tender = await em.findOneByOrFail(Tender, { id: v.tenderId });
    const bid = await em.findOneByOrFail(BidSubmission, { id: v.bidId });
    const test = bid.publicCharacter?.tests.find((t) => t.code === v.testCode);
    await emailProviderPeople(em, this.notifications, {
      tenantId,
      providerId: v.providerId,
      template: 'public-character-verification',
      data: (p) => ({
        recipientName: p.display_name,
        tenderReference: tender.reference,
        tenderTitle: tender.title,
        testName: test?.name ?? v.testCode,
        outcome: v.outcome,
        selfLevel: test?.level ?? 0,
        selfLevelName: LEVELS[test?.level ?? 0],
        verifiedLevel: v.verifiedLevel,
        verifiedLevelName: v.verifiedLevel === null ? null : LEVELS[v.verifiedLevel],
        reason: v.reason,
        respondBy: v.respondBy?.toISOString() ?? null,
        moreRequested: v.outcome === 'more_requested',
        outcomesUrl: `${this.config.PUBLIC_BASE_URL}/tenders/${v.tenderId}/public-character`,
      }),
    });
  }

  /** In the authority's context: tells the commissioner who asked (or, if they no longer can, every commissioner) that the provider answered. */
  private async notifyAnswered(em: EntityManager, tenantId: string, event: ProviderEvent) {
    // The authority reads responses to its own requests only; the provider named must be the one who answered.
    const response = await em.findOneBy(VerificationResponse, { id: event.id, providerId: event.providerId });
    if (!response) return;
    const request = await em.findOneByOrFail(Verification, { id: response.verificationId });
    const tender = await em.findOneByOrFail(Tender, { id: request.tenderId });
    const bid = await em.findOneByOrFail(BidSubmission, { id: request.bidId });
    const provider = await em.findOneByOrFail(ProviderOrganisation, { id: response.providerId });
    const asker = request.decidedBy ? await authorityPeople(em, ['commissioner'], request.decidedBy) : [];
    const people = asker.length ? asker : await authorityPeople(em, ['commissioner']);
    const testName = bid.publicCharacter?.tests.find((t) => t.code === request.testCode)?.name ?? request.testCode;
    await this.notifications.email(
      people.map((p) => ({
        to: p.email,
        tenantId,
        template: 'public-character-answered',
        data: {
          recipientName: p.display_name,
          providerName: provider.name,
          tenderReference: tender.reference,
          tenderTitle: tender.title,
          testName,
          asked: request.reason,
          respondedAt: response.respondedAt.toISOString(),
          evidenceCount: response.evidence.length,
          reviewUrl: `${this.config.PUBLIC_BASE_URL}/authority/tenders/${tender.id}/public-character/${bid.id}`,
        },
      })),
    );
  }
}
