import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** A tenant: one public authority (a council, an NHS board). */
@Entity('authorities')
export class Authority {
  @PrimaryColumn('uuid') id: string;
  @Column('text') slug: string;
  @Column('text') name: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}
