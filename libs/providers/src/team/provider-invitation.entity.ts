import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { ProviderRole } from '#auth';

/** An invitation to join a provider's team; the e-mailed link carries the token, the database keeps its hash. */
@Entity('provider_invitations')
export class ProviderInvitation {
  @PrimaryColumn('uuid') id: string;
  @Column('uuid', { name: 'provider_id' }) providerId: string;
  @Column('text') email: string;
  @Column('text', { name: 'display_name' }) displayName: string;
  @Column('text', { array: true }) roles: ProviderRole[];
  @Column('text', { name: 'token_hash' }) tokenHash: string;
  @Column('uuid', { name: 'invited_by', nullable: true }) invitedBy: string | null;
  @Column('timestamptz', { name: 'created_at' }) createdAt: Date;
  @Column('timestamptz', { name: 'expires_at' }) expiresAt: Date;
  @Column('timestamptz', { name: 'accepted_at', nullable: true }) acceptedAt: Date | null;
  @Column('uuid', { name: 'accepted_by', nullable: true }) acceptedBy: string | null;
}
