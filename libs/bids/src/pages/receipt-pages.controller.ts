import { Controller, Get, Param, Render, UseInterceptors } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { User } from '#auth';
import { Access, PublishedRecords, RequestDb, uuidParam } from '#platform';
import { PageInterceptor } from '#web';
import { BidReceipts } from '../receipts/bid-receipts.service.js';
import { receiptDownload } from '../receipts/receipt-not-kept.problem.js';
import { bidView } from './bid-view.js';

/**
 * A provider's receipt for one version it sent: what it sent, as the authority will read it once the bids are opened,
 * the exact text its hash covers, and the download (that text, the documents, and how to check them). Only the
 * provider that sent it finds it: the database shows a provider its own bids and nobody else's.
 */
@ApiExcludeController()
@Controller('tenders')
export class ReceiptPagesController {
  constructor(
    private readonly receipts: BidReceipts,
    private readonly db: RequestDb,
  ) {}

  @Get(':id/receipts/:bidId')
  @Access('provider')
  @PublishedRecords()
  @Render('tenders/receipt')
  @UseInterceptors(PageInterceptor)
  async show(@Param('id', uuidParam()) id: string, @Param('bidId', uuidParam('bidId')) bidId: string) {
    const { bid, tender, authority, sentText } = await this.receipts.sent(id, bidId);
    const model = tender.evaluationModel!;
    const sentBy = bid.submittedBy ? ((await this.db.manager.findOneBy(User, { id: bid.submittedBy }))?.displayName ?? null) : null;
    return {
      title: `Receipt: ${tender.reference}, version ${bid.version}`,
      tender: { id, reference: tender.reference, title: tender.title, authority },
      severalLots: model.lots.length > 1,
      sentBy,
      sentText,
      downloadHref: sentText === null ? null : `/tenders/${id}/receipts/${bidId}/download`,
      ...bidView(bid, model, (docId) => `/tenders/${id}/bid-documents/${docId}`),
    };
  }

  @Get(':id/receipts/:bidId/download')
  @Access('provider')
  @PublishedRecords()
  async download(@Param('id', uuidParam()) id: string, @Param('bidId', uuidParam('bidId')) bidId: string) {
    return receiptDownload(await this.receipts.bundle(id, bidId));
  }
}
