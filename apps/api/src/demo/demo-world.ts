import type { AuthorityRole } from '#platform';
import type { LegalForm, OrganisationSize } from '#auth';

/** Every demo account signs in with this. Printed at start-up; never seeded in production. */
export const DEMO_PASSWORD = 'commonweal-demo';

export const DEMO_STAFF: { local: string; name: string; roles: AuthorityRole[] }[] = [
  { local: 'admin', name: 'Authority Admin', roles: ['authority_admin'] },
  { local: 'commissioner', name: 'Commissioner', roles: ['commissioner'] },
  { local: 'evaluator1', name: 'Evaluator One', roles: ['evaluator'] },
  { local: 'evaluator2', name: 'Evaluator Two', roles: ['evaluator'] },
  { local: 'contracts', name: 'Contract Manager', roles: ['contract_manager'] },
  { local: 'auditor', name: 'Auditor', roles: ['auditor'] },
  { local: 'scrutiny', name: 'Scrutiny Member', roles: ['scrutiny_member'] },
];

export const DEMO_AUTHORITIES = [
  {
    slug: 'northmere',
    name: 'Northmere City Council',
    tenders: [
      {
        reference: 'NCC-2026-014',
        title: 'Youth services: community youth clubs under franchise',
        status: 'published',
        value: '1840000.00',
        deadlineDays: 14,
        followedBy: ['bids@brightpath.test', 'bids@harbour.test'],
        // Sealed until the deadline: nobody at Northmere can read these yet.
        bids: [
          { provider: 'bids@brightpath.test', price: '1695000.00' },
          { provider: 'bids@harbour.test', price: '1802500.00' },
        ],
        questions: [
          {
            provider: 'bids@harbour.test',
            question: 'Can one organisation bid for clubs in more than one ward?',
            answer: 'Yes. Each franchise covers one ward; an organisation may hold up to three, so that no single provider runs the service.',
          },
        ],
        description:
          'Youth clubs run by local groups under franchise, with young people on their boards. Target: no young people not in education, employment or training. Budget reduced by 30%.',
      },
      {
        reference: 'NCC-2026-017',
        title: 'Community meals and lunch clubs for older people',
        status: 'published',
        value: '620000.00',
        deadlineDays: 5,
        followedBy: ['bids@brightpath.test', 'bids@castleton.test'],
        // One question waiting for the commissioner's answer.
        questions: [
          {
            provider: 'bids@castleton.test',
            question: 'Castleton Care asks: will the council supply the community venues for lunch clubs, or must the provider rent them?',
          },
        ],
        description: 'Hot meals delivered at home and lunch clubs in community venues, with a welfare check on every visit.',
      },
      {
        reference: 'NCC-2026-011',
        title: 'Short breaks for carers',
        status: 'closed',
        value: '760000.00',
        deadlineDays: -3,
        followedBy: ['bids@brightpath.test', 'bids@castleton.test', 'bids@meadow.test'],
        // Closed three days ago; Northmere has not opened the bids yet.
        bids: [
          { provider: 'bids@brightpath.test', price: '731000.00' },
          { provider: 'bids@castleton.test', price: '598000.00' },
          { provider: 'bids@meadow.test', price: '744500.00' },
        ],
        description: 'Short breaks that give unpaid carers time for themselves, at home or in community settings, booked by the carer.',
      },
      {
        reference: 'NCC-2026-009',
        title: 'Home care (domiciliary care) framework',
        status: 'draft',
        value: '12500000.00',
        deadlineDays: null,
        description: 'Care at home for adults assessed as eligible, across four localities.',
      },
      {
        reference: 'NCC-2023-031',
        title: 'Reducing re-offending: outcomes partnership',
        status: 'awarded',
        value: '4200000.00',
        deadlineDays: -1100,
        // Evaluated and awarded (demo-evaluation.ts): two evaluators, moderation, Castleton's low price explained and accepted.
        bids: [
          { provider: 'bids@brightpath.test', price: '3950000.00' },
          { provider: 'bids@meadow.test', price: '4100000.00' },
          { provider: 'bids@harbour.test', price: '4180000.00' },
          { provider: 'bids@castleton.test', price: '2300000.00' },
        ],
        description: 'An outcome-based contract paying for reduced re-offending, read against the cohort served.',
      },
    ],
  },
  {
    slug: 'southvale',
    name: 'Southvale NHS Integrated Care Board',
    tenders: [
      {
        reference: 'SVICB-2026-004',
        title: 'Community mental health support',
        status: 'published',
        value: '6300000.00',
        deadlineDays: 35,
        followedBy: ['bids@castleton.test', 'bids@meadow.test'],
        description: 'Community-based mental health support for adults, co-designed with people with lived experience.',
      },
      {
        reference: 'SVICB-2026-002',
        title: 'Social prescribing link workers',
        status: 'evaluation',
        value: '980000.00',
        deadlineDays: -14,
        description: 'Link workers connecting patients to community groups and services.',
      },
      {
        reference: 'SVICB-2024-006',
        title: 'Falls prevention: strength and balance classes',
        status: 'awarded',
        value: '1500000.00',
        deadlineDays: -600,
        // Evaluated and awarded (demo-award-falls.ts): a fixed-fee contract a year and a half in, its saving intact.
        bids: [
          { provider: 'bids@meadow.test', price: '1380000.00' },
          { provider: 'bids@harbour.test', price: '1425000.00' },
          { provider: 'bids@brightpath.test', price: '1440000.00' },
        ],
        description: 'Strength and balance classes in community venues for older people at risk of a fall, referred by GPs and the falls clinic.',
      },
      {
        reference: 'SVICB-2026-007',
        title: 'Non-emergency patient transport',
        status: 'draft',
        value: '3100000.00',
        deadlineDays: null,
        description: 'Transport for patients who need help to reach treatment.',
      },
    ],
  },
] as const;

