import type { FrameworkTest } from '../framework/framework.js';

/**
 * What a bid carries of the provider's public character: its self-assessment against each test of the
 * tender's framework version, with copies of the evidence it named, as they stood when the bid was sent.
 * Stored in the bid (immutable, sealed, hashed into the receipt), so later edits to the library never
 * change what was evaluated. Pure: built from plain rows, no framework imports.
 */
export const EVIDENCE_TYPES = [
  'governance_document',
  'board_minutes',
  'foi_policy',
  'user_involvement',
  'staff_survey',
  'living_wage',
  'asset_lock',
  'accreditation',
  'annual_report',
  'policy',
  'other',
] as const;
export type EvidenceType = (typeof EVIDENCE_TYPES)[number];

export const EVIDENCE_TYPE_NAMES: Record<EvidenceType, string> = {
  governance_document: 'Governance document',
  board_minutes: 'Board minutes',
  foi_policy: 'Freedom of information policy',
  user_involvement: 'User involvement record',
  staff_survey: 'Staff survey',
  living_wage: 'Living wage accreditation',
  asset_lock: 'Asset lock',
  accreditation: 'Other accreditation',
  annual_report: 'Annual report',
  policy: 'Policy',
  other: 'Other',
};

/** An evidence item as the library holds it (dates as YYYY-MM-DD). */
export interface LibraryItem {
  id: string;
  title: string;
  evidenceType: EvidenceType;
  description: string;
  url: string | null;
  document: { fileName: string; contentType: string; sizeBytes: number; sha256: string } | null;
  issuedOn: string | null;
  expiresOn: string | null;
  withdrawn: boolean;
}

/** A copy of an evidence item in a snapshot, with whether it had expired on the day it was sent. */
export type SnapshotEvidence = Omit<LibraryItem, 'withdrawn'> & { expired: boolean };

export interface SelfAssessmentAnswer {
  testCode: string;
  level: number;
  narrative: string;
  evidenceIds: string[];
}

export interface SnapshotTest {
  code: string;
  name: string;
  level: number | null;
  narrative: string | null;
  evidence: SnapshotEvidence[];
}

export interface PublicCharacterSnapshot {
  frameworkVersion: number;
  /** The London date the bid was prepared on: expiry is judged against it. */
  takenOn: string;
  tests: SnapshotTest[];
}

/** Expired on `on` (both YYYY-MM-DD): the day after its expiry date. An item without one never expires. */
export const isExpired = (expiresOn: string | null, on: string): boolean => expiresOn !== null && expiresOn < on;

/** Why a test's answer is weaker than it looks: not answered, evidence withdrawn or expired. Shown in the preview. */
export interface SnapshotWarning {
  test: string;
  rule: 'not-assessed' | 'evidence-withdrawn' | 'evidence-expired';
  message: string;
}

export function takeSnapshot(
  tests: Pick<FrameworkTest, 'code' | 'name'>[],
  frameworkVersion: number,
  answers: SelfAssessmentAnswer[],
  library: LibraryItem[],
  on: string,
): { snapshot: PublicCharacterSnapshot; warnings: SnapshotWarning[] } {
  const byCode = new Map(answers.map((a) => [a.testCode, a]));
  const byId = new Map(library.map((e) => [e.id, e]));
  const warnings: SnapshotWarning[] = [];
  const snapshotTests = tests.map((t): SnapshotTest => {
    const a = byCode.get(t.code);
    if (!a) {
      warnings.push({ test: t.code, rule: 'not-assessed', message: `${t.name} is not assessed: it counts as level 0 (not met)` });
      return { code: t.code, name: t.name, level: null, narrative: null, evidence: [] };
    }
    const evidence: SnapshotEvidence[] = [];
    for (const id of a.evidenceIds) {
      const item = byId.get(id);
      if (!item || item.withdrawn) {
        warnings.push({
          test: t.code,
          rule: 'evidence-withdrawn',
          message: `${t.name}: an evidence item you named has been withdrawn from your library and is left out`,
        });
        continue;
      }
      const { withdrawn: _w, ...copy } = item;
      const expired = isExpired(item.expiresOn, on);
      if (expired) warnings.push({ test: t.code, rule: 'evidence-expired', message: `${t.name}: “${item.title}” expired on ${item.expiresOn}` });
      evidence.push({ ...copy, expired });
    }
    return { code: t.code, name: t.name, level: a.level, narrative: a.narrative, evidence };
  });
  return { snapshot: { frameworkVersion, takenOn: on, tests: snapshotTests }, warnings };
}
