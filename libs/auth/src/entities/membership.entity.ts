import type { AuthorityRole } from '#platform';
import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** A person's roles in one authority. Tenant-owned. Deactivated, never deleted. */
@Entity('memberships')
export class Membership {
  @PrimaryColumn('uuid') id: string;
  @Column('uuid', { name: 'tenant_id' }) tenantId: string;
  @Column('uuid', { name: 'user_id' }) userId: string;
  @Column('text', { array: true }) roles: AuthorityRole[];
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  /** Set by the authority's admin: the person keeps their history here but can no longer act for it. */
  @Column('timestamptz', { name: 'deactivated_at', nullable: true }) deactivatedAt: Date | null;
}