export const DEMO_PROVIDERS: {
  email: string;
  person: string;
  name: string;
  legalForm: LegalForm;
  size: OrganisationSize;
  voluntaryCommunitySector: boolean;
  companiesHouseNumber?: string;
  charityNumber?: string;
  otherRegistration?: string;
}[] = [
  {
    email: 'bids@brightpath.test',
    person: 'Brightpath bids team',
    name: 'Brightpath Community Interest Company',
    legalForm: 'community_interest_company',
    size: 'small',
    voluntaryCommunitySector: true,
    companiesHouseNumber: '11223344',
  },
  {
    email: 'bids@castleton.test',
    person: 'Castleton bids team',
    name: 'Castleton Care Ltd',
    legalForm: 'for_profit_company',
    size: 'large',
    voluntaryCommunitySector: false,
    companiesHouseNumber: '05566778',
  },
  {
    email: 'bids@meadow.test',
    person: 'Meadow Mutual bids team',
    name: 'Meadow Mutual',
    legalForm: 'cooperative_or_mutual',
    size: 'medium',
    voluntaryCommunitySector: false,
    otherRegistration: 'FCA mutuals register 7788',
  },
  {
    email: 'bids@harbour.test',
    person: 'Harbour bids team',
    name: 'Harbour Housing Association',
    legalForm: 'charity',
    size: 'large',
    voluntaryCommunitySector: true,
    charityNumber: '1099887',
    otherRegistration: 'Regulator of Social Housing L4455',
  },
];

export const DEMO_OPERATOR = { email: 'operator@commonweal.test', name: 'Platform Operator' };

/** Sign-in lines for the start-up log and the README. */
export function demoLogins(): string[] {
  const lines: string[] = [];
  for (const a of DEMO_AUTHORITIES) {
    lines.push(`${a.name} (authority "${a.slug}"): ${DEMO_STAFF.map((s) => `${s.local}@${a.slug}.test`).join(', ')}`);
  }
  lines.push(`Providers: ${DEMO_PROVIDERS.map((p) => p.email).join(', ')}`);
  lines.push(`Platform operator: ${DEMO_OPERATOR.email}`);
  lines.push(`Password for every demo account: ${DEMO_PASSWORD}`);
  return lines;
}

/** Northmere has adopted its own policy pack (version 1): more social value, youth services restricted. */
export const NORTHMERE_POLICY = {
  minSocialValueWeight: '20',
  restrictedCategories: [{ code: 'youth-services', name: 'Youth services' }],
  publicCharacterGates: [{ test: 'shared_ownership', minimumLevel: 2 }],
  // Illustrative shares in the style of the 2021 Census, not Northmere's real figures.
  areaPopulation: {
    source: 'Illustrative, in the style of Census 2021 (demo)',
    tolerancePoints: '10',
    shares: {
      ageBand: { '0-15': '19', '16-24': '11', '25-64': '51', '65+': '19' },
      sex: { female: '51', male: '49' },
      ethnicity: { white: '71', asian: '16', black: '7', mixed: '4', other: '2' },
      socioEconomicGroup: { higher: '33', intermediate: '25', routine: '34', never_worked: '8' },
    },
  },
} as const;
