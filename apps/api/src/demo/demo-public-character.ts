import type { EntityManager } from 'typeorm';
import { AuditEvent, auditEventRow, newId } from '#platform';
import {
  DEFAULT_FRAMEWORK,
  EvidenceItem,
  type EvidenceType,
  type LibraryItem,
  type PublicCharacterSnapshot,
  type SelfAssessmentAnswer,
  SelfAssessmentRow,
  takeSnapshot,
  Verification,
} from '#public-character';
import { CommitmentReview, type ContractCommitment } from '#contracts';

const DAY = 86_400_000;
type Answer = [level: number, narrative: string, evidence: string[]];
interface Profile {
  evidence: Record<string, { title: string; type: EvidenceType; url: string; issuedOn: string; expiresOn?: string }>;
  answers: Record<string, Answer>;
}

/**
 * Each demo provider's evidence library and self-assessment (issue 6), each telling a different story:
 * the community interest company strong on shared ownership, the for-profit company weak on transparency,
 * the mutual strong on its employees, the housing association strong as an institution. Links only (the
 * demo ships no documents); the addresses are examples.
 */
const PROFILES: Record<string, Profile> = {
  'bids@brightpath.test': {
    evidence: {
      articles: {
        title: 'Articles of association with asset lock',
        type: 'asset_lock',
        url: 'https://brightpath.example/governance/articles',
        issuedOn: '2019-06-01',
      },
      minutes: {
        title: 'Board minutes: service users’ and staff seats',
        type: 'board_minutes',
        url: 'https://brightpath.example/governance/minutes-2026',
        issuedOn: '2026-09-18',
        expiresOn: '2027-09-18',
      },
      panel: {
        title: 'Peer panel: user involvement record',
        type: 'user_involvement',
        url: 'https://brightpath.example/peer-panel',
        issuedOn: '2026-04-01',
        expiresOn: '2027-03-31',
      },
      foi: { title: 'Freedom of information policy', type: 'foi_policy', url: 'https://brightpath.example/foi', issuedOn: '2025-01-10' },
    },
    answers: {
      goals: [4, 'Our objects and asset lock bind us to reducing re-offending in the county; surpluses are reinvested in the service.', ['articles']],
      values: [3, 'We answer information requests as a public body would and publish board papers; equality monitoring is new.', ['foi']],
      citizens: [3, 'The peer panel shapes every service change; people choose their mentor.', ['panel']],
      employees: [2, 'Staff hold two board seats; training is funded, but pay progression is not yet set.', ['minutes']],
      performance: [3, 'Quarterly outcomes published against the probation service’s own measures.', []],
      institution: [2, 'Seven years old; strong local relationships, still building reserves.', []],
      shared_ownership: [4, 'Service users and staff hold half the board seats, with a members’ vote on strategy.', ['articles', 'minutes']],
      democratic_ownership: [2, 'We report to the community safety partnership; councillors observe our board twice a year.', ['minutes']],
      collaboration: [3, 'Joint referral pathway with probation, the housing options team and two charities.', []],
      control_of_suppliers: [2, 'Our two subcontractors pay the real Living Wage; other terms not yet required of them.', []],
    },
  },
  'bids@castleton.test': {
    evidence: {
      report: { title: 'Annual report and accounts 2025', type: 'annual_report', url: 'https://castleton.example/investors/2025', issuedOn: '2026-04-30' },
      livingWage: {
        title: 'Living wage accreditation',
        type: 'living_wage',
        url: 'https://castleton.example/living-wage',
        issuedOn: '2023-05-01',
        expiresOn: '2025-04-30',
      },
    },
    answers: {
      goals: [2, 'Our mission statement commits to quality care; objects are commercial.', ['report']],
      values: [1, 'Equality policy in place. Contract information is commercially confidential; we do not answer information requests.', []],
      citizens: [2, 'Annual satisfaction survey of service users.', []],
      employees: [2, 'National terms and conditions; accredited living wage employer.', ['livingWage']],
      performance: [3, 'National quality dashboard, reported monthly to commissioners.', ['report']],
      institution: [2, 'Part of a national group since 2011.', ['report']],
      shared_ownership: [
        2,
        'Owned by our parent company; a staff council holds two seats on the local management board, and service users are surveyed each year.',
        [],
      ],
      democratic_ownership: [0, 'Not applicable to our governance.', []],
      collaboration: [2, 'We attend local partnership meetings where invited.', []],
      control_of_suppliers: [1, 'Group procurement sets supplier terms nationally.', []],
    },
  },
  'bids@meadow.test': {
    evidence: {
      rules: { title: 'Society rules: employee ownership', type: 'governance_document', url: 'https://meadow.example/rules', issuedOn: '2018-03-01' },
      survey: {
        title: 'Staff survey 2026: 91% response',
        type: 'staff_survey',
        url: 'https://meadow.example/staff-survey-2026',
        issuedOn: '2026-06-30',
        expiresOn: '2027-06-30',
      },
      livingWage: {
        title: 'Living wage accreditation',
        type: 'living_wage',
        url: 'https://meadow.example/living-wage',
        issuedOn: '2026-02-01',
        expiresOn: '2028-01-31',
      },
    },
    answers: {
      goals: [3, 'Our rules commit us to the wellbeing of the people we support and of our members.', ['rules']],
      values: [3, 'Open book accounts to commissioners; equality and dignity training for every member.', []],
      citizens: [3, 'People we support co-design their plans; a users’ forum meets monthly.', []],
      employees: [
        4,
        'Every employee is a member with a vote; staff elect the board; pay ratio capped at 5:1; all paid the real Living Wage.',
        ['rules', 'survey', 'livingWage'],
      ],
      performance: [2, 'Improving; outcomes measures are new this year.', []],
      institution: [3, 'Twenty years of service in the county, spun out from the council.', ['rules']],
      shared_ownership: [3, 'Owned by its staff; users consulted but not members.', ['rules']],
      democratic_ownership: [1, 'Council nominee on the board until 2024; not now.', []],
      collaboration: [3, 'Partner in the county’s integrated care alliance.', []],
      control_of_suppliers: [2, 'Suppliers sign our ethical code.', []],
    },
  },
  'bids@harbour.test': {
    evidence: {
      history: {
        title: 'Fifty years of Harbour: history and strategy',
        type: 'annual_report',
        url: 'https://harbour.example/about/history',
        issuedOn: '2025-11-01',
      },
      code: {
        title: 'Governance code compliance statement',
        type: 'governance_document',
        url: 'https://harbour.example/governance/code',
        issuedOn: '2026-07-01',
        expiresOn: '2027-06-30',
      },
      tenants: { title: 'Tenants’ panel minutes', type: 'user_involvement', url: 'https://harbour.example/tenants-panel', issuedOn: '2026-10-12' },
    },
    answers: {
      goals: [3, 'Charitable objects: homes and support for people in housing need.', ['history']],
      values: [3, 'We publish our governance code compliance and board pay.', ['code']],
      citizens: [3, 'The tenants’ panel scrutinises services and reports to the board.', ['tenants']],
      employees: [3, 'Recognised union; staff forum with the chief executive quarterly.', []],
      performance: [3, 'Regulator’s top governance and viability grades.', ['code']],
      institution: [4, 'Fifty years in the region, 9,000 homes, a trusted name with councils, the NHS and the police.', ['history', 'code']],
      shared_ownership: [2, 'Two tenant board members.', ['tenants']],
      democratic_ownership: [2, 'Local authority nominations agreements on lettings.', []],
      collaboration: [3, 'Lead partner in the county’s homelessness prevention alliance.', ['history']],
      control_of_suppliers: [3, 'Repairs contractors on our terms: living wage and apprenticeships.', []],
    },
  },
};

