import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A provider's question about a tender and, once answered, the answer published to every bidder. */
@Entity('clarifications')
export class Clarification {
  @PrimaryColumn('uuid') id: string;
  @Column('uuid', { name: 'tenant_id' }) tenantId: string;
  @Column('uuid', { name: 'tender_id' }) tenderId: string;
  @Column('uuid', { name: 'provider_id' }) providerId: string;
  @Column('uuid', { name: 'asked_by', nullable: true }) askedBy: string | null;
  @Column('text') question: string;
  @Column('timestamptz', { name: 'asked_at' }) askedAt: Date;
  @Column('text', { name: 'published_question', nullable: true }) publishedQuestion: string | null;
  @Column('text', { nullable: true }) answer: string | null;
  @Column('uuid', { name: 'answered_by', nullable: true }) answeredBy: string | null;
  @Column('timestamptz', { name: 'answered_at', nullable: true }) answeredAt: Date | null;
}
