import { Controller, Get, Render, Req, UseInterceptors } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request } from 'express';
import { Access, type Principal, PublishedRecords } from '#platform';
import { PageExtensions, PageInterceptor, pounds } from '#web';
import { Bids } from '../bids.service.js';
import { bidStanding } from './bid-standing.js';
import { type BidOutcome, PROVIDER_BIDS_SLOT } from './provider-bids-slot.js';

/** A provider's bids at every authority, the newest version of each, with where each stands. */
@ApiExcludeController()
@Controller('my-bids')
export class ProviderBidsPagesController {
  constructor(
    private readonly bids: Bids,
    private readonly extensions: PageExtensions,
  ) {}

  @Get()
  @Access('provider')
  @PublishedRecords()
  @Render('tenders/provider-bids')
  @UseInterceptors(PageInterceptor)
  async list(@Req() req: Request & { principal: Principal }) {
    const rows = await this.bids.everywhere();
    const { outcomes = {} } = (await this.extensions.collect(PROVIDER_BIDS_SLOT, { providerId: req.principal.providerId })) as {
      outcomes?: Record<string, BidOutcome>;
    };
    return {
      title: 'Your bids',
      bids: rows.map((b) => {
        const outcome = outcomes[`${b.tenderId}:${b.lotKey}`];
        return {
          href: `/tenders/${b.tenderId}`,
          reference: b.reference,
          title: b.title,
          authority: b.authority,
          lot: b.lots?.find((l) => l.key === b.lotKey)?.title ?? b.lotKey,
          price: pounds(b.price),
          version: b.version,
          submittedAt: b.submittedAt.toISOString(),
          deadline: b.deadline?.toISOString() ?? null,
          tag: bidStanding(b, outcome),
          summaryHref: outcome?.summaryHref ?? null,
        };
      }),
    };
  }
}
