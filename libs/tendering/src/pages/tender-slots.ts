/**
 * Slots on the provider's tender page that contexts above tendering fill (see PageExtensions):
 * `summaryHref`, the bidder's own assessment summary once the standstill has started (evaluation),
 * given the tender and the provider.
 */
export const BIDDER_TENDER_SLOT = 'tender:bidder';

/**
 * The authority's tender page: `bidsSection` (the partial tender-bids), filled by libs/bids, given the
 * tender, the principal, whether the deadline has passed and the error to show at the bids, if any.
 */
export const AUTHORITY_TENDER_SLOT = 'tender:authority';
