import { Injectable, type OnModuleInit } from '@nestjs/common';
import { type BidOutcome, PROVIDER_BIDS_SLOT } from '#bids';
import { RequestDb } from '#platform';
import { PageExtensions } from '#web';
import { AssessmentSummary } from '../evaluation.entities.js';

/**
 * The outcome of each of a provider's bids on its list of bids, from the assessment summaries it was sent
 * at the start of each standstill (the database shows a provider only its own).
 */
@Injectable()
export class BidOutcomes implements OnModuleInit {
  constructor(
    private readonly db: RequestDb,
    private readonly extensions: PageExtensions,
  ) {}

  onModuleInit(): void {
    this.extensions.register(PROVIDER_BIDS_SLOT, 'evaluation', async (ctx: { providerId: string }) => {
      const summaries = await this.db.manager.find(AssessmentSummary, { select: { tenderId: true, data: true }, where: { providerId: ctx.providerId } });
      const outcomes: Record<string, BidOutcome> = {};
      for (const s of summaries)
        for (const lot of s.data.lots) outcomes[`${s.tenderId}:${lot.lotKey}`] = { won: lot.won, summaryHref: `/tenders/${s.tenderId}/assessment-summary` };
      return { outcomes };
    });
  }
}
