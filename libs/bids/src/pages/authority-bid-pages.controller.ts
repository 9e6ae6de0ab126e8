import { Controller, Get, Param, Render, UseInterceptors } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { providerNames } from '#auth';
import { Access, notFound, RequestDb, uuidParam } from '#platform';
import { bidQuestions, tenderOr404 } from '#tendering';
import { PageInterceptor, pounds } from '#web';
import { BidDocuments } from '../bid-documents.service.js';
import { Bids } from '../bids.service.js';

const BID_READERS = ['commissioner', 'evaluator', 'auditor'] as const;
/** A decimal string with its thousands grouped, as written (never through a float). */
const grouped = (d: string) => d.replace(/^(-?\d+)/, (whole) => whole.replace(/\B(?=(\d{3})+(?!\d))/g, ','));

/**
 * One opened bid as its bidder sent it, for those who read bids: the answers under each question, the
 * price (and cost profile), the social value committed, the documents, and the receipt's full hash, which
 * the bidder holds too. Nothing here exists for the authority until the bids are opened.
 */
@ApiExcludeController()
@Controller('authority/tenders')
export class AuthorityBidPagesController {
  constructor(
    private readonly bids: Bids,
    private readonly documents: BidDocuments,
    private readonly db: RequestDb,
  ) {}

  @Get(':id/bids/:bidId')
  @Access(...BID_READERS)
  @Render('tenders/authority-bid')
  @UseInterceptors(PageInterceptor)
  async bid(@Param('id', uuidParam()) id: string, @Param('bidId', uuidParam('bidId')) bidId: string) {
    const tender = await tenderOr404(this.db.manager, id);
    const bid = await this.bids.one(id, bidId);
    const provider = (await providerNames(this.db.manager, [bid.providerId])).get(bid.providerId) ?? 'A provider';
    const model = tender.evaluationModel!;
    const lot = model.lots.find((l) => l.key === bid.lotKey);
    return {
      title: `${provider}: bid for ${tender.reference}`,
      tender: { id: tender.id, reference: tender.reference, title: tender.title },
      bid: {
        provider,
        lot: lot?.title ?? bid.lotKey,
        version: bid.version,
        submittedAt: bid.submittedAt.toISOString(),
        hash: bid.contentHash,
        price: pounds(bid.price),
        costProfile: (bid.costProfile ?? []).map((y) => ({ year: y.year, amount: pounds(y.amount) })),
      },
      // Every question of the model in its order, and what the bid said (a question marked by formula or by verification may have none).
      answers: bidQuestions(model).map((q) => ({ group: q.group, title: q.title, answer: bid.answers[q.key]?.trim() || null })),
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
      documents: bid.documents.map((d) => ({ name: d.fileName, sha256: d.sha256, href: `/authority/tenders/${id}/bids/${bidId}/documents/${d.id}` })),
    };
  }

  @Get(':id/bids/:bidId/documents/:docId')
  @Access(...BID_READERS)
  async document(@Param('id', uuidParam()) id: string, @Param('bidId', uuidParam('bidId')) bidId: string, @Param('docId', uuidParam('docId')) docId: string) {
    const bid = await this.bids.one(id, bidId);
    // Only a document this version of the bid included: the receipt's hash covers exactly those.
    if (!bid.documents.some((d) => d.id === docId)) throw notFound('Document');
    return this.documents.download(id, docId);
  }
}
