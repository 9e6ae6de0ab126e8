import { canonicalJson, sha256 } from '#kernel';
import type { PublicCharacterSnapshot } from '#public-character';
import type { SocialValueSnapshot } from '#social-value';
import type { BidDocumentRef } from '../bid-submission.entity.js';

/** What a bid's receipt covers: everything the provider sent, and the model it answered. */
export interface SentParts {
  tenderId: string;
  modelHash: string | null;
  lotKey: string;
  answers: Record<string, string>;
  price: string;
  costProfile: { year: number; amount: string }[] | null;
  documents: BidDocumentRef[];
  publicCharacter: PublicCharacterSnapshot | null;
  socialValue: SocialValueSnapshot | null;
}

/**
 * The receipt's text and its hash. The text is canonical JSON (keys sorted at every level), so the hash is the
 * sha256 of exactly these bytes: the provider can check a downloaded receipt with any sha256 tool. The
 * self-assessment and the commitments appear only when the bid has them, so receipts of bids to tenders
 * without a framework or a catalogue keep the hash they always had.
 */
export function sealedContent(p: SentParts): { text: string; hash: string } {
  const text = canonicalJson({
    tenderId: p.tenderId,
    modelHash: p.modelHash,
    lotKey: p.lotKey,
    answers: p.answers,
    price: p.price,
    costProfile: p.costProfile,
    documents: p.documents,
    ...(p.publicCharacter ? { publicCharacter: p.publicCharacter } : {}),
    ...(p.socialValue ? { socialValue: p.socialValue } : {}),
  });
  return { text, hash: sha256(text) };
}

/**
 * The text of a bid sent before its receipt's bytes were kept, rebuilt from what was stored, if it is exactly what
 * was sent: only when its hash is the receipt's. A price stored as 480000.00 but sent as 480000, say, hashes
 * differently, and then nothing is offered as "what you sent" (a near copy would be a false receipt).
 */
export function rebuiltContent(stored: Omit<SentParts, 'modelHash'> & { contentHash: string }, modelHash: string | null): string | null {
  const { text, hash } = sealedContent({ ...stored, modelHash });
  return hash === stored.contentHash ? text : null;
}
