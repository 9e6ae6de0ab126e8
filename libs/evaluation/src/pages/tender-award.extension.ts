import { Injectable, type OnModuleInit } from '@nestjs/common';
import { providerNames } from '#auth';
import { type Principal, RequestDb } from '#platform';
import { AUTHORITY_TENDER_SLOT, lotTitle, type Tender } from '#tendering';
import { PageExtensions, pounds } from '#web';
import { EvaluationContexts } from '../evaluation-context.service.js';
import { AwardStep } from '../evaluation.entities.js';

const AWARD_READERS = ['commissioner', 'auditor', 'authority_admin'];

/**
 * What the authority's tender page says of the award, to all its staff: once approved, who is to win
 * each lot and at what price, and when the standstill ends; once awarded, who won and when. (An award
 * is public record: it is published to Open Contracting as soon as it is made.)
 */
@Injectable()
export class TenderAwardSection implements OnModuleInit {
  constructor(
    private readonly db: RequestDb,
    private readonly contexts: EvaluationContexts,
    private readonly extensions: PageExtensions,
  ) {}

  onModuleInit(): void {
    this.extensions.register(AUTHORITY_TENDER_SLOT, 'award', (ctx: { tender: Tender; principal: Principal }) => this.section(ctx.tender, ctx.principal));
  }

  private async section(t: Tender, principal: Principal) {
    if (!t.bidsOpenedAt) return { awardSection: null };
    const steps = await this.db.manager.find(AwardStep, { where: { tenderId: t.id }, order: { at: 'ASC' } });
    const approved = steps.find((s) => s.step === 'approved');
    const awarded = steps.find((s) => s.step === 'awarded');
    const noAward = steps.find((s) => s.step === 'no_award');
    if (!approved && !noAward) return { awardSection: null };
    const decided = awarded ?? approved;
    const bidders = await this.contexts.bidders(t.id);
    const names = await providerNames(
      this.db.manager,
      [...bidders.values()].map((b) => b.providerId),
    );
    const lots = (decided?.winners ?? []).map((w) => {
      const bid = w.bidId ? bidders.get(w.bidId) : undefined;
      return {
        lot: lotTitle(t.evaluationModel, w.lotKey),
        winner: bid ? (names.get(bid.providerId) ?? 'A bidder') : 'No compliant bid',
        value: bid ? pounds(bid.price) : null,
      };
    });
    return {
      awardSection: {
        awarded: awarded ? awarded.at.toISOString() : null,
        standstillEndsAt: !awarded && approved?.standstillEndsAt ? approved.standstillEndsAt.toISOString() : null,
        noAward: noAward ? { at: noAward.at.toISOString(), reason: noAward.reason } : null,
        lots,
        href: principal.roles.some((r) => AWARD_READERS.includes(r)) ? `/authority/tenders/${t.id}/evaluation/award` : null,
      },
    };
  }
}
