import { HttpStatus, Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { authorityOf, JobRegistry, Outbox } from '#jobs';
import { emailProviderPeople, Notifications } from '#notifications';
import { APP_CONFIG, type AppConfig, AuditLog, newId, notFound, type Principal, ProblemException, RequestDb } from '#platform';
import { londonDateTime } from '#kernel';
import { PublishedTenders } from '../public/published-tenders.service.js';
import { Tender } from '../tenders/tender.entity.js';
import { Clarification } from './clarification.entity.js';
import { requireTender } from '../tenders/tender-lookup.query.js';

export const CLARIFICATION_PUBLISHED = 'clarification.published';

/** What every bidder may read: never who asked. */
export const publicView = (c: Clarification) => ({
  id: c.id,
  question: c.publishedQuestion,
  answer: c.answer,
  answeredAt: c.answeredAt?.toISOString() ?? null,
});

/**
 * Questions from providers, answers from the commissioner. An answer is
 * published to every bidder without the asker's identity, and each provider
 * following the tender is told by e-mail (through the outbox, so the answer
 * and the e-mails commit together).
 */
@Injectable()
export class Clarifications implements OnModuleInit {
  constructor(
    private readonly db: RequestDb,
    private readonly audit: AuditLog,
    private readonly outbox: Outbox,
    private readonly registry: JobRegistry,
    private readonly notifications: Notifications,
    private readonly tenders: PublishedTenders,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit() {
    this.registry.onOutbox(CLARIFICATION_PUBLISHED, (payload, ctx) => this.tellFollowers(ctx.em, authorityOf(ctx), payload.clarificationId as string));
  }

  /** A provider asks, on a tender open for bids, before questions close. Runs with published-records context. */
  async ask(tenderId: string, question: string, principal: Principal): Promise<Clarification> {
    const em = this.db.manager;
    const tender = await this.tenders.openForBids(tenderId);
    const closes = tender.clarificationDeadline ?? tender.submissionDeadline;
    if (closes && closes <= new Date()) {
      throw new ProblemException(
        HttpStatus.CONFLICT,
        'clarification-deadline-passed',
        'Questions have closed',
        `Questions on this tender closed on ${londonDateTime(closes)}`,
        { clarificationDeadline: closes.toISOString() },
      );
    }
    const row: Clarification = {
      id: newId(),
      tenantId: tender.tenantId,
      tenderId,
      providerId: principal.providerId!,
      askedBy: principal.userId ?? null,
      question,
      askedAt: new Date(),
      publishedQuestion: null,
      answer: null,
      answeredBy: null,
      answeredAt: null,
    };
    await em.insert(Clarification, row);
    return row;
  }

  /** The commissioner's answer: published to every bidder, followers told. */
  async answer(tenderId: string, id: string, answer: string, publishedQuestion: string | undefined, principal: Principal): Promise<Clarification> {
    const em = this.db.manager;
    const c = await em.findOne(Clarification, { where: { id, tenderId } });
    if (!c) throw notFound('Clarification');
    if (c.answeredAt)
      throw new ProblemException(
        HttpStatus.CONFLICT,
        'already-answered',
        'Already answered',
        'The answer has been published to every bidder; publish a new clarification to correct it',
      );
    const answeredAt = new Date();
    await em.update(Clarification, { id }, { answer, publishedQuestion: publishedQuestion ?? c.question, answeredBy: principal.userId ?? null, answeredAt });
    await this.outbox.add({ topic: CLARIFICATION_PUBLISHED, payload: { clarificationId: id } });
    await this.audit.record({ action: 'clarification.answered', entityType: 'clarification', entityId: id, data: { tenderId } });
    return em.findOneByOrFail(Clarification, { id });
  }

  /** The answered questions of a tender, oldest answer first (read in a published-records transaction). */
  published(tenderId: string): Promise<Clarification[]> {
    return this.db.manager
      .getRepository(Clarification)
      .createQueryBuilder('c')
      .where('c.tender_id = :tenderId AND c.answered_at IS NOT NULL', { tenderId })
      .orderBy('c.answered_at', 'ASC')
      .getMany();
  }

  /** 404 for a tender that is not this authority's, rather than an empty list that looks like "no questions". */
  async list(tenderId: string): Promise<Clarification[]> {
    await requireTender(this.db.manager, tenderId);
    return this.db.manager.find(Clarification, { where: { tenderId }, order: { askedAt: 'ASC' } });
  }

  /**
   * The job: e-mail every person at every provider following the tender. It
   * looks at one provider at a time (its memberships are provider-scoped) by
   * moving the transaction's provider setting, as a system actor may.
   */
  private async tellFollowers(em: EntityManager, tenantId: string, clarificationId: string) {
    const c = await em.findOneByOrFail(Clarification, { id: clarificationId });
    const tender = await em.findOneByOrFail(Tender, { id: c.tenderId });
    const followers: { provider_id: string }[] = await em.query(`SELECT provider_id FROM tender_interests WHERE tender_id = $1`, [tender.id]);
    for (const { provider_id } of followers) {
      await emailProviderPeople(em, this.notifications, {
        tenantId,
        providerId: provider_id,
        template: 'clarification-published',
        data: (p) => ({
          recipientName: p.display_name,
          tenderTitle: tender.title,
          tenderReference: tender.reference,
          question: c.publishedQuestion!,
          answer: c.answer!,
          tenderUrl: `${this.config.PUBLIC_BASE_URL}/dashboard`,
        }),
      });
    }
  }
}
