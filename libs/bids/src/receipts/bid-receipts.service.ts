import { Inject, Injectable } from '@nestjs/common';
import { Authority, User } from '#auth';
import { londonDateTime } from '#kernel';
import { Notifications, providerPeople } from '#notifications';
import {
  APP_CONFIG,
  type AppConfig,
  type BundledDocumentState,
  DocumentDownloads,
  DOCUMENT_STORAGE,
  type DocumentStorage,
  notFound,
  type Principal,
  RequestDb,
  SCAN_WAIT_SECONDS,
} from '#platform';
import { lotTitle, PublishedTenders, type Tender } from '#tendering';
import { BidDocument, BidSubmission } from '../bid-submission.entity.js';
import { type BundledDocument, receiptBundle } from './receipt-bundle.js';
import { rebuiltContent } from './sent-content.js';

export const RECEIPT_TEMPLATE = 'bid-received';

/** Why a document is listed in a receipt without its bytes, as the receipt says it. */
const leftOut = (why: NonNullable<BundledDocumentState['withheld']>) =>
  'malware' in why
    ? `malware found in it after it was sent, ${why.malware}`
    : `not yet checked for malware, as it was stored before scanning was turned on; download the receipt again once it has been (within ${SCAN_WAIT_SECONDS / 60} minutes)`;

/** A provider's own version of a bid, with the exact text its receipt's hash was taken of (null if that cannot be shown). */
export interface SentBid {
  bid: BidSubmission;
  tender: Tender;
  authority: string;
  sentText: string | null;
}

/**
 * Receipts a provider can keep: each version it sent, shown and downloaded exactly as sent (the text its hash
 * covers, stored with the bid, and the documents it included), and e-mailed when it arrives. All of it is the
 * provider's own: the authority sees none of it until the bids are opened, and the e-mail is the provider's message,
 * never the authority's (an authority reading its sent e-mails would otherwise learn who bid before the deadline).
 * Runs in a published-records transaction with the provider's context.
 */
@Injectable()
export class BidReceipts {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly db: RequestDb,
    private readonly tenders: PublishedTenders,
    private readonly notifications: Notifications,
    @Inject(DOCUMENT_STORAGE) private readonly storage: DocumentStorage,
    private readonly downloads: DocumentDownloads,
  ) {}

  /** One version the caller's organisation sent: not found for anyone else's, nor on another tender. */
  async sent(tenderId: string, bidId: string): Promise<SentBid> {
    const em = this.db.manager;
    const bid = await em
      .getRepository(BidSubmission)
      .createQueryBuilder('b')
      .addSelect('b.content')
      .where('b.id = :bidId AND b.tender_id = :tenderId', { bidId, tenderId })
      .getOne();
    if (!bid) throw notFound('Bid');
    const tender = await this.tenders.published(tenderId);
    const authority = (await em.findOneByOrFail(Authority, { id: tender.tenantId })).name;
    // Versions sent before the text was kept: rebuilt from the stored parts, and offered only if they hash to the receipt.
    const sentText = bid.content ?? rebuiltContent(bid, tender.modelHash);
    return { bid, tender, authority, sentText };
  }

  /**
   * The receipt as a zip, made as it is sent (receiptBundle): what was sent, the documents, and how to check them.
   * Null if the text cannot be shown.
   */
  async bundle(tenderId: string, bidId: string): Promise<{ fileName: string; zip: AsyncIterable<Uint8Array> } | null> {
    const { bid, tender, authority, sentText } = await this.sent(tenderId, bidId);
    if (sentText === null) return null;
    const documents: BundledDocument[] = [];
    // The type each was stored as (sniffed from its bytes; the zip deflates only text), and whether it may be sent:
    // the receipt leaves out what no download would serve (DocumentDownloads), saying why.
    const stored = await this.downloads.bundled(
      BidDocument,
      bid.documents.map((d) => d.id),
    );
    for (const d of bid.documents) {
      const found = stored.get(d.id);
      const bytes = () => this.storage.open(d.id);
      documents.push({
        fileName: d.fileName,
        sha256: d.sha256,
        ...(found?.withheld ? { withheld: leftOut(found.withheld) } : { bytes, contentType: found?.contentType ?? 'unknown' }),
      });
    }
    const lot = lotTitle(tender.evaluationModel, bid.lotKey);
    const zip = receiptBundle(
      {
        authority,
        tenderReference: tender.reference,
        tenderTitle: tender.title,
        lot,
        version: bid.version,
        receivedAt: londonDateTime(bid.submittedAt),
        hash: bid.contentHash,
      },
      sentText,
      documents,
    );
    return { fileName: `receipt-${tender.reference}-${bid.lotKey}-v${bid.version}.zip`.replace(/[^\w.-]+/g, '-'), zip };
  }

  /**
   * Tells whoever sent the bid that it arrived, with its hash and a link to the receipt: the person signed in, or,
   * for a bid sent with an API key, everyone at the organisation. In the submission's transaction, so a bid the
   * database refuses sends nothing.
   */
  async email(
    tender: Tender,
    bid: Pick<BidSubmission, 'id' | 'providerId' | 'lotKey' | 'version' | 'contentHash' | 'documents' | 'submittedBy'>,
    submittedAt: Date,
    principal: Principal,
  ) {
    const em = this.db.manager;
    const sender = principal.userId ? await em.findOneBy(User, { id: principal.userId }) : null;
    const people = sender ? [{ email: sender.email, display_name: sender.displayName }] : await providerPeople(em, bid.providerId);
    const authority = (await em.findOneByOrFail(Authority, { id: tender.tenantId })).name;
    const lot = lotTitle(tender.evaluationModel, bid.lotKey);
    await this.notifications.email(
      people.map((p) => ({
        to: p.email,
        providerId: bid.providerId,
        template: RECEIPT_TEMPLATE,
        data: {
          recipientName: p.display_name,
          authority,
          tenderReference: tender.reference,
          tenderTitle: tender.title,
          lot,
          severalLots: (tender.evaluationModel?.lots.length ?? 0) > 1,
          version: bid.version,
          receivedAt: submittedAt.toISOString(),
          hash: bid.contentHash,
          documentCount: bid.documents.length,
          deadline: tender.submissionDeadline?.toISOString() ?? null,
          receiptUrl: new URL(`/tenders/${tender.id}/receipts/${bid.id}`, this.config.PUBLIC_BASE_URL).toString(),
        },
      })),
    );
  }
}
