import { Module } from '@nestjs/common';
import { PublicCharacterModule } from '#public-character';
import { SocialValueModule } from '#social-value';
import { TenderingModule } from '#tendering';
import { BidDocuments } from './bid-documents.service.js';
import { AuthorityBidsController, ProviderBidsController } from './bids.controller.js';
import { Bids } from './bids.service.js';
import { BidReceipts } from './receipts/bid-receipts.service.js';
import { ReceiptPagesController } from './pages/receipt-pages.controller.js';
import { AuthorityBidPagesController } from './pages/authority-bid-pages.controller.js';
import { ProviderBidsPagesController } from './pages/provider-bids-pages.controller.js';
import { OpenBidsPagesController } from './pages/open-bids-pages.controller.js';
import { TenderBidsSection } from './pages/tender-bids.extension.js';
import { TenderPageController } from './pages/tender-pages.controller.js';

/** Sealed bids: a provider sends and replaces its bid until the deadline (the database hides it until then), the authority opens and reads them after (API and pages). */
@Module({
  imports: [TenderingModule, PublicCharacterModule, SocialValueModule],
  controllers: [
    ProviderBidsController,
    AuthorityBidsController,
    TenderPageController,
    OpenBidsPagesController,
    AuthorityBidPagesController,
    ProviderBidsPagesController,
    ReceiptPagesController,
  ],
  providers: [Bids, BidDocuments, BidReceipts, TenderBidsSection],
  exports: [Bids, BidDocuments],
})
export class BidsModule {}
