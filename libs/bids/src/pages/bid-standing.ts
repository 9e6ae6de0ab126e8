import type { ProviderBidRow } from '../bids.service.js';
import type { BidOutcome } from './provider-bids-slot.js';

/** Where a bid stands, as the bidder reads it: sent and sealed, opened, then the outcome. Pure. */
export function bidStanding(b: ProviderBidRow, outcome: BidOutcome | undefined, now = new Date()): { colour: string; text: string } {
  if (b.status === 'cancelled') return { colour: 'grey', text: 'Tender cancelled' };
  if (b.status === 'no_award') return { colour: 'grey', text: 'No award made' };
  if (outcome) return outcome.won ? { colour: 'green', text: 'Successful' } : { colour: 'orange', text: 'Not successful' };
  if (b.status === 'awarded') return { colour: 'grey', text: 'Awarded' };
  if (b.openedAt) return { colour: 'blue', text: 'Opened: being evaluated' };
  if (b.deadline && b.deadline <= now) return { colour: 'blue', text: 'Closed: waiting to be opened' };
  return { colour: 'light-blue', text: 'Sent: sealed until the deadline' };
}
