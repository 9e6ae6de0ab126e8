import type { PublicCharacterSnapshot, SnapshotEvidence } from './snapshot.js';

/**
 * The public character commitments a winning bid becomes bound by (DOMAIN.md section 5: after award the
 * commitments become contract terms and are re-assessed yearly). Pure. Each test is a commitment at its
 * verified level, or where the commissioner did not verify it at the level the provider claimed (marked
 * unverified), in the provider's own words with the evidence it named; a test at level 0 commits to nothing.
 */
export interface CommitmentDraft { code: string; title: string; level: number; verified: boolean; statement: string; evidence: SnapshotEvidence[]; reviewDue: string }

export function publicCharacterCommitments(snapshot: PublicCharacterSnapshot, verified: Record<string, number | null>, awardedOn: string): CommitmentDraft[] {
  const [y, m, d] = awardedOn.split('-').map(Number);
  const next = new Date(Date.UTC(y + 1, m - 1, d));
  // 29 February awarded: reviewed on 28 February the next year.
  if (next.getUTCMonth() !== m - 1) next.setUTCDate(0);
  const reviewDue = next.toISOString().slice(0, 10);
  return snapshot.tests.flatMap((t) => {
    const checked = verified[t.code] !== undefined && verified[t.code] !== null;
    const level = checked ? verified[t.code]! : t.level ?? 0;
    if (!level) return [];
    return [{ code: t.code, title: t.name, level, verified: checked, statement: t.narrative ?? '', evidence: t.evidence, reviewDue }];
  });
}
