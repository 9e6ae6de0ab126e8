import { describe, expect, it } from '@jest/globals';
import type { ProviderBidRow } from '../bids.service.js';
import { bidStanding } from './bid-standing.js';

const now = new Date('2026-12-05T12:00:00Z');
const bid = (over: Partial<ProviderBidRow>): ProviderBidRow => ({
  id: 'b',
  tenderId: 't',
  lotKey: 'lot-1',
  version: 1,
  submittedAt: new Date('2026-11-01T00:00:00Z'),
  price: '1.00',
  reference: 'R',
  title: 'T',
  status: 'published',
  deadline: new Date('2026-12-10T12:00:00Z'),
  openedAt: null,
  lots: null,
  authority: 'A',
  ...over,
});

describe('where a bid stands, as its bidder reads it', () => {
  it('goes from sealed to closed to opened, then to its outcome', () => {
    expect(bidStanding(bid({}), undefined, now).text).toBe('Sent: sealed until the deadline');
    expect(bidStanding(bid({ deadline: new Date('2026-12-01T00:00:00Z'), status: 'closed' }), undefined, now).text).toBe('Closed: waiting to be opened');
    expect(bidStanding(bid({ status: 'evaluation', openedAt: new Date('2026-12-02T00:00:00Z') }), undefined, now).text).toBe('Opened: being evaluated');
    expect(bidStanding(bid({ status: 'evaluation', openedAt: now }), { won: true, summaryHref: '/s' }, now)).toEqual({ colour: 'green', text: 'Successful' });
    expect(bidStanding(bid({ status: 'awarded', openedAt: now }), { won: false, summaryHref: '/s' }, now).text).toBe('Not successful');
  });

  it('says when the tender ended another way, whatever the summary', () => {
    expect(bidStanding(bid({ status: 'no_award' }), undefined, now).text).toBe('No award made');
    expect(bidStanding(bid({ status: 'cancelled' }), { won: true, summaryHref: '/s' }, now).text).toBe('Tender cancelled');
  });
});
