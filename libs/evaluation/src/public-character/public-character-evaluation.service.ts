import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import { ProviderOrganisation } from '#auth';
import { RequestDb } from '#platform';
import { CommissioningCycle, DeliveryDecision } from '#commissioning';
import type { PolicyPack } from '#policy';
import type { Tender, VerifiedCriterion } from '#tendering';
import { type PublicCharacterFramework, Verification } from '#public-character';
import type { Gate, Restriction } from './gates.js';
import type { VerifiedBid } from './public-character-marks.js';

/** Everything the evaluation needs to know of public character for one tender, read in the authority's transaction. */
export interface PublicCharacterFacts {
  criteria: VerifiedCriterion[];
  gates: Gate[];
  restriction: Restriction | null;
  testNames: Record<string, string>;
  bids: VerifiedBid[];
  /** The newest decision per bid and test, for reasons shown beside marks. */
  decisions: Map<string, Verification>;
}

/**
 * Reads a tender's public character facts for the evaluation: which criteria verification marks (from the
 * framework version the tender was published with), the policy pack's gates, whether the cycle's service
 * category is restricted and what its delivery decision said of for-profit providers, and each bid's
 * verified levels. The rules that use them are pure (evaluation-inputs.ts, gates.ts).
 */
@Injectable()
export class PublicCharacterEvaluation {
  constructor(private readonly db: RequestDb) {}

  /**
   * `framework` is the version the tender was published with (null for a tender published before frameworks
   * were recorded) and `criteria` what it marks: the evaluation context has read and worked them out once.
   */
  async facts(
    ctx: { tender: Tender; pack: PolicyPack; framework: PublicCharacterFramework | null; verifiedCriteria: VerifiedCriterion[] },
    bids: { id: string; providerId: string }[],
  ): Promise<PublicCharacterFacts> {
    const em = this.db.manager;
    const { tender, pack, framework: fw, verifiedCriteria: criteria } = ctx;
    const testNames = Object.fromEntries((fw?.tests ?? []).map((t) => [t.code, t.name]));
    const decisions = new Map<string, Verification>();
    if (fw && bids.length) {
      const rows = await em.find(Verification, { where: { tenderId: tender.id, bidId: In(bids.map((b) => b.id)) }, order: { decidedAt: 'ASC', id: 'ASC' } });
      for (const v of rows) decisions.set(`${v.bidId} ${v.testCode}`, v);
    }
    const forms = bids.length
      ? new Map((await em.find(ProviderOrganisation, { where: { id: In([...new Set(bids.map((b) => b.providerId))]) } })).map((p) => [p.id, p.legalForm]))
      : new Map();
    const tests = [...new Set([...criteria.map((c) => c.test), ...pack.publicCharacterGates.map((g) => g.test)])];
    return {
      criteria,
      testNames,
      decisions,
      // Gates apply only where bids carry a self-assessment to verify (a tender published with a framework).
      gates: fw ? pack.publicCharacterGates : [],
      restriction: await this.restriction(tender, pack),
      bids: bids.map((b) => ({
        bidId: b.id,
        legalForm: forms.get(b.providerId) ?? '',
        verified: Object.fromEntries(tests.map((t) => [t, decisions.get(`${b.id} ${t}`)?.verifiedLevel ?? null])),
      })),
    };
  }

  /** The cycle's service category, if the policy pack restricts it, with what the delivery decision said of for-profit providers. */
  private async restriction(tender: Tender, pack: PolicyPack): Promise<Restriction | null> {
    if (!tender.cycleId) return null;
    const em = this.db.manager;
    const cycle = await em.findOne(CommissioningCycle, { where: { id: tender.cycleId } });
    const category = cycle?.serviceCategory ? pack.restrictedCategories.find((r) => r.code.toLowerCase() === cycle.serviceCategory!.toLowerCase()) : null;
    if (!category) return null;
    const decision = await em.findOne(DeliveryDecision, { where: { cycleId: tender.cycleId }, order: { version: 'DESC' } });
    return {
      category: category.name,
      forProfitEligible: decision?.forProfitEligible ?? false,
      forProfitJustification: decision?.forProfitJustification ?? null,
    };
  }
}
