/**
 * The service review (the Measure step, docs/domain.md section 3): every service is reviewed at least every
 * N years (the policy pack's reviewEveryYears). The review reads what was found against each outcome of the
 * cycle's framework and against its "you said, we did" promises, and decides what happens next with its
 * reasons; the next cycle starts from it. Pure: the rules, no framework.
 */
export const REVIEW_DECISIONS = ['recommission', 'insource', 'change'] as const;
export type ReviewDecision = (typeof REVIEW_DECISIONS)[number];
export const OUTCOME_FINDINGS = ['achieved', 'partly_achieved', 'not_achieved', 'not_measured'] as const;
export type OutcomeFinding = (typeof OUTCOME_FINDINGS)[number];

export interface OutcomeFindingInput {
  outcomeId: string;
  finding: OutcomeFinding;
  evidence: string;
}

export interface ReviewInput {
  outcomes: OutcomeFindingInput[];
  /** What the cycle's "you said, we did" promises came to. */
  engagementFindings: string;
  summary: string;
  decision: ReviewDecision;
  reasons: string;
}

export interface ReviewProblem {
  field: string;
  rule: string;
  message: string;
}

/** Every outcome of the framework found on once, none that is not in it; a finding other than "achieved" says what it rests on. */
export function reviewProblems(input: ReviewInput, outcomeIds: readonly string[]): ReviewProblem[] {
  const problems: ReviewProblem[] = [];
  const known = new Set(outcomeIds);
  const seen = new Set<string>();
  input.outcomes.forEach((o, i) => {
    if (!known.has(o.outcomeId))
      problems.push({ field: `outcomes.${i}.outcomeId`, rule: 'in-framework', message: 'outcomeId must be one of the cycle’s outcomes' });
    else if (seen.has(o.outcomeId)) problems.push({ field: `outcomes.${i}.outcomeId`, rule: 'once', message: 'each outcome is found on once' });
    seen.add(o.outcomeId);
    if (!o.evidence.trim())
      problems.push({ field: `outcomes.${i}.evidence`, rule: 'required', message: 'say what the finding rests on (results, evaluations, what people said)' });
  });
  outcomeIds
    .filter((id) => !seen.has(id))
    .forEach((id) =>
      problems.push({ field: 'outcomes', rule: 'every-outcome', message: `the outcome ${id} has no finding: the review covers the whole framework` }),
    );
  return problems;
}

/** Reviews are prepared for: the commissioners are told this many days before the review-by date, and again once it has passed. */
export const REVIEW_NOTICE_DAYS = 90;

/** Whether a cycle not yet reviewed is due for a reminder on `today` (London dates, YYYY-MM-DD), and which. */
export function reviewReminderKind(reviewBy: string, today: string, noticeOpensOn: string): 'open' | 'overdue' | null {
  if (reviewBy < today) return 'overdue';
  return noticeOpensOn >= reviewBy ? 'open' : null;
}

/** The next cycle's reference: the reviewed one's with the next review number (NCC-CYC-2022-03 → NCC-CYC-2022-03-R1 → …-R2). */
export function nextCycleReference(reference: string, taken: (ref: string) => boolean): string {
  const base = reference.replace(/-R\d+$/, '');
  const from = Number(/-R(\d+)$/.exec(reference)?.[1] ?? 0) + 1;
  for (let n = from; ; n++) {
    const ref = `${base}-R${n}`.slice(-60);
    if (!taken(ref)) return ref;
  }
}
