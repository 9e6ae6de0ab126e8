import { Injectable, type OnModuleInit } from '@nestjs/common';
import { BIDDER_TENDER_SLOT } from '#tendering';
import { PageExtensions } from '#web';
import { AssessmentSummaries } from '../assessment-summaries.service.js';

/** The link from a bidder's tender page to its own assessment summary, once there is one. */
@Injectable()
export class SummaryLink implements OnModuleInit {
  constructor(
    private readonly summaries: AssessmentSummaries,
    private readonly extensions: PageExtensions,
  ) {}

  onModuleInit(): void {
    this.extensions.register(BIDDER_TENDER_SLOT, 'evaluation', async (ctx: { tenderId: string; providerId: string }) => {
      // The database shows a provider only its own summary, and only once the standstill has started.
      const has = await this.summaries.own(ctx.tenderId, ctx.providerId).then(
        () => true,
        () => false,
      );
      return { summaryHref: has ? `/tenders/${ctx.tenderId}/assessment-summary` : null };
    });
  }
}
