import { Injectable, type OnModuleInit } from '@nestjs/common';
import { providerNames } from '#auth';
import { type Principal, RequestDb } from '#platform';
import { AUTHORITY_TENDER_SLOT, type Tender } from '#tendering';
import { PageExtensions, pounds } from '#web';
import { Bids } from '../bids.service.js';

const BID_READERS = ['commissioner', 'evaluator', 'auditor'];

/** The bids section of the authority's tender page: sealed until the deadline, then opened by a commissioner and read by the readers. */
@Injectable()
export class TenderBidsSection implements OnModuleInit {
  constructor(
    private readonly db: RequestDb,
    private readonly bids: Bids,
    private readonly extensions: PageExtensions,
  ) {}

  onModuleInit(): void {
    this.extensions.register(AUTHORITY_TENDER_SLOT, 'bids', (ctx: { tender: Tender; principal: Principal; deadlinePassed: boolean; error: string | null }) =>
      this.section(ctx),
    );
  }

  private async section({
    tender: t,
    principal,
    deadlinePassed,
    error,
  }: {
    tender: Tender;
    principal: Principal;
    deadlinePassed: boolean;
    error: string | null;
  }) {
    const canReadBids = principal.roles.some((r) => BID_READERS.includes(r));
    const isCommissioner = principal.roles.includes('commissioner');
    const bids = canReadBids && t.bidsOpenedAt ? await this.bids.latest(t.id) : [];
    const providers = await providerNames(
      this.db.manager,
      bids.map((b) => b.providerId),
    );
    return {
      bidsSection: {
        canRead: canReadBids,
        sealed: !deadlinePassed,
        waitingToOpen: deadlinePassed && !t.bidsOpenedAt,
        canOpen: isCommissioner && deadlinePassed && !t.bidsOpenedAt && t.status !== 'draft',
        openedAt: t.bidsOpenedAt?.toISOString() ?? null,
        error,
        rows: bids.map((b) => ({
          href: `/authority/tenders/${t.id}/bids/${b.id}`,
          provider: providers.get(b.providerId) ?? b.providerId,
          lot: b.lotKey,
          version: b.version,
          price: pounds(b.price),
          submittedAt: b.submittedAt,
          hash: b.contentHash.slice(0, 12),
          documents: b.documents.map((d) => d.fileName).join(', ') || 'None',
        })),
      },
    };
  }
}
