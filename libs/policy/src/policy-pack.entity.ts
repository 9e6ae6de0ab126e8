import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { PolicyPack } from './policy-pack.js';

/** One adopted version of an authority's policy pack. Immutable: a change is a new version. */
@Entity('policy_packs')
export class PolicyPackVersion {
  @PrimaryColumn('uuid') id: string;
  @Column('uuid', { name: 'tenant_id' }) tenantId: string;
  @Column('int') version: number;
  @Column('jsonb') pack: PolicyPack;
  @Column('uuid', { name: 'created_by', nullable: true }) createdBy: string | null;
  @Column('timestamptz', { name: 'created_at' }) createdAt: Date;
}
