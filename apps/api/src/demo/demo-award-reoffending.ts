import { Decimal } from 'decimal.js';
import { Contract, contractRow, termEnd, termsAtAward } from '#contracts';
import { addYears } from '#kernel';
import { REOFFENDING_LEDGER, seedLedger } from './demo-costs.js';
import type { AwardStory } from './demo-evaluation.js';
import { seedOutcomes } from './demo-outcomes.js';
import { seedCommitmentReviews } from './demo-public-character.js';
import { seedDelivery } from './demo-social-value.js';

const DAY = 86_400_000;

/**
 * Northmere's re-offending partnership, awarded three years ago. Evaluator One and Evaluator Two differed
 * widely on Harbour's delivery, which moderation explains; Castleton's price was abnormally low, explained
 * and accepted; Brightpath won on quality, social value and public character. The contract pays a fixed
 * fee plus outcomes, read in context, and has run three of its five years (demo-outcomes.ts).
 */
export const REOFFENDING: AwardStory = {
  reference: 'NCC-2023-031',
  seed: 20231,
  consensus: {
    'bids@brightpath.test': {
      delivery: [4, 'A clear referral pathway with the probation service and peer mentors who have lived experience.'],
      safeguarding: [4, 'Sound procedures; named leads; no gaps found.'],
      'local-jobs': [5, 'Commits to recruiting mentors from the cohort and paying the real Living Wage.'],
    },
    'bids@meadow.test': {
      delivery: [4, 'Strong housing link; less on employment.'],
      safeguarding: [4, 'Sound procedures.'],
      'local-jobs': [4, 'Local recruitment, without a target.'],
    },
    'bids@harbour.test': {
      delivery: [3, 'Relies on existing hostels; little on the first weeks after release.'],
      safeguarding: [4, 'Sound procedures.'],
      'local-jobs': [3, 'Some local hiring.'],
    },
    'bids@castleton.test': {
      delivery: [3, 'A standard national model, not adapted to the area.'],
      safeguarding: [3, 'Meets the minimum.'],
      'local-jobs': [2, 'Central recruitment.'],
    },
  },
  // Harbour's delivery is the wide spread.
  evaluatorOne: { 'bids@harbour.test': { delivery: [5, 'Hostel places ready from day one: a strength.'] } },
  evaluatorTwo: {
    'bids@harbour.test': { delivery: [2, 'Thin on detail.'] },
    'bids@meadow.test': { safeguarding: [3, 'Thin on detail.'] },
  },
  varianceNotes: {
    'bids@harbour.test': {
      delivery:
        'Evaluator One read the hostel places as ready; Evaluator Two found no plan for the first weeks. The bid confirms places only from month three: 3.',
    },
  },
  abnormallyLow: {
    provider: 'bids@castleton.test',
    reason:
      'Castleton explained its price: shared regional overheads and an existing case-management system. Staff costs were checked against the National Living Wage and found sound.',
  },
  recommendation: 'Brightpath scored highest: the strongest delivery and public character; price within budget.',
  async contract(em, { tender, bid, commitments, awardedAt, person, reporter }) {
    // Made at award from the winning bid, signed ten days later. A fixed fee (three quarters of the value)
    // plus outcome payments; an option to extend for two years. Five years: the bid priced three, and the
    // term was set longer before signature.
    const awardedOn = awardedAt.toISOString().slice(0, 10);
    const awardTerms = termsAtAward(bid, awardedOn);
    const terms = { ...awardTerms, endsOn: termEnd(awardTerms.startsOn, 5) };
    const share = (f: number) => new Decimal(terms.awardedValue).times(f).toDecimalPlaces(2).toFixed(2);
    const contract = contractRow(
      tender,
      bid,
      {
        ...terms,
        tag: 'whole-system',
        paymentMechanism: 'fixed_fee_plus_outcomes',
        minimumFixedFee: share(0.75),
        extensionOptions: [{ months: 24, value: share(0.6), decideBy: addYears(terms.endsOn, -1) }],
      },
      awardedAt,
      false,
    );
    const signed = { ...contract, status: 'active' as const, activatedBy: person('contracts'), activatedAt: new Date(awardedAt.getTime() + 10 * DAY) };
    await em.insert(Contract, signed);
    // Three years of outcomes, reviews and payments since.
    await seedOutcomes(em, signed as Contract, { contractManager: person('contracts'), commissioner: person('commissioner') }, reporter);
    // Two contract years of social value delivery since: reported, reviewed by the contract manager, one year queried.
    await seedDelivery(em, commitments, awardedAt, person('contracts'), reporter, [1, 2]);
    // The first yearly review of each public character commitment: all kept but one. The second is now
    // overdue, for the contract manager's dashboard to show.
    await seedCommitmentReviews(em, commitments, new Date(awardedAt.getTime() + 372 * DAY), person('contracts'), (c) =>
      c.code === 'employees' ? 'The staff survey was not repeated this year and the living wage accreditation lapsed for two months before renewal.' : null,
    );
    // Its whole-life cost: what the cycle spent getting here, what its events wrote, and managing it since.
    await seedLedger(em, await em.findOneByOrFail(Contract, { id: signed.id }), REOFFENDING_LEDGER, person('contracts'), person('commissioner'));
  },
};
