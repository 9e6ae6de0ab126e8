export { BidDocuments } from './bid-documents.service.js';
export { BidDocument, BidSubmission } from './bid-submission.entity.js';
export { Bids } from './bids.service.js';
export { BidsModule } from './bids.module.js';
import { BidDocument, BidSubmission } from './bid-submission.entity.js';
export const BIDS_ENTITIES = [BidSubmission, BidDocument];
export { PROVIDER_BIDS_SLOT, type BidOutcome } from './pages/provider-bids-slot.js';
export { sealedContent, type SentParts } from './receipts/sent-content.js';
