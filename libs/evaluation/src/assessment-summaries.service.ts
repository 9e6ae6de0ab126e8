import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Authority, ProviderOrganisation } from '#auth';
import { authorityOf, JobRegistry, Outbox } from '#jobs';
import { emailProviderPeople, Notifications } from '#notifications';
import { APP_CONFIG, type AppConfig, notFound, RequestDb } from '#platform';
import { assessmentSummaries } from './assessment-summary.js';
import { type EvaluationContext, EvaluationContexts } from './evaluation-context.service.js';
import { type EvaluationBundle, providerBundle } from './evaluation-bundle.js';
import { AssessmentSummary, type AssessmentSummaryData, ConsensusMark } from './evaluation.entities.js';
import { Bids } from '#bids';
import { highestCommitted } from './social-value-marks.js';

export const ASSESSMENT_SUMMARY_READY = 'assessment-summary.ready';

/** One bidder's summary as the authority sees it was sent: when it was fixed, and each e-mail's fate. */
export interface SentSummary {
  providerId: string;
  providerName: string;
  fixedAt: string;
  /** queued: the e-mails are not written yet (the job has not run); sent: they are (see each e-mail). */
  state: 'queued' | 'sent' | 'failed';
  emails: { to: string; status: 'queued' | 'sent' | 'failed'; sentAt: string | null; error: string | null }[];
}

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
    this.registry.onOutbox(ASSESSMENT_SUMMARY_READY, (payload, ctx) =>
      this.send(ctx.em, authorityOf(ctx), payload.tenderId as string, payload.providerId as string),
    );
  }

  async queue(ctx: EvaluationContext, standstillEndsAt: Date): Promise<void> {
    const em = this.db.manager;
    const inputs = await this.contexts.inputs(ctx);
    const { bids, facts: pc } = inputs;
    const consensus = await em.find(ConsensusMark, { where: { tenderId: ctx.tender.id } });
    const providers = [...new Set(bids.map((b) => b.providerId))];
    const names = new Map(
      (await em.getRepository(ProviderOrganisation).createQueryBuilder('p').where('p.id IN (:...ids)', { ids: providers }).getMany()).map((p) => [
        p.id,
        p.name,
      ]),
    );
    const full = await this.contexts.bundle(ctx, inputs);
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
      tender: ctx.tender,
      model: ctx.model,
      result: ctx.evaluation.result!,
      bids,
      standstillEndsAt,
      providerNames: names,
      // Criteria marked by public character verification give the verification's outcome and reason.
      reasonOf: (bidId, key) => consensus.find((c) => c.bidId === bidId && c.criterionKey === key)?.rationale ?? verifiedReason(bidId, key),
      authorityName: (await em.findOneByOrFail(Authority, { id: ctx.tender.tenantId })).name,
    });
    for (const { providerId, data } of summaries) {
      const bundle = providerBundle(full, new Set(bids.filter((b) => b.providerId === providerId).map((b) => b.id)));
      await em.insert(AssessmentSummary, { tenantId: ctx.tender.tenantId, tenderId: ctx.tender.id, providerId, data, bundle, createdAt: new Date() });
      await this.outbox.add({ topic: ASSESSMENT_SUMMARY_READY, payload: { tenderId: ctx.tender.id, providerId } });
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

  /**
   * For the authority: every summary fixed for the tender, with what became of its e-mails (a summary
   * must reach each bidder; a failed e-mail shows here and on the admin's failed jobs, to send again).
   */
  async sent(tenderId: string): Promise<SentSummary[]> {
    const em = this.db.manager;
    const rows = await em.find(AssessmentSummary, { where: { tenderId }, order: { createdAt: 'ASC' } });
    if (!rows.length) return [];
    const ready: { provider_id: string; status: string; last_error: string | null }[] = await em.query(
      `SELECT payload->>'providerId' AS provider_id, status, last_error FROM outbox_messages WHERE topic = $1 AND payload->>'tenderId' = $2`,
      [ASSESSMENT_SUMMARY_READY, tenderId],
    );
    const emails: { provider_id: string; to: string; status: string; sent_at: Date | null; last_error: string | null }[] = await em.query(
      `SELECT o.payload->'data'->>'providerId' AS provider_id, o.payload->>'to' AS to, o.status, d.sent_at, o.last_error
         FROM outbox_messages o LEFT JOIN email_deliveries d ON d.outbox_id = o.id
        WHERE o.topic = 'email.send' AND o.payload->>'template' = 'assessment-summary' AND o.payload->'data'->>'tenderId' = $1
        ORDER BY o.payload->>'to'`,
      [tenderId],
    );
    const fate = (status: string) => (status === 'done' ? 'sent' : status === 'failed' ? 'failed' : 'queued');
    return rows
      .sort((a, b) => a.data.providerName.localeCompare(b.data.providerName))
      .map((r) => {
        const job = ready.find((x) => x.provider_id === r.providerId);
        const mine = emails
          .filter((e) => e.provider_id === r.providerId)
          .map((e) => ({ to: e.to, status: fate(e.status), sentAt: e.sent_at?.toISOString() ?? null, error: e.last_error }));
        const state = job?.status === 'failed' || mine.some((e) => e.status === 'failed') ? 'failed' : job && job.status !== 'done' ? 'queued' : 'sent';
        return { providerId: r.providerId, providerName: r.data.providerName, fixedAt: r.createdAt.toISOString(), state, emails: mine } as SentSummary;
      });
  }

  /** For the authority: one bidder's summary exactly as it was sent. */
  async forAuthority(tenderId: string, providerId: string): Promise<AssessmentSummaryData> {
    return (await this.ownRow(tenderId, providerId)).data;
  }

  private async ownRow(tenderId: string, providerId: string): Promise<AssessmentSummary> {
    const row = await this.db.manager.findOne(AssessmentSummary, { where: { tenderId, providerId } });
    if (!row) throw notFound('Assessment summary');
    return row;
  }

  private async send(em: EntityManager, tenantId: string, tenderId: string, providerId: string) {
    const row = await em.findOneByOrFail(AssessmentSummary, { tenderId, providerId });
    await emailProviderPeople(em, this.notifications, {
      tenantId,
      providerId,
      template: 'assessment-summary',
      // The provider's id travels with the e-mail so the authority can see which bidder's summary each one carried.
      data: (p) => ({
        recipientName: p.display_name,
        ...row.data,
        providerId,
        summaryUrl: `${this.config.PUBLIC_BASE_URL}/tenders/${tenderId}/assessment-summary`,
      }),
    });
  }
}
