import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Authority, ProviderOrganisation } from '#auth';
import { authorityOf, JobRegistry, Outbox } from '#jobs';
import { Notifications } from '#notifications';
import { APP_CONFIG, type AppConfig, notFound, RequestDb } from '#platform';
import { providerPeople } from '../interests/provider-people.js';
import { assessmentSummaries } from './assessment-summary.js';
import { type EvaluationContext, EvaluationContexts } from './evaluation-context.service.js';
import { type EvaluationBundle, providerBundle } from './evaluation-bundle.js';
import { AssessmentSummary, type AssessmentSummaryData, ConsensusMark } from './evaluation.entities.js';
import { Bids } from '../bids/bids.service.js';
import { highestCommitted } from '../social-value/committed-value.js';

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
    private readonly contexts: EvaluationContexts,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit() {
    this.registry.onOutbox(ASSESSMENT_SUMMARY_READY, (payload, ctx) => this.send(ctx.em, authorityOf(ctx), payload.tenderId as string, payload.providerId as string));
  }

  async queue(ctx: EvaluationContext, standstillEndsAt: Date): Promise<void> {
    const em = this.db.manager;
    const bids = await this.bids.latest(ctx.tender.id);
    const consensus = await em.find(ConsensusMark, { where: { tenderId: ctx.tender.id } });
    const providers = [...new Set(bids.map((b) => b.providerId))];
    const names = new Map((await em.getRepository(ProviderOrganisation).createQueryBuilder('p').where('p.id IN (:...ids)', { ids: providers }).getMany()).map((p) => [p.id, p.name]));
    const pc = await this.contexts.publicCharacterFacts(ctx);
    const full = await this.contexts.bundle(ctx);
    const committed = new Map(bids.map((b) => [b.id, b.socialValue?.totalValue ?? null]));
    const highest = highestCommitted(full.engine, committed);
    const lotOf = new Map(bids.map((b) => [b.id, b.lotKey]));
    // Criteria not marked by evaluators give the reason they were marked as they were.
    const verifiedReason = (bidId: string, key: string) => {
      if (ctx.valueCriteria.some((c) => c.key === key)) {
        return `Committed social value of £${committed.get(bidId) ?? '0.00'} (proxy value); the highest committed in the lot was £${highest.get(lotOf.get(bidId)!)?.toFixed(2) ?? '0.00'}`;
      }
      const test = pc.criteria.find((c) => c.key === key)?.test;
      const d = test ? pc.decisions.get(`${bidId} ${test}`) : undefined;
      return d ? `Public character verified at level ${d.verifiedLevel} (${d.outcome})${d.reason ? `: ${d.reason}` : ''}` : '';
    };
    const summaries = assessmentSummaries({
      tender: ctx.tender, model: ctx.model, result: ctx.evaluation.result!, bids, standstillEndsAt, providerNames: names,
      // Criteria marked by public character verification give the verification's outcome and reason.
      reasonOf: (bidId, key) => consensus.find((c) => c.bidId === bidId && c.criterionKey === key)?.rationale ?? verifiedReason(bidId, key),
      authorityName: (await em.findOneByOrFail(Authority, { id: ctx.tender.tenantId })).name,
    });
    for (const { providerId, data } of summaries) {
      const bundle = providerBundle(full, new Set(bids.filter((b) => b.providerId === providerId).map((b) => b.id)));
      await em.insert(AssessmentSummary, { tenantId: ctx.tender.tenantId, tenderId: ctx.tender.id, providerId, data, bundle, createdAt: new Date() });
      await this.outbox.add({ topic: ASSESSMENT_SUMMARY_READY, payload: { tenderId: ctx.tender.id, providerId } }, em);
    }
  }

  /** A provider's own summary (the database shows it no other provider's). */
  async own(tenderId: string, providerId: string): Promise<AssessmentSummaryData> {
    return (await this.ownRow(tenderId, providerId)).data;
  }

  /** A provider's own bundle: its bids named, the others anonymous. */
  async ownBundle(tenderId: string, providerId: string): Promise<EvaluationBundle> {
    return (await this.ownRow(tenderId, providerId)).bundle;
  }

  private async ownRow(tenderId: string, providerId: string): Promise<AssessmentSummary> {
    const row = await this.db.manager.findOne(AssessmentSummary, { where: { tenderId, providerId } });
    if (!row) throw notFound('Assessment summary');
    return row;
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
