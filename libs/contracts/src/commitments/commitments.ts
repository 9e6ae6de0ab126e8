import { addYears } from '#kernel';
import type { SocialValueSnapshot } from '#social-value';
import type { CommitmentDetail } from './commitment.entity.js';
import type { PublicCharacterSnapshot, SnapshotEvidence } from '#public-character';

/**
 * The public character commitments a winning bid becomes bound by (docs/domain.md section 5: after award the
 * commitments become contract terms and are re-assessed yearly). Pure. Each test is a commitment at its
 * verified level, or where the commissioner did not verify it at the level the provider claimed (marked
 * unverified), in the provider's own words with the evidence it named; a test at level 0 commits to nothing.
 */
export interface CommitmentDraft {
  code: string;
  title: string;
  level: number;
  verified: boolean;
  statement: string;
  evidence: SnapshotEvidence[];
  reviewDue: string;
}

/** The social value a winning bid committed, one commitment per measure with its yearly quantities. */
export function socialValueCommitments(
  snapshot: SocialValueSnapshot | null,
  awardedOn: string,
): (Omit<CommitmentDraft, 'level'> & { level: null; detail: CommitmentDetail })[] {
  return (snapshot?.commitments ?? []).map((c) => ({
    code: c.measureCode,
    title: c.name,
    level: null,
    verified: false,
    statement: c.method,
    evidence: [],
    reviewDue: addYears(awardedOn, 1),
    detail: { unit: c.unit, proxyValue: c.proxyValue, quantities: c.quantities, totalValue: c.totalValue },
  }));
}

export function publicCharacterCommitments(snapshot: PublicCharacterSnapshot, verified: Record<string, number | null>, awardedOn: string): CommitmentDraft[] {
  // A year after award (29 February awarded: 28 February the next year).
  const reviewDue = addYears(awardedOn, 1);
  return snapshot.tests.flatMap((t) => {
    const checked = verified[t.code] !== undefined && verified[t.code] !== null;
    const level = checked ? verified[t.code]! : (t.level ?? 0);
    if (!level) return [];
    return [{ code: t.code, title: t.name, level, verified: checked, statement: t.narrative ?? '', evidence: t.evidence, reviewDue }];
  });
}
