import { Injectable, type OnModuleInit } from '@nestjs/common';
import { VERIFICATION_OUTCOMES_SLOT, VERIFICATION_QUEUE_SLOT } from '#evaluation';
import { LEVELS } from '#public-character';
import { PageExtensions, reviewTag } from '#web';
import { CommitmentReviews, type ReviewedCommitment } from '../commitments/commitment-reviews.service.js';

const level = (n: number | null) => (n === null ? 'Not assessed' : `${n}: ${LEVELS[n]}`);

/** Public character commitments only: social value ones have their own delivery page. */
const commitmentRows = (rows: ReviewedCommitment[], provider: (bidId: string) => string) =>
  rows.map((c) => {
    const last = c.reviews.at(-1);
    return {
      provider: provider(c.bidId),
      title: c.title,
      level: level(c.level),
      verified: c.verified,
      statement: c.statement,
      tag: reviewTag(c),
      lastReview: last ? { year: last.year, level: level(last.level), kept: last.kept, note: last.note } : null,
    };
  });

/** The commitments table on the commissioner's verification queue and on the provider's verification outcomes. */
@Injectable()
export class CommitmentExtensions implements OnModuleInit {
  constructor(
    private readonly reviews: CommitmentReviews,
    private readonly extensions: PageExtensions,
  ) {}

  onModuleInit(): void {
    this.extensions.register(VERIFICATION_QUEUE_SLOT, 'contracts', async (ctx: { tenderId: string; providerName: (bidId: string) => string }) => ({
      commitments: commitmentRows(await this.reviews.forTender(ctx.tenderId), ctx.providerName),
    }));
    this.extensions.register(VERIFICATION_OUTCOMES_SLOT, 'contracts', async (ctx: { tenderId: string }) => ({
      commitments: commitmentRows(await this.reviews.mine(ctx.tenderId), () => ''),
    }));
  }
}
