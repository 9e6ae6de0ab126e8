import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What an authority publishes is public: a transaction marked for published
 * records (public routes only) may read tenders that have been published, of
 * every authority, and the authority's name. Drafts never.
 */
export class PublishedTenders1795480000000 implements MigrationInterface {
  name = 'PublishedTenders1795480000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE POLICY tenders_published ON tenders FOR SELECT
        USING (app_setting('app.published_records') = 'on' AND published_at IS NOT NULL AND status <> 'draft');
      CREATE INDEX tenders_published_list ON tenders (published_at DESC, id DESC) WHERE published_at IS NOT NULL;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX tenders_published_list; DROP POLICY tenders_published ON tenders;`);
  }
}
