/**
 * Verification of a provider's self-assessment, per bid and test, by the commissioner (docs/domain.md section 5):
 * accept (the provider's level stands), adjust (a new level, with the reason), reject (level 0, with the
 * reason), or ask for more evidence by a date (the provider is told and may answer once, before it).
 * The newest decision on a test is its outcome. Pure: no framework imports.
 */
export const OUTCOMES = ['accepted', 'adjusted', 'rejected', 'more_requested'] as const;
export type Outcome = (typeof OUTCOMES)[number];

export interface Decision {
  outcome: Outcome;
  level?: number | null;
  reason?: string | null;
  respondBy?: string | null;
}
export interface Problem {
  field: string;
  rule: string;
  message: string;
}

export function decisionProblems(d: Decision, selfLevel: number | null, now: Date): Problem[] {
  const problems: Problem[] = [];
  const reason = d.reason?.trim() ?? '';
  if (d.outcome !== 'accepted' && !reason) problems.push({ field: 'reason', rule: 'required', message: 'Give the reason: the provider sees it' });
  if (d.outcome === 'adjusted') {
    if (d.level === undefined || d.level === null)
      problems.push({ field: 'level', rule: 'required', message: 'Choose the verified level: an adjustment gives one (0 to 4)' });
    else if (d.level === (selfLevel ?? 0))
      problems.push({ field: 'level', rule: 'differs', message: `The provider assessed itself at ${selfLevel ?? 0}: to keep that level, accept it` });
  } else if (d.level !== undefined && d.level !== null) {
    problems.push({
      field: 'level',
      rule: 'not-allowed',
      message: `Only an adjustment gives a level (${d.outcome === 'rejected' ? 'a rejection is level 0' : d.outcome === 'accepted' ? 'an acceptance keeps the provider’s level' : 'the level waits for the answer'})`,
    });
  }
  if (d.outcome === 'more_requested') {
    if (!d.respondBy) problems.push({ field: 'respondBy', rule: 'required', message: 'Say by when the provider must answer' });
    else if (new Date(d.respondBy).getTime() <= now.getTime())
      problems.push({ field: 'respondBy', rule: 'future', message: 'The date to answer by must be in the future' });
  } else if (d.respondBy) {
    problems.push({ field: 'respondBy', rule: 'not-allowed', message: 'Only a request for more evidence has a date to answer by' });
  }
  return problems;
}

/** The level a decision verifies; null while more evidence is awaited. An unassessed test accepted is level 0. */
export function verifiedLevel(d: Pick<Decision, 'outcome' | 'level'>, selfLevel: number | null): number | null {
  switch (d.outcome) {
    case 'accepted':
      return selfLevel ?? 0;
    case 'adjusted':
      return d.level!;
    case 'rejected':
      return 0;
    case 'more_requested':
      return null;
  }
}
