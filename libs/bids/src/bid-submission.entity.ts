import { Column, Entity, PrimaryColumn } from 'typeorm';
import { StoredFile } from '#platform';
import type { PublicCharacterSnapshot } from '#public-character';
import type { SocialValueSnapshot } from '#social-value';

export interface BidDocumentRef {
  id: string;
  fileName: string;
  sha256: string;
  sizeBytes: number;
}

/** A file attached to a provider's bid, sealed like the bid. */
@Entity('bid_documents')
export class BidDocument extends StoredFile {
  @Column('uuid', { name: 'provider_id' }) providerId: string;
}

/** One submitted version of a provider's bid for a lot. Immutable; the newest version is the bid. */
@Entity('bid_submissions')
export class BidSubmission {
  @PrimaryColumn('uuid') id: string;
  @Column('uuid', { name: 'tenant_id' }) tenantId: string;
  @Column('uuid', { name: 'tender_id' }) tenderId: string;
  @Column('uuid', { name: 'provider_id' }) providerId: string;
  @Column('text', { name: 'lot_key' }) lotKey: string;
  @Column('int') version: number;
  @Column('jsonb') answers: Record<string, string>;
  /** Decimal string (numeric(18,2)). */
  @Column('numeric', { precision: 18, scale: 2 }) price: string;
  @Column('jsonb', { name: 'cost_profile', nullable: true }) costProfile: { year: number; amount: string }[] | null;
  /** The documents this version includes, as they were when it was sent. */
  @Column('jsonb') documents: BidDocumentRef[];
  /** The provider's self-assessment against the tender's public character framework, as it was when sent. */
  @Column('jsonb', { name: 'public_character', nullable: true }) publicCharacter: PublicCharacterSnapshot | null;
  /** The bid's social value commitments, valued with the tender's catalogue version. */
  @Column('jsonb', { name: 'social_value', nullable: true }) socialValue: SocialValueSnapshot | null;
  @Column('text', { name: 'content_hash' }) contentHash: string;
  /**
   * The exact text the hash was taken of (canonical JSON), kept so the provider can see and download what it sent.
   * Null for versions sent before it was kept. Not read unless asked for: evaluation never needs it.
   */
  @Column('text', { select: false, nullable: true }) content?: string | null;
  @Column('uuid', { name: 'submitted_by', nullable: true }) submittedBy: string | null;
  @Column('timestamptz', { name: 'submitted_at' }) submittedAt: Date;
}