/** The demo's libraries and self-assessments, stored; returns for each provider what a bid's snapshot is made from. */
export async function seedLibraries(em: EntityManager, providerIds: Map<string, string>, userIds: Map<string, string>, now: number) {
  const made = new Map<string, { answers: SelfAssessmentAnswer[]; library: LibraryItem[] }>();
  for (const [email, profile] of Object.entries(PROFILES)) {
    const providerId = providerIds.get(email)!;
    const idOf = new Map(Object.keys(profile.evidence).map((k) => [k, newId()]));
    const created = new Date(now - 60 * DAY);
    const items: EvidenceItem[] = Object.entries(profile.evidence).map(([key, e]) => ({
      id: idOf.get(key)!,
      providerId,
      title: e.title,
      evidenceType: e.type,
      description: '',
      url: e.url,
      fileName: null,
      contentType: null,
      sizeBytes: null,
      sha256: null,
      scanStatus: null,
      issuedOn: e.issuedOn,
      expiresOn: e.expiresOn ?? null,
      withdrawnAt: null,
      createdBy: userIds.get(email)!,
      createdAt: created,
      updatedAt: created,
    }));
    await em.insert(EvidenceItem, items);
    const answers = Object.entries(profile.answers).map(([testCode, [level, narrative, keys]]) => ({
      testCode,
      level,
      narrative,
      evidenceIds: keys.map((k) => idOf.get(k)!),
    }));
    await em.insert(
      SelfAssessmentRow,
      answers.map((a) => ({ ...a, providerId, updatedBy: userIds.get(email)!, updatedAt: created })),
    );
    made.set(email, {
      answers,
      library: items.map((e) => ({
        id: e.id,
        title: e.title,
        evidenceType: e.evidenceType,
        description: '',
        url: e.url,
        document: null,
        issuedOn: e.issuedOn,
        expiresOn: e.expiresOn,
        withdrawn: false,
      })),
    });
  }
  return made;
}

