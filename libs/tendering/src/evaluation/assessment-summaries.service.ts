import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Authority, ProviderOrganisation } from '#auth';
import { authorityOf, JobRegistry, Outbox } from '#jobs';
import { Notifications } from '#notifications';
import { APP_CONFIG, type AppConfig, notFound, RequestDb } from '#platform';
import { providerPeople } from '../interests/provider-people.js';
import { markedCriteria } from './evaluation-bundle.js';
import type { EvaluationContext } from './evaluation-context.service.js';
import { AssessmentSummary, type AssessmentSummaryData, ConsensusMark } from './evaluation.entities.js';
import { Bids } from '../bids/bids.service.js';

export const ASSESSMENT_SUMMARY_READY = 'assessment-summary.ready';

/**
 * Assessment summaries (Procurement Act 2023 s.50): at the start of standstill each bidder gets its own
 * marks, scores and the reasons for them beside the winner's. The summaries are fixed when the standstill
 * starts (stored, append-only) and e-mailed through the outbox, so they commit with the approval.
 */
@Injectable()
export class AssessmentSummaries implements OnModuleInit {
  constructor(
    private readonly db: RequestDb,
    private readonly outbox: Outbox,
    private readonly registry: JobRegistry,
    private readonly notifications: Notifications,
    private readonly bids: Bids,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit() {
    this.registry.onOutbox(ASSESSMENT_SUMMARY_READY, (payload, ctx) => this.send(ctx.em, authorityOf(ctx), payload.tenderId as string, payload.providerId as string));
  }

  async queue(ctx: EvaluationContext, standstillEndsAt: Date): Promise<void> {
    const em = this.db.manager;
    const result = ctx.evaluation.result!;
    const bids = await this.bids.latest(ctx.tender.id);
    const consensus = await em.find(ConsensusMark, { where: { tenderId: ctx.tender.id } });
    const reasonOf = (bidId: string, key: string) => consensus.find((c) => c.bidId === bidId && c.criterionKey === key)?.rationale ?? '';
    const authority = await em.findOneByOrFail(Authority, { id: ctx.tender.tenantId });
    const criteria = markedCriteria(ctx.model);
    const byId = new Map(result.bids.map((b) => [b.bidId, b]));
    const providers = [...new Set(bids.map((b) => b.providerId))];
    const names = new Map((await em.getRepository(ProviderOrganisation).createQueryBuilder('p').where('p.id IN (:...ids)', { ids: providers }).getMany()).map((p) => [p.id, p.name]));
    for (const providerId of providers) {
      const lots = bids.filter((b) => b.providerId === providerId).map((b) => {
        const mine = byId.get(b.id)!;
        const lot = result.lots.find((l) => l.lotKey === b.lotKey)!;
        const winner = lot.winner ? byId.get(lot.winner)! : null;
        const cell = (r: typeof mine, key: string, bidId: string) => {
          const c = r.criteria.find((x) => x.key === key)!;
          return { mark: c.raw, weighted: c.weighted, contribution: c.contribution, reason: reasonOf(bidId, key) };
        };
        return {
          lotKey: b.lotKey, lotTitle: ctx.model.lots.find((l) => l.key === b.lotKey)?.title ?? b.lotKey,
          won: lot.winner === b.id, rank: mine.rank, ranked: lot.ranking.length,
          excluded: mine.rejected ? `Rejected after clarification: ${mine.rejected}` : mine.excludedBy.length ? `Below the minimum score on ${mine.excludedBy.map((e) => e.criterion).join(', ')}` : null,
          total: mine.total, winnerTotal: winner?.total ?? null, priceScore: mine.priceScore, winnerPriceScore: winner?.priceScore ?? null,
          criteria: criteria.map((c) => ({
            key: c.key, title: c.title, scaleMax: c.scaleMax, yours: cell(mine, c.key, b.id),
            winner: winner && winner.bidId !== b.id ? cell(winner, c.key, winner.bidId) : null,
          })),
        };
      });
      const data: AssessmentSummaryData = {
        tenderId: ctx.tender.id, tenderReference: ctx.tender.reference, tenderTitle: ctx.tender.title, authorityName: authority.name,
        providerName: names.get(providerId) ?? 'Bidder', standstillEndsAt: standstillEndsAt.toISOString(), lots,
      };
      await em.insert(AssessmentSummary, { tenantId: ctx.tender.tenantId, tenderId: ctx.tender.id, providerId, data, createdAt: new Date() });
      await this.outbox.add({ topic: ASSESSMENT_SUMMARY_READY, payload: { tenderId: ctx.tender.id, providerId } }, em);
    }
  }

  /** A provider's own summary (the database shows it no other provider's). */
  async own(tenderId: string, providerId: string): Promise<AssessmentSummaryData> {
    const row = await this.db.manager.findOne(AssessmentSummary, { where: { tenderId, providerId } });
    if (!row) throw notFound('Assessment summary');
    return row.data;
  }

  private async send(em: EntityManager, tenantId: string, tenderId: string, providerId: string) {
    const row = await em.findOneByOrFail(AssessmentSummary, { tenderId, providerId });
    await em.query(`SELECT set_config('app.provider_id', $1, true)`, [providerId]);
    const people = await providerPeople(em, providerId);
    await this.notifications.email(people.map((p) => ({
      to: p.email, tenantId, template: 'assessment-summary',
      data: { recipientName: p.display_name, ...row.data, summaryUrl: `${this.config.PUBLIC_BASE_URL}/tenders/${tenderId}/assessment-summary` },
    })), em);
  }
}
