import { Injectable, type OnModuleInit } from '@nestjs/common';
import { In } from 'typeorm';
import { newId, RequestDb } from '#platform';
import { BidSubmission } from '#bids';
import { londonToday } from '#kernel';
import { publicCharacterCommitments, socialValueCommitments } from './commitments.js';
import { ContractCommitment } from './commitment.entity.js';
import { Verification } from '#public-character';
import { requireTender } from '#tendering';
import { AwardHooks } from '#evaluation';

export const commitmentView = (c: ContractCommitment) => ({
  id: c.id,
  bidId: c.bidId,
  providerId: c.providerId,
  kind: c.kind,
  code: c.code,
  title: c.title,
  level: c.level,
  verified: c.verified,
  statement: c.statement,
  evidence: c.evidence,
  reviewDue: c.reviewDue,
  detail: c.detail,
  createdAt: c.createdAt.toISOString(),
});

/**
 * Contract commitments: made from the winning bids when the contract is awarded, in the award's own
 * transaction, so an awarded contract always has them. Read by the authority's staff and by the provider
 * they bind (the database shows each only its own).
 */
@Injectable()
export class Commitments implements OnModuleInit {
  constructor(
    private readonly db: RequestDb,
    private readonly hooks: AwardHooks,
  ) {}

  onModuleInit(): void {
    this.hooks.register('contracts.commitments', (award) => this.recordForAward(award.tenderId, award.winningBidIds, award.at).then(() => undefined));
  }

  async recordForAward(tenderId: string, winnerBidIds: string[], awardedAt: Date): Promise<number> {
    const em = this.db.manager;
    if (!winnerBidIds.length) return 0;
    const bids = await em.find(BidSubmission, { where: { id: In(winnerBidIds), tenderId } });
    const decisions = await em.find(Verification, { where: { tenderId, bidId: In(winnerBidIds) }, order: { decidedAt: 'ASC', id: 'ASC' } });
    const rows: ContractCommitment[] = [];
    const awardedOn = londonToday(awardedAt);
    const base = (b: BidSubmission) => ({ tenantId: b.tenantId, tenderId, bidId: b.id, providerId: b.providerId, createdAt: awardedAt });
    for (const b of bids) {
      if (b.publicCharacter) {
        const verified: Record<string, number | null> = {};
        for (const d of decisions.filter((x) => x.bidId === b.id)) verified[d.testCode] = d.verifiedLevel;
        for (const c of publicCharacterCommitments(b.publicCharacter, verified, awardedOn))
          rows.push({ id: newId(), ...base(b), kind: 'public_character', ...c, detail: {} });
      }
      // Social value: each measure committed, with its quantities per contract year, reported on as delivered.
      for (const c of socialValueCommitments(b.socialValue, awardedOn)) rows.push({ id: newId(), ...base(b), kind: 'social_value', ...c });
    }
    if (rows.length) await em.insert(ContractCommitment, rows);
    return rows.length;
  }

  /** A tender's commitments, for its authority (another authority's tender is not found). */
  async forTender(tenderId: string): Promise<ContractCommitment[]> {
    await requireTender(this.db.manager, tenderId);
    return this.mine(tenderId);
  }

  /** For a provider: its own commitments from the tender (the database shows it no one else's). */
  mine(tenderId: string): Promise<ContractCommitment[]> {
    return this.db.manager.find(ContractCommitment, { where: { tenderId }, order: { kind: 'ASC', code: 'ASC' } });
  }
}
