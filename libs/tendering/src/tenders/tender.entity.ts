import type { EvaluationModel } from '../model/evaluation-model.js';
import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn, VersionColumn } from 'typeorm';

export const TENDER_STATUSES = ['draft', 'published', 'closed', 'evaluation', 'awarded', 'no_award', 'cancelled'] as const;
export type TenderStatus = (typeof TENDER_STATUSES)[number];

/** A tender of one authority. */
@Entity('tenders')
export class Tender {
  @PrimaryColumn('uuid') id: string;
  @Column('uuid', { name: 'tenant_id' }) tenantId: string;
  @Column('text') reference: string;
  @Column('text') title: string;
  @Column('text') description: string;
  @Column('text') status: TenderStatus;
  /** Decimal string (numeric(18,2)); never a float. */
  @Column('numeric', { name: 'estimated_value', precision: 18, scale: 2, nullable: true }) estimatedValue: string | null;
  @Column('char', { length: 3 }) currency: string;
  @Column('timestamptz', { name: 'published_at', nullable: true }) publishedAt: Date | null;
  @Column('timestamptz', { name: 'submission_deadline', nullable: true }) submissionDeadline: Date | null;
  /** Questions are taken until then (the submission deadline when unset). */
  @Column('timestamptz', { name: 'clarification_deadline', nullable: true }) clarificationDeadline: Date | null;
  /** The policy pack version the tender was built under (0: the built-in defaults). */
  @Column('int', { name: 'policy_pack_version' }) policyPackVersion: number;
  /** The public character framework version in force at publication (0: the default); null before. Bids are judged by it. */
  @Column('int', { name: 'public_character_framework_version', nullable: true }) publicCharacterFrameworkVersion: number | null;
  /** The social value catalogue version in force at publication: bids' commitments are valued with it. */
  @Column('int', { name: 'social_value_catalogue_version', nullable: true }) socialValueCatalogueVersion: number | null;
  /** The criteria tree, lots and tie-break rule; frozen (in the database) once published. */
  @Column('jsonb', { name: 'evaluation_model', nullable: true }) evaluationModel: EvaluationModel | null;
  /** sha256 of the canonical model, set at publication and shown to bidders. */
  @Column('text', { name: 'model_hash', nullable: true }) modelHash: string | null;
  @Column('uuid', { name: 'created_by', nullable: true }) createdBy: string | null;
  /** The commissioning cycle the tender comes from; publishing checks the cycle is ready for tender. */
  @Column('uuid', { name: 'cycle_id', nullable: true }) cycleId: string | null;
  /** When the commissioner opened the bids (after the deadline); until then the database shows the authority none. */
  @Column('timestamptz', { name: 'bids_opened_at', nullable: true }) bidsOpenedAt: Date | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
  @VersionColumn() version: number;
}
