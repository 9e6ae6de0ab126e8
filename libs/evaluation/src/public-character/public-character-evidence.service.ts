import { Injectable, type StreamableFile } from '@nestjs/common';
import { DocumentDownloads, notFound, RequestDb } from '#platform';
import { BidSubmission } from '#bids';
import { type SnapshotEvidence, Verification, VerificationResponse } from '#public-character';

/**
 * The authority's way to a provider's evidence documents: only those a bid it can read carries (in its
 * snapshot, or in an answer to a request for more). The library itself stays the provider's.
 */
@Injectable()
export class PublicCharacterEvidence {
  constructor(
    private readonly db: RequestDb,
    private readonly downloads: DocumentDownloads,
  ) {}

  async download(tenderId: string, bidId: string, evidenceId: string): Promise<StreamableFile> {
    const em = this.db.manager;
    // The database shows the authority a bid only once opened, and only its own.
    const bid = await em.findOne(BidSubmission, { where: { id: bidId, tenderId } });
    if (!bid?.publicCharacter) throw notFound('Bid');
    const carried: SnapshotEvidence[] = bid.publicCharacter.tests.flatMap((t) => t.evidence);
    const asked = await em.find(Verification, { where: { bidId }, select: { id: true } });
    if (asked.length) {
      const answers = await em
        .getRepository(VerificationResponse)
        .createQueryBuilder('r')
        .where('r.verification_id IN (:...ids)', { ids: asked.map((a) => a.id) })
        .getMany();
      carried.push(...answers.flatMap((a) => a.evidence));
    }
    const doc = carried.find((e) => e.id === evidenceId)?.document;
    if (!doc) throw notFound('Evidence document');
    // How it was screened as it arrived is on the provider's row, not in the snapshot: only a later verdict can withhold it here.
    return this.downloads.open({ id: evidenceId, contentType: doc.contentType, sizeBytes: String(doc.sizeBytes), fileName: doc.fileName });
  }
}
