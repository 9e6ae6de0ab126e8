/**
 * Public character in the evaluation (docs/domain.md sections 3 to 5; issue 6), as exclusions decided before
 * scoring. Pure: plain values in, the reasons out; the engine takes them as declared exclusions, so an
 * offline recomputation from the bundle excludes exactly the same bids.
 *
 * - A gate from the policy pack (a minimum verified level on a named test) excludes a bid whose verified
 *   level is below it. Only verification counts: a test not yet verified, or not assessed, is level 0.
 * - A non-profit legal form never passes a gate on its own: the rule reads levels, never the legal form.
 * - In a restricted service category a for-profit provider is excluded, unless the cycle's delivery
 *   decision let for-profit providers in with a recorded justification.
 */
export const FOR_PROFIT_FORMS: readonly string[] = ['for_profit_company', 'partnership', 'sole_trader'];

export interface Exclusion {
  rule: 'public-character-gate' | 'restricted-category';
  detail: string;
}
export interface GateBid {
  bidId: string;
  legalForm: string;
  verified: Record<string, number | null>;
}
export interface Gate {
  test: string;
  minimumLevel: number;
}
/** Restricted: the cycle's service category is one of the policy pack's restricted categories. */
export interface Restriction {
  category: string | null;
  forProfitJustification: string | null;
  forProfitEligible: boolean;
}

export function exclusionsFor(
  bids: GateBid[],
  gates: Gate[],
  restriction: Restriction | null,
  testNames: Record<string, string> = {},
): Record<string, Exclusion[]> {
  const out: Record<string, Exclusion[]> = {};
  const forProfitAllowed = !restriction?.category || (restriction.forProfitEligible && !!restriction.forProfitJustification?.trim());
  for (const b of bids) {
    const list: Exclusion[] = [];
    if (!forProfitAllowed && FOR_PROFIT_FORMS.includes(b.legalForm)) {
      list.push({
        rule: 'restricted-category',
        detail: `${restriction!.category} is a restricted service category and the commissioning decision did not open it to for-profit providers`,
      });
    }
    for (const g of gates) {
      const level = b.verified[g.test] ?? 0;
      if (level < g.minimumLevel) {
        list.push({ rule: 'public-character-gate', detail: `${testNames[g.test] ?? g.test}: verified level ${level}, below the minimum of ${g.minimumLevel}` });
      }
    }
    if (list.length) out[b.bidId] = list;
  }
  return out;
}