/** What a demo bid carries: the provider's self-assessment against the default framework, on the day it was sent. */
export const demoSnapshot = (made: { answers: SelfAssessmentAnswer[]; library: LibraryItem[] }, on: Date): PublicCharacterSnapshot =>
  takeSnapshot(DEFAULT_FRAMEWORK.tests, 0, made.answers, made.library, on.toISOString().slice(0, 10)).snapshot;

/** Adjustments in the awarded tender's verification; every other test was accepted as assessed. */
const ADJUSTED: Record<string, Record<string, [number, string]>> = {
  'bids@castleton.test': {
    institution: [1, 'The group has changed owner twice since 2011 and has no local board: the evidence does not show an enduring local institution.'],
  },
  'bids@brightpath.test': { performance: [2, 'The outcomes published cover the last two quarters only; a longer record is needed for level 3.'] },
};

/** The commissioner's verification of every bid to the awarded tender, a day after the bids were opened. */
export async function seedVerifications(
  em: EntityManager,
  tenderId: string,
  tenantId: string,
  deadline: Date,
  commissioner: string,
  emailOf: Map<string, string>,
  bids: { id: string; providerId: string; publicCharacter: PublicCharacterSnapshot | null }[],
) {
  const verified = new Map<string, Record<string, number>>();
  for (const b of bids) {
    const levels: Record<string, number> = {};
    verified.set(b.id, levels);
    const email = emailOf.get(b.providerId)!;
    for (const [i, t] of (b.publicCharacter?.tests ?? []).entries()) {
      const adjusted = ADJUSTED[email]?.[t.code];
      const v = {
        id: newId(),
        tenantId,
        tenderId,
        bidId: b.id,
        providerId: b.providerId,
        testCode: t.code,
        outcome: adjusted ? ('adjusted' as const) : ('accepted' as const),
        verifiedLevel: adjusted ? adjusted[0] : (t.level ?? 0),
        reason: adjusted?.[1] ?? '',
        respondBy: null,
        decidedBy: commissioner,
        decidedAt: new Date(deadline.getTime() + DAY + i * 60_000),
      };
      await em.insert(Verification, v);
      levels[t.code] = v.verifiedLevel;
      await em.insert(
        AuditEvent,
        auditEventRow({
          tenantId,
          occurredAt: v.decidedAt,
          actorUserId: commissioner,
          actorApiKeyId: null,
          action: 'public_character.verified',
          entityType: 'bid',
          entityId: b.id,
          requestId: null,
          data: { test: t.code, outcome: v.outcome, selfLevel: t.level, verifiedLevel: v.verifiedLevel, respondBy: null },
        }),
      );
    }
  }
  return verified;
}

/**
 * The first yearly review of each public character commitment, a week after the contract's first year:
 * each still met, but those the story says slipped, which drop one level with the reason.
 */
export async function seedCommitmentReviews(
  em: EntityManager,
  commitments: ContractCommitment[],
  reviewedAt: Date,
  reviewer: string,
  slipped: (c: ContractCommitment) => string | null,
) {
  await em.insert(
    CommitmentReview,
    commitments
      .filter((c) => c.kind === 'public_character')
      .map((c) => {
        const slip = (c.level ?? 0) > 0 ? slipped(c) : null;
        return {
          id: newId(),
          tenantId: c.tenantId,
          tenderId: c.tenderId,
          commitmentId: c.id,
          providerId: c.providerId,
          year: 1,
          level: slip ? c.level! - 1 : c.level!,
          note: slip ?? 'Checked against this year’s board minutes and the evidence the provider named at award: still met.',
          reviewedBy: reviewer,
          reviewedAt,
        };
      }),
  );
}
