import type { EntityManager } from 'typeorm';
import { newId } from '#platform';
import { CommissioningCycle, CycleOutcome, DeliveryDecision, type DeliveryDecisionInput, EngagementActivity, EngagementResponse } from '#commissioning';
import { Tender } from '#tendering';

/**
 * The demo's commissioning cycles (docs/domain.md section 3). Northmere's youth
 * services cycle is complete and went to tender; its home care cycle is still
 * at "authorise", so its draft tender cannot be published yet. The youth
 * survey over-represents white, higher-earning parents, and a close personal
 * relationship with the young people is recorded as a warning signal: both
 * show as flags, as they would in real life.
 */
interface DemoActivity {
  title: string;
  method: EngagementActivity['method'];
  level: EngagementActivity['level'];
  upForGrabs: string;
  seniorOwner: string;
  cost: string;
  startsDaysAgo: number;
  days: number;
  participants: EngagementActivity['participants'];
  responses: { youSaid: string; changed: boolean; decisionArea: EngagementResponse['decisionArea']; weDid: string }[];
}
interface DemoCycle {
  authority: string;
  reference: string;
  title: string;
  serviceCategory: string | null;
  tender: string | null;
  purpose: string;
  accountability: string;
  success: string;
  needsAssessment: string;
  reviewYears: number;
  /** Days before the demo's usual timeline the cycle ran: a cycle whose tender was awarded long ago was decided long ago. */
  age?: number;
  activities: DemoActivity[];
  outcomes: Pick<CycleOutcome, 'statement' | 'source' | 'kind' | 'indicators'>[];
  decision: DeliveryDecisionInput | null;
}

const signals = (present: Partial<Record<DeliveryDecisionInput['warningSignals'][number]['signal'], string>>): DeliveryDecisionInput['warningSignals'] =>
  (['close_personal_relationship', 'complex_collaboration', 'system_risk_transfer'] as const).map((signal) => ({
    signal,
    present: signal in present,
    note: present[signal] ?? '',
  }));

