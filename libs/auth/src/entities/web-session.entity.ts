import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { Role } from '#platform';

/**
 * A signed-in browser. The cookie holds a random token; only its sha256 is
 * stored. Roles are fixed at sign-in, as in an access token; a provider user's
 * focus authority is what they are looking at, not a tenant context.
 */
@Entity('web_sessions')
export class WebSession {
  @PrimaryColumn('uuid') id: string;
  @Column('uuid', { name: 'user_id' }) userId: string;
  @Column('text', { name: 'token_hash' }) tokenHash: string;
  @Column('uuid', { name: 'tenant_id', nullable: true }) tenantId: string | null;
  @Column('uuid', { name: 'provider_id', nullable: true }) providerId: string | null;
  @Column('uuid', { name: 'focus_authority_id', nullable: true }) focusAuthorityId: string | null;
  @Column('text', { array: true }) roles: Role[];
  @Column('timestamptz', { name: 'created_at' }) createdAt: Date;
  @Column('timestamptz', { name: 'expires_at' }) expiresAt: Date;
  @Column('timestamptz', { name: 'revoked_at', nullable: true }) revokedAt: Date | null;
  @Column('text', { name: 'signed_in_with' }) signedInWith: 'password' | 'sso';
  /** Signed in through the authority's identity provider: where signing out goes next, to end its session too. */
  @Column('text', { name: 'sign_out_url', nullable: true }) signOutUrl: string | null;
}
