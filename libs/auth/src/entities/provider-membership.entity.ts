import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

export type ProviderRole = 'provider_admin' | 'bid_writer';

/** A person's roles in one provider organisation. Provider-owned. */
@Entity('provider_memberships')
export class ProviderMembership {
  @PrimaryColumn('uuid') id: string;
  @Column('uuid', { name: 'provider_id' }) providerId: string;
  @Column('uuid', { name: 'user_id' }) userId: string;
  @Column('text', { array: true }) roles: ProviderRole[];
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}
