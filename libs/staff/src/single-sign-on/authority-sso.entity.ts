import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { RoleMapEntry } from './sso-rules.js';

/** An authority's identity provider, as its admin set it up. Tenant-owned; the client secret only ever sealed. */
@Entity('authority_sso')
export class AuthoritySso {
  @PrimaryColumn('uuid', { name: 'tenant_id' }) tenantId: string;
  /** What staff call it, for the button and the pages: "Northshire Microsoft account". */
  @Column('text', { name: 'display_name' }) displayName: string;
  @Column('text') issuer: string;
  @Column('text', { name: 'client_id' }) clientId: string;
  @Column('text', { name: 'client_secret_sealed', select: false }) clientSecretSealed: string;
  @Column('text', { name: 'allowed_domains', array: true }) allowedDomains: string[];
  @Column('text', { name: 'roles_claim' }) rolesClaim: string;
  @Column('jsonb', { name: 'role_map' }) roleMap: RoleMapEntry[];
  @Column('boolean', { name: 'create_accounts' }) createAccounts: boolean;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt: Date;
  @Column('uuid', { name: 'updated_by', nullable: true }) updatedBy: string | null;
}