export const DEMO_CYCLES: DemoCycle[] = [
  {
    authority: 'northmere',
    reference: 'NCC-CYC-2025-04',
    title: 'Youth services for Northmere',
    serviceCategory: 'youth-services',
    tender: 'NCC-2026-014',
    purpose: 'Every young person in Northmere has somewhere safe to go, a trusted adult to talk to, and a route into learning or work.',
    accountability: 'To young people and their families, through the Youth Assembly, and to the Children and Young People Scrutiny Committee.',
    success: 'No young person not in education, employment or training; young people say the clubs are theirs.',
    needsAssessment:
      'Joint Strategic Needs Assessment 2025: 7.1% of 16–17 year olds NEET (England 5.2%); 11 of 19 wards without an open youth club since the 2019 cuts.',
    reviewYears: 4,
    activities: [
      {
        title: 'Youth Assembly: the future of youth clubs',
        method: 'deliberative_panel',
        level: 'collaborate',
        cost: '6800.00',
        startsDaysAgo: 150,
        days: 42,
        upForGrabs: 'Which clubs open, their opening hours, and how young people share in running them.',
        seniorOwner: 'Director of Children’s Services',
        participants: { ageBand: { '0-15': 21, '16-24': 37, '25-64': 4, '65+': 0 } },
        responses: [
          {
            youSaid: 'Keep clubs open on Friday and Saturday evenings.',
            changed: true,
            decisionArea: 'specification',
            weDid: 'The specification requires Friday and Saturday evening sessions in every ward.',
          },
          {
            youSaid: 'Young people should help choose who runs the clubs.',
            changed: true,
            decisionArea: 'evaluation_model',
            weDid: 'Two Assembly members sit on the panel for the quality questions, and shared ownership is a gate in the evaluation.',
          },
        ],
      },
      {
        title: 'Survey of parents and carers',
        method: 'statutory_consultation',
        level: 'consult',
        cost: '2150.00',
        startsDaysAgo: 120,
        days: 28,
        upForGrabs: 'Locations and the balance between open-access clubs and targeted support.',
        seniorOwner: 'Head of Early Help',
        participants: {
          sex: { female: 212, male: 88 },
          ethnicity: { white: 270, asian: 18, black: 6, mixed: 4, other: 2 },
          socioEconomicGroup: { higher: 168, intermediate: 72, routine: 51, never_worked: 9 },
        },
        responses: [
          {
            youSaid: 'Close the small clubs and run one large, well-equipped centre.',
            changed: false,
            decisionArea: 'delivery_model',
            weDid: 'Not taken up: young people named travel across the city as the main barrier, so the franchise keeps clubs in the wards.',
          },
        ],
      },
    ],
    outcomes: [
      {
        statement: 'Fewer young people not in education, employment or training',
        source: 'national',
        kind: 'outcome',
        indicators: ['NEET rate among 16–17 year olds (DfE, annual)', 'Young people moving into work or training from the clubs'],
      },
      {
        statement: 'Young people feel they have somewhere safe to go',
        source: 'community',
        kind: 'outcome',
        indicators: ['Share answering yes in the annual youth survey'],
      },
      {
        statement: 'Each young person who asks gets a plan with a trusted adult',
        source: 'individual',
        kind: 'outcome',
        indicators: ['Plans agreed and reviewed with the young person'],
      },
      { statement: 'Club sessions delivered in every ward', source: 'community', kind: 'output', indicators: ['Sessions per ward per week'] },
    ],
    decision: {
      optionsConsidered: [
        {
          option: 'in_house',
          assessment: 'The council’s youth service was cut in 2019; rebuilding it would cost about £2.63m over three years and take a year to recruit.',
        },
        { option: 'non_market_partnership', assessment: 'No single public-interest institution covers all 19 wards.' },
        {
          option: 'competitive_tender',
          assessment: 'Local groups can run clubs under franchise, in lots small enough for them, with young people on their boards.',
        },
      ],
      chosen: 'competitive_tender',
      rationale:
        'A franchise to local groups keeps clubs in the wards and young people in charge; the shared ownership gate and the restricted category keep it in the hands of organisations with a public character.',
      warningSignals: signals({
        close_personal_relationship: 'Youth workers build trust over years: the contract keeps staff with the clubs when a franchise changes hands.',
      }),
      inHouseComparatorCost: '2630000.00',
      contract: { annualValue: '613333.33', lengthMonths: 36, capitalRequirement: '0' },
      forProfitEligible: false,
      forProfitJustification: null,
    },
  },
  {
    authority: 'northmere',
    reference: 'NCC-CYC-2022-03',
    title: 'Reducing re-offending',
    serviceCategory: 'community-justice',
    tender: 'NCC-2023-031',
    purpose: 'People leaving prison or on probation in Northmere stop offending and settle into a home and work.',
    accountability: 'To victims and the wider public, through the Community Safety Partnership, and to the Overview and Scrutiny Committee.',
    success: 'Fewer proven re-offences within a year than the cohort would be expected to commit; people housed and in work.',
    needsAssessment: 'Proven re-offending among adults released in Northmere was 29% in 2021 (England 25%); a third had no settled address on release.',
    reviewYears: 5,
    // Decided before the tender of three years ago: the comparator the saving was claimed against.
    age: 1300,
    activities: [],
    outcomes: [
      {
        statement: 'People in the cohort do not re-offend',
        source: 'national',
        kind: 'outcome',
        indicators: ['Proven re-offending within 12 months, read against the cohort', 'Settled accommodation at 6 months'],
      },
    ],
    decision: {
      optionsConsidered: [
        {
          option: 'in_house',
          assessment: 'The council’s offender services team would need fourteen keyworkers, housing officers and premises: about £4.8m over five years.',
        },
        { option: 'competitive_tender', assessment: 'Several providers run outcome-based resettlement services elsewhere.' },
      ],
      chosen: 'competitive_tender',
      rationale: 'Paying partly for outcomes shares the risk; the saving against in-house delivery was put at about £850,000 over five years.',
      warningSignals: signals({ complex_collaboration: 'Probation, housing and the police must work with the provider: the contract manager convenes them.' }),
      inHouseComparatorCost: '4800000.00',
      contract: { annualValue: '790000.00', lengthMonths: 60, capitalRequirement: '0' },
      forProfitEligible: true,
      forProfitJustification: null,
    },
  },
  {
    authority: 'northmere',
    reference: 'NCC-CYC-2026-01',
    title: 'Care at home for adults',
    serviceCategory: 'home-care',
    tender: 'NCC-2026-009',
    purpose: 'Adults who need care can live well in their own homes for as long as they want to.',
    accountability: 'To the people who receive care and their carers, and to the Adult Social Care Scrutiny Committee.',
    success: 'People say they have choice and control over their care; fewer emergency admissions from home.',
    needsAssessment: 'Demand for home care has grown 6% a year since 2022; 410 hours a week are unmet in the two rural localities.',
    reviewYears: 5,
    activities: [],
    decision: null,
    outcomes: [
      { statement: 'Hours of care delivered each week', source: 'national', kind: 'output', indicators: ['Hours delivered against hours commissioned'] },
    ],
  },
  {
    authority: 'southvale',
    reference: 'SVICB-CYC-2024-02',
    title: 'Falls prevention for older people',
    serviceCategory: 'falls-prevention',
    tender: 'SVICB-2024-006',
    purpose: 'Older people in Southvale stay steady on their feet and independent at home.',
    accountability: 'To older people and their carers, through the Southvale Older People’s Forum, and to the ICB board.',
    success: 'Fewer falls needing an ambulance or an admission; people say they feel more confident going out.',
    needsAssessment: 'Falls were the cause of 4,300 emergency admissions of people over 65 in 2023, 9% above the national rate.',
    reviewYears: 3,
    age: 640,
    activities: [],
    outcomes: [
      {
        statement: 'Older people who finish the programme fall less',
        source: 'individual',
        kind: 'outcome',
        indicators: ['Falls reported at six months', 'Timed up and go test before and after'],
      },
    ],
    decision: {
      optionsConsidered: [
        {
          option: 'in_house',
          assessment: 'The community trust’s therapy teams would need eleven new posts and venues: about £1.72m over three years.',
        },
        { option: 'competitive_tender', assessment: 'Community organisations already run exercise groups in most of the area’s venues.' },
      ],
      chosen: 'competitive_tender',
      rationale: 'A fixed-fee contract lets a community provider run the classes where older people already go; the KPIs keep the clinical standard.',
      warningSignals: signals({}),
      inHouseComparatorCost: '1720000.00',
      contract: { annualValue: '500000.00', lengthMonths: 36, capitalRequirement: '0' },
      forProfitEligible: true,
      forProfitJustification: null,
    },
  },
  {
    authority: 'southvale',
    reference: 'SVICB-CYC-2025-09',
    title: 'Community mental health support for adults',
    serviceCategory: 'mental-health',
    tender: 'SVICB-2026-004',
    purpose: 'Adults with mental health needs get support in their communities, early, from people who understand them.',
    accountability: 'To people with lived experience, through the Southvale Lived Experience Panel, and to the ICB board.',
    success: 'People recover and stay well in their communities; fewer crisis admissions.',
    needsAssessment: 'Community mental health transformation programme baseline, 2025.',
    reviewYears: 5,
    activities: [],
    outcomes: [
      {
        statement: 'People recover and stay well in their communities',
        source: 'community',
        kind: 'outcome',
        indicators: ['Recovery star progress', 'Crisis admissions per 10,000 adults'],
      },
    ],
    decision: {
      optionsConsidered: [
        { option: 'in_house', assessment: 'The trust’s community teams are at capacity.' },
        { option: 'competitive_tender', assessment: 'Voluntary sector partners already run peer support across the area.' },
      ],
      chosen: 'competitive_tender',
      rationale: 'Co-designed with the Lived Experience Panel; a tender lets peer-led organisations lead.',
      warningSignals: signals({ complex_collaboration: 'Support must join up with primary care and the trust’s crisis teams.' }),
      inHouseComparatorCost: '7100000.00',
      contract: { annualValue: '1260000.00', lengthMonths: 60, capitalRequirement: '0' },
      forProfitEligible: true,
      forProfitJustification: null,
    },
  },
];

