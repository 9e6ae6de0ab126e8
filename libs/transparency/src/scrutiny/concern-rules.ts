/**
 * Concerns and scrutiny (docs/domain.md, "Accountability"): anyone may raise a concern about a contract and
 * others support it; when enough distinct people, each confirmed, support it within the authority's window,
 * a scrutiny case opens. A case is a question the authority's elected members look into, never a finding:
 * it does not mark the provider as failing. Pure.
 */
export const CONCERN_CATEGORIES = ['quality', 'safety', 'access', 'value_for_money', 'conduct', 'other'] as const;
export type ConcernCategory = (typeof CONCERN_CATEGORIES)[number];
export const CATEGORY_NAMES: Readonly<Record<ConcernCategory, string>> = {
  quality: 'Quality of the service',
  safety: 'Safety or safeguarding',
  access: 'Who can use the service',
  value_for_money: 'Value for money',
  conduct: 'How the provider behaves',
  other: 'Something else',
};

/** What the public pages and API say beside every concern and case. */
export const NOT_A_FINDING =
  'A scrutiny case means enough people asked the authority’s elected members to look into a concern. It is not a finding that the provider is failing, and it does not change how the contract is rated.';

/** How long an e-mailed confirmation link works. */
export const CONFIRMATION_DAYS = 7;

export interface ConcernTrigger {
  supporters: number;
  windowDays: number;
}

/** The confirmed supporters that count now: those confirmed within the window ending at `now`. */
export function supportersInWindow(confirmedAt: readonly Date[], now: Date, trigger: ConcernTrigger): number {
  const from = now.getTime() - trigger.windowDays * 86_400_000;
  return confirmedAt.filter((d) => d.getTime() > from && d.getTime() <= now.getTime()).length;
}

/** Whether a concern with these confirmations has reached the threshold for a case. */
export const caseDue = (confirmedAt: readonly Date[], now: Date, trigger: ConcernTrigger) =>
  supportersInWindow(confirmedAt, now, trigger) >= trigger.supporters;
