import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

export const LEGAL_FORMS = [
  'public_body',
  'charity',
  'community_interest_company',
  'cooperative_or_mutual',
  'company_limited_by_guarantee',
  'for_profit_company',
  'partnership',
  'sole_trader',
] as const;
export type LegalForm = (typeof LEGAL_FORMS)[number];
export const ORGANISATION_SIZES = ['micro', 'small', 'medium', 'large'] as const;
export type OrganisationSize = (typeof ORGANISATION_SIZES)[number];

/** A provider: owned by no authority; bids to many and keeps one evidence library. */
@Entity('provider_organisations')
export class ProviderOrganisation {
  @PrimaryColumn('uuid') id: string;
  @Column('text') name: string;
  @Column('text', { name: 'legal_form' }) legalForm: LegalForm;
  @Column('text') size: OrganisationSize;
  @Column('boolean', { name: 'voluntary_community_sector' }) voluntaryCommunitySector: boolean;
  @Column('text', { name: 'companies_house_number', nullable: true }) companiesHouseNumber: string | null;
  @Column('text', { name: 'charity_number', nullable: true }) charityNumber: string | null;
  @Column('text', { name: 'other_registration', nullable: true }) otherRegistration: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
