import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { PublicCharacterFramework } from './framework.js';

/** One adopted version of an authority's public character framework (version 0, the default, is not stored). */
@Entity('public_character_frameworks')
export class PublicCharacterFrameworkVersion {
  @PrimaryColumn('uuid') id: string;
  @Column('uuid', { name: 'tenant_id' }) tenantId: string;
  @Column('int') version: number;
  @Column('jsonb') framework: PublicCharacterFramework;
  @Column('uuid', { name: 'created_by', nullable: true }) createdBy: string | null;
  @Column('timestamptz', { name: 'created_at' }) createdAt: Date;
}
