import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { AuthorityRole } from '#platform';

/** An invitation to an authority's staff; the e-mailed link carries the token, the database keeps its hash. */
@Entity('staff_invitations')
export class StaffInvitation {
  @PrimaryColumn('uuid', { name: 'tenant_id' }) tenantId: string;
  @PrimaryColumn('uuid') id: string;
  @Column('text') email: string;
  @Column('text', { name: 'display_name' }) displayName: string;
  @Column('text', { array: true }) roles: AuthorityRole[];
  @Column('text', { name: 'token_hash' }) tokenHash: string;
  @Column('uuid', { name: 'invited_by', nullable: true }) invitedBy: string | null;
  @Column('timestamptz', { name: 'created_at' }) createdAt: Date;
  @Column('timestamptz', { name: 'expires_at' }) expiresAt: Date;
  @Column('timestamptz', { name: 'accepted_at', nullable: true }) acceptedAt: Date | null;
  @Column('uuid', { name: 'accepted_by', nullable: true }) acceptedBy: string | null;
  /** Withdrawn by an admin before it was used: the link then opens nothing. */
  @Column('timestamptz', { name: 'withdrawn_at', nullable: true }) revokedAt: Date | null;
}
