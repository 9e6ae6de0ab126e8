/**
 * Slots on the provider's tender page that contexts above tendering fill (see PageExtensions):
 * `summaryHref`, the bidder's own assessment summary once the standstill has started (evaluation),
 * given the tender and the provider.
 */
export const BIDDER_TENDER_SLOT = 'tender:bidder';
