import { Contract, ContractPayment, contractRow, fixedFee, periods, termsAtAward } from '#contracts';
import { addMonths, londonToday } from '#kernel';
import { FALLS_LEDGER, seedLedger } from './demo-costs.js';
import type { AwardStory } from './demo-evaluation.js';
import { type DemoKpi, seedAssessments, seedKpis } from './demo-kpis.js';
import { feeInstalments } from './demo-payments.js';
import { seedCommitmentReviews } from './demo-public-character.js';
import { seedDelivery } from './demo-social-value.js';

const DAY = 86_400_000;

/** Three KPIs, measured every quarter: classes run as planned, most people finish the programme, referrals are seen within a fortnight. */
const KPIS: DemoKpi[] = [
  {
    code: 'FP-1',
    title: 'Strength and balance classes held as scheduled',
    unit: 'per cent',
    direction: 'higher',
    good: '95',
    approaching: '90',
    requiresImprovement: '80',
    value: (n) => 95 + (n % 4),
  },
  {
    code: 'FP-2',
    title: 'Participants completing the 12-week programme',
    unit: 'per cent',
    direction: 'higher',
    good: '70',
    approaching: '60',
    requiresImprovement: '50',
    value: (n) => 69 + ((n * 3) % 7),
  },
  {
    code: 'FP-3',
    title: 'Days from referral to a first class',
    unit: 'days',
    direction: 'lower',
    good: '14',
    approaching: '21',
    requiresImprovement: '28',
    value: (n) => 9 + ((n * 2) % 5),
  },
];

/**
 * Southvale's falls prevention service, awarded a year and a half ago: a plain fixed-fee contract for
 * strength and balance classes in community venues, three years with a one-year option. Meadow Mutual won
 * on price and delivery; its fee is paid quarterly in arrears, its KPIs are good, its first yearly
 * assessment is made, and nothing has been varied: the saving claimed at award against the in-house
 * comparator (demo-cycles.ts) holds, beside Northmere's, which erodes.
 */
export const FALLS_PREVENTION: AwardStory = {
  reference: 'SVICB-2024-006',
  seed: 20246,
  consensus: {
    'bids@meadow.test': {
      delivery: [4, 'Classes in every primary care network within a bus ride, run by instructors trained to the national falls programme.'],
      safeguarding: [4, 'Sound procedures; instructors check in with anyone who misses two classes.'],
      'local-jobs': [4, 'Instructors recruited locally and paid the real Living Wage.'],
    },
    'bids@harbour.test': {
      delivery: [3, 'Classes in sheltered housing schemes only: strong for tenants, thin elsewhere.'],
      safeguarding: [4, 'Sound procedures.'],
      'local-jobs': [3, 'Some local hiring.'],
    },
    'bids@brightpath.test': {
      delivery: [3, 'A good model, new to this service and to the area.'],
      safeguarding: [3, 'Meets the minimum; no named lead for the classes.'],
      'local-jobs': [4, 'Peer volunteers trained as instructors.'],
    },
  },
  evaluatorOne: {},
  evaluatorTwo: {
    'bids@brightpath.test': { delivery: [2, 'Classes in two localities only in the first year.'] },
  },
  varianceNotes: {},
  abnormallyLow: null,
  recommendation: 'Meadow Mutual scored highest: the lowest price and the strongest delivery, with its members on its board.',
  async contract(em, { tender, bid, commitments, awardedAt, person, reporter }) {
    const awardedOn = awardedAt.toISOString().slice(0, 10);
    // Three years, as the bid priced it, with a one-year option decided six months before the end.
    const terms = termsAtAward(bid, awardedOn);
    const contract = contractRow(
      tender,
      bid,
      { ...terms, extensionOptions: [{ months: 12, value: '460000.00', decideBy: addMonths(terms.endsOn, -6) }] },
      awardedAt,
      false,
    );
    const signed = {
      ...contract,
      status: 'active' as const,
      activatedBy: person('contracts'),
      activatedAt: new Date(awardedAt.getTime() + 14 * DAY),
    } as Contract;
    await em.insert(Contract, signed);
    const today = londonToday();
    await em.insert(ContractPayment, feeInstalments(signed, fixedFee(signed)!, person('contracts'), today));
    const quarters = periods(signed.startsOn, signed.endsOn, 'quarterly').filter((p) => p.endsOn < today);
    const kpis = await seedKpis(em, signed, quarters, person('contracts'), KPIS);
    await seedAssessments(em, signed, kpis, person('contracts'), [
      {
        summary:
          'A good first year: classes ran in every network from the second month, seven in ten finished the programme, and referrals from GPs were seen within a fortnight.',
      },
    ]);
    await seedDelivery(em, commitments, awardedAt, person('contracts'), reporter, [1]);
    await seedCommitmentReviews(em, commitments, new Date(awardedAt.getTime() + 372 * DAY), person('contracts'), () => null);
    await seedLedger(em, signed, FALLS_LEDGER, person('contracts'), person('commissioner'));
  },
};
