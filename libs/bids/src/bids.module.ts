import { Module } from '@nestjs/common';
import { PublicCharacterModule } from '#public-character';
import { SocialValueModule } from '#social-value';
import { TenderingModule } from '#tendering';
import { BidDocuments } from './bid-documents.service.js';
import { AuthorityBidsController, ProviderBidsController } from './bids.controller.js';
import { Bids } from './bids.service.js';
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
  ],
  providers: [Bids, BidDocuments, TenderBidsSection],
  exports: [Bids, BidDocuments],
})
export class BidsModule {}
