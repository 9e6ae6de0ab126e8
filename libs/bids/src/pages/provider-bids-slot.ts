/**
 * The provider's list of its bids: `outcomes`, keyed `${tenderId}:${lotKey}`, whether the bid won its lot
 * and where its assessment summary is (filled by libs/evaluation once the standstill has started), given
 * the provider.
 */
export const PROVIDER_BIDS_SLOT = 'bids:provider';

export interface BidOutcome {
  won: boolean;
  summaryHref: string;
}
