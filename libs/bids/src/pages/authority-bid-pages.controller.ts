import { Controller, Get, Param, Render, UseInterceptors } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { providerNames } from '#auth';
import { Access, notFound, RequestDb, uuidParam } from '#platform';
import { tenderOr404 } from '#tendering';
import { PageInterceptor } from '#web';
import { BidDocuments } from '../bid-documents.service.js';
import { Bids } from '../bids.service.js';
import { bidView } from './bid-view.js';

const BID_READERS = ['commissioner', 'evaluator', 'auditor'] as const;

/**
 * One opened bid as its bidder sent it, for those who read bids: the answers under each question, the
 * price (and cost profile), the social value committed, the documents, and the receipt's full hash, which
 * the bidder holds too. Nothing here exists for the authority until the bids are opened.
 */
@ApiExcludeController()
@Controller('authority/tenders')
export class AuthorityBidPagesController {
  constructor(
    private readonly bids: Bids,
    private readonly documents: BidDocuments,
    private readonly db: RequestDb,
  ) {}

  @Get(':id/bids/:bidId')
  @Access(...BID_READERS)
  @Render('tenders/authority-bid')
  @UseInterceptors(PageInterceptor)
  async bid(@Param('id', uuidParam()) id: string, @Param('bidId', uuidParam('bidId')) bidId: string) {
    const tender = await tenderOr404(this.db.manager, id);
    const bid = await this.bids.one(id, bidId);
    const provider = (await providerNames(this.db.manager, [bid.providerId])).get(bid.providerId) ?? 'A provider';
    const view = bidView(bid, tender.evaluationModel!, (docId) => `/authority/tenders/${id}/bids/${bidId}/documents/${docId}`);
    return {
      title: `${provider}: bid for ${tender.reference}`,
      tender: { id: tender.id, reference: tender.reference, title: tender.title },
      provider,
      ...view,
    };
  }

  @Get(':id/bids/:bidId/documents/:docId')
  @Access(...BID_READERS)
  async document(@Param('id', uuidParam()) id: string, @Param('bidId', uuidParam('bidId')) bidId: string, @Param('docId', uuidParam('docId')) docId: string) {
    const bid = await this.bids.one(id, bidId);
    // Only a document this version of the bid included: the receipt's hash covers exactly those.
    if (!bid.documents.some((d) => d.id === docId)) throw notFound('Document');
    return this.documents.download(id, docId);
  }
}
