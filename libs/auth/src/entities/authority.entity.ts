import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** A tenant: one public authority (a council, an NHS board). */
@Entity('authorities')
export class Authority {
  @PrimaryColumn('uuid') id: string;
  @Column('text') slug: string;
  @Column('text') name: string;
  /** How its staff sign in: 'password', 'password_or_sso' or 'sso' (its identity provider only). Public. */
  @Column('text', { name: 'staff_sign_in' }) staffSignIn: 'password' | 'password_or_sso' | 'sso';
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}