const DAY = 86_400_000;
const dateOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** Seeds one authority's cycles and links each to its tender. Runs inside the demo seed's owner transaction. */
export async function seedCycles(em: EntityManager, authority: string, tenantId: string, tenderIds: Map<string, string>, commissioner: string, now: number) {
  for (const c of DEMO_CYCLES.filter((x) => x.authority === authority)) {
    const cycleId = newId();
    const from = now - (c.age ?? 0) * DAY;
    const created = new Date(from - 200 * DAY);
    await em.insert(CommissioningCycle, {
      id: cycleId,
      tenantId,
      reference: c.reference,
      title: c.title,
      serviceCategory: c.serviceCategory,
      purpose: c.purpose,
      accountability: c.accountability,
      success: c.success,
      needsAssessment: c.needsAssessment,
      reviewBy: dateOf(from + c.reviewYears * 365 * DAY),
      outputsOnlyReason: null,
      createdBy: commissioner,
      createdAt: created,
      updatedAt: created,
      version: 1,
    });
    for (const a of c.activities) {
      const activityId = newId();
      const starts = now - a.startsDaysAgo * DAY;
      await em.insert(EngagementActivity, {
        id: activityId,
        tenantId,
        cycleId,
        title: a.title,
        method: a.method,
        level: a.level,
        upForGrabs: a.upForGrabs,
        seniorOwner: a.seniorOwner,
        cost: a.cost,
        startsOn: dateOf(starts),
        endsOn: dateOf(starts + a.days * DAY),
        participants: a.participants,
        recordedBy: commissioner,
        recordedAt: new Date(starts + a.days * DAY),
      });
      for (const [i, r] of a.responses.entries()) {
        await em.insert(EngagementResponse, {
          id: newId(),
          tenantId,
          cycleId,
          activityId,
          ...r,
          recordedBy: commissioner,
          recordedAt: new Date(starts + (a.days + 7 + i) * DAY),
        });
      }
    }
    for (const [i, o] of c.outcomes.entries()) {
      await em.insert(CycleOutcome, { id: newId(), tenantId, cycleId, ...o, recordedBy: commissioner, recordedAt: new Date(from - (90 - i) * DAY) });
    }
    if (c.decision) {
      await em.insert(DeliveryDecision, {
        id: newId(),
        tenantId,
        cycleId,
        version: 1,
        chosen: c.decision.chosen,
        decision: c.decision,
        inHouseComparatorCost: c.decision.inHouseComparatorCost,
        forProfitEligible: c.decision.forProfitEligible,
        forProfitJustification: c.decision.forProfitJustification,
        decidedBy: commissioner,
        decidedAt: new Date(from - 80 * DAY),
      });
    }
    if (c.tender) await em.update(Tender, { id: tenderIds.get(c.tender)! }, { cycleId });
  }
}
