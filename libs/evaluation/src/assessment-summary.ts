import type { EngineResult } from '#scoring';
import { type EvaluationModel, lotTitle } from '#tendering';
import { markedCriteria } from './evaluation-bundle.js';
import type { AssessmentSummaryData } from './evaluation.entities.js';

export interface SummaryInput {
  tender: { id: string; reference: string; title: string };
  model: EvaluationModel;
  result: EngineResult;
  bids: { id: string; providerId: string; lotKey: string }[];
  /** The consensus rationale for a bid and criterion. */
  reasonOf: (bidId: string, criterionKey: string) => string;
  authorityName: string;
  providerNames: Map<string, string>;
  standstillEndsAt: Date;
}

/**
 * Each bidder's assessment summary (Procurement Act 2023 s.50): for every lot it bid for, its own
 * marks, scores and the reasons beside the winning bid's, its rank, or why it was excluded. Pure, so the
 * award service and the demo make them alike.
 */
export function assessmentSummaries(input: SummaryInput): { providerId: string; data: AssessmentSummaryData }[] {
  const { result, model } = input;
  const criteria = markedCriteria(model);
  const byId = new Map(result.bids.map((b) => [b.bidId, b]));
  return [...new Set(input.bids.map((b) => b.providerId))].map((providerId) => {
    const lots = input.bids
      .filter((b) => b.providerId === providerId)
      .map((b) => {
        const mine = byId.get(b.id)!;
        const lot = result.lots.find((l) => l.lotKey === b.lotKey)!;
        const winner = lot.winner ? byId.get(lot.winner)! : null;
        const cell = (r: typeof mine, key: string) => {
          const c = r.criteria.find((x) => x.key === key)!;
          return { mark: c.raw, weighted: c.weighted, contribution: c.contribution, reason: input.reasonOf(r.bidId, key) };
        };
        return {
          lotKey: b.lotKey,
          lotTitle: lotTitle(model, b.lotKey),
          won: lot.winner === b.id,
          rank: mine.rank,
          ranked: lot.ranking.length,
          excluded: mine.rejected
            ? `Rejected after clarification: ${mine.rejected}`
            : mine.excludedFor?.length
              ? `Excluded: ${mine.excludedFor.map((e) => e.detail).join('; ')}`
              : mine.excludedBy.length
                ? `Below the minimum score on ${mine.excludedBy.map((e) => e.criterion).join(', ')}`
                : null,
          total: mine.total,
          winnerTotal: winner?.total ?? null,
          priceScore: mine.priceScore,
          winnerPriceScore: winner?.priceScore ?? null,
          criteria: criteria.map((c) => ({
            key: c.key,
            title: c.title,
            scaleMax: c.scaleMax,
            yours: cell(mine, c.key),
            winner: winner && winner.bidId !== b.id ? cell(winner, c.key) : null,
          })),
        };
      });
    return {
      providerId,
      data: {
        tenderId: input.tender.id,
        tenderReference: input.tender.reference,
        tenderTitle: input.tender.title,
        authorityName: input.authorityName,
        providerName: input.providerNames.get(providerId) ?? 'Bidder',
        standstillEndsAt: input.standstillEndsAt.toISOString(),
        lots,
      },
    };
  });
}
