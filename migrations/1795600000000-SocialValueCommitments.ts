import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Social value commitments in bids (issue 6, item 8). A tender records the catalogue version in force
 * when it is published (as it records the public character framework), and bidders read that version's
 * measures. A bid's commitments (quantity per measure per contract year, with a method statement) are
 * stored in the bid with the measures' units and proxy values copied: sealed, immutable and in the
 * receipt's hash like the rest of it.
 */
export class SocialValueCommitments1795600000000 implements MigrationInterface {
  name = 'SocialValueCommitments1795600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE tenders ADD COLUMN social_value_catalogue_version integer CHECK (social_value_catalogue_version >= 0);
      ALTER TABLE bid_submissions ADD COLUMN social_value jsonb CHECK (social_value IS NULL OR jsonb_typeof(social_value) = 'object');
      -- Bidders read the catalogue version a published tender uses.
      CREATE POLICY social_value_catalogues_published ON social_value_catalogues FOR SELECT USING (
        app_setting('app.published_records') = 'on' AND EXISTS (
          SELECT 1 FROM tenders t WHERE t.tenant_id = social_value_catalogues.tenant_id
            AND t.social_value_catalogue_version = social_value_catalogues.version));
      CREATE POLICY social_value_measures_published ON social_value_measures FOR SELECT USING (
        app_setting('app.published_records') = 'on' AND EXISTS (
          SELECT 1 FROM social_value_catalogues c JOIN tenders t ON t.tenant_id = c.tenant_id AND t.social_value_catalogue_version = c.version
            WHERE c.id = social_value_measures.catalogue_id));
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP POLICY social_value_measures_published ON social_value_measures;
      DROP POLICY social_value_catalogues_published ON social_value_catalogues;
      ALTER TABLE bid_submissions DROP COLUMN social_value;
      ALTER TABLE tenders DROP COLUMN social_value_catalogue_version;
    `);
  }
}
