import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One version of an authority's social value catalogue (version 0, the built-in one, is not stored). */
@Entity('social_value_catalogues')
export class SocialValueCatalogue {
  @PrimaryColumn('uuid') id: string;
  @Column('uuid', { name: 'tenant_id' }) tenantId: string;
  @Column('int') version: number;
  @Column('text', { name: 'file_name', nullable: true }) fileName: string | null;
  @Column('int') measures: number;
  @Column('uuid', { name: 'created_by', nullable: true }) createdBy: string | null;
  @Column('timestamptz', { name: 'created_at' }) createdAt: Date;
}

@Entity('social_value_measures')
export class SocialValueMeasure {
  @Column('uuid', { name: 'tenant_id' }) tenantId: string;
  @PrimaryColumn('uuid', { name: 'catalogue_id' }) catalogueId: string;
  @PrimaryColumn('text') code: string;
  @Column('text') theme: string;
  @Column('text') outcome: string;
  @Column('text') name: string;
  @Column('text') unit: string;
  /** £ per unit: numeric(14,2), read as a decimal string. */
  @Column('numeric', { name: 'proxy_value', precision: 14, scale: 2 }) proxyValue: string;
  @Column('text') source: string;
}

export const SOCIAL_VALUE_ENTITIES = [SocialValueCatalogue, SocialValueMeasure];
