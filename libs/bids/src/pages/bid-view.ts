import { LEVELS } from '#public-character';
import { bidQuestions, type EvaluationModel, lotTitle } from '#tendering';
import { pounds } from '#web';
import type { BidSubmission } from '../bid-submission.entity.js';

/** A decimal string with its thousands grouped, as written (never through a float). */
const grouped = (d: string) => d.replace(/^(-?\d+)/, (whole) => whole.replace(/\B(?=(\d{3})+(?!\d))/g, ','));

/**
 * One version of a bid as its bidder sent it, for a page (the `bid-sent` partial): the lot, the price and cost profile,
 * every question of the model in its order with what the bid said (one marked by formula or by verification may
 * have none), the self-assessment it carried (each public character test's level, narrative and evidence), the social value committed, and the documents, each linked by `documentHref`. The authority reads
 * this once the bids are opened; the bidder reads the same on its receipt.
 */
export function bidView(bid: BidSubmission, model: EvaluationModel, documentHref: (documentId: string) => string) {
  return {
    bid: {
      lot: lotTitle(model, bid.lotKey),
      version: bid.version,
      submittedAt: bid.submittedAt.toISOString(),
      hash: bid.contentHash,
      price: pounds(bid.price),
      costProfile: (bid.costProfile ?? []).map((y) => ({ year: y.year, amount: pounds(y.amount) })),
    },
    answers: bidQuestions(model).map((q) => ({ group: q.group, title: q.title, answer: bid.answers[q.key]?.trim() || null })),
    publicCharacter: bid.publicCharacter
      ? bid.publicCharacter.tests.map((x) => ({
          name: x.name,
          level: x.level === null ? 'Not assessed (counts as 0)' : `${x.level}: ${LEVELS[x.level]}`,
          narrative: x.narrative?.trim() || null,
          evidence: x.evidence.length,
        }))
      : null,
    socialValue: bid.socialValue
      ? {
          total: pounds(bid.socialValue.totalValue),
          share: bid.socialValue.shareOfPricePercent,
          commitments: bid.socialValue.commitments.map((c) => ({
            name: c.name,
            quantity: `${grouped(c.totalQuantity)} (${c.unit})`,
            value: pounds(c.totalValue),
          })),
        }
      : null,
    documents: bid.documents.map((d) => ({ name: d.fileName, sha256: d.sha256, href: documentHref(d.id) })),
  };
}
