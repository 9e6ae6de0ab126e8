import type { AuthorityRole } from '#platform';
import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** A person's roles in one authority. Tenant-owned. */
@Entity('memberships')
export class Membership {
  @PrimaryColumn('uuid') id: string;
  @Column('uuid', { name: 'tenant_id' }) tenantId: string;
  @Column('uuid', { name: 'user_id' }) userId: string;
  @Column('text', { array: true }) roles: AuthorityRole[];
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}
