import type { MigrationInterface, QueryRunner } from 'typeorm';
import { v7 } from 'uuid';

/**
 * Open Contracting releases (issue 16, item 3): each release as published, append-only, with its position in
 * the public feed (seq). Positions are given in commit order: the insert trigger takes a transaction-scoped
 * advisory lock before it draws the position, so publishing transactions run their inserts and commits one
 * after another and none can commit below a position a reader has already passed. (A watermark on the oldest
 * open transaction was tried first: transaction ids are the cluster's, so any long transaction in any
 * database on the server held the whole feed back.)
 * Public: anyone reading published records may read them; only the authority's own context writes them.
 * Every tender already past draft is queued for publication (the outbox), as a change to it would be.
 */
export class OcdsReleases1795790000000 implements MigrationInterface {
  name = 'OcdsReleases1795790000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE ocds_releases (
        tenant_id uuid NOT NULL REFERENCES authorities(id),
        id text NOT NULL CHECK (length(id) BETWEEN 1 AND 200),
        ocid text NOT NULL CHECK (ocid ~ '^ocds-[a-z0-9]{6}-'),
        tender_id uuid NOT NULL,
        tag text NOT NULL,
        date timestamptz NOT NULL,
        release jsonb NOT NULL,
        seq bigint NOT NULL,
        published_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        PRIMARY KEY (tenant_id, id),
        FOREIGN KEY (tender_id, tenant_id) REFERENCES tenders (id, tenant_id)
      );
      CREATE SEQUENCE ocds_release_positions;
      CREATE FUNCTION ocds_release_position() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
      BEGIN
        -- One publishing transaction at a time from here to its commit: positions follow commit order.
        PERFORM pg_advisory_xact_lock(7231160001);
        NEW.seq := nextval('ocds_release_positions');
        RETURN NEW;
      END $$;
      CREATE TRIGGER ocds_releases_position BEFORE INSERT ON ocds_releases FOR EACH ROW EXECUTE FUNCTION ocds_release_position();
      CREATE INDEX ocds_releases_feed ON ocds_releases (seq);
      CREATE INDEX ocds_releases_authority_feed ON ocds_releases (tenant_id, seq);
      CREATE INDEX ocds_releases_record ON ocds_releases (ocid, date);
      ALTER TABLE ocds_releases ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
      CREATE POLICY ocds_releases_read ON ocds_releases FOR SELECT
        USING (tenant_id = app_tenant_id() OR app_setting('app.published_records') = 'on');
      CREATE POLICY ocds_releases_write ON ocds_releases FOR INSERT WITH CHECK (tenant_id = app_tenant_id());
      CREATE TRIGGER ocds_releases_append_only BEFORE UPDATE OR DELETE ON ocds_releases FOR EACH ROW EXECUTE FUNCTION forbid_change();
      GRANT SELECT, INSERT ON ocds_releases TO commonweal_app;
    `);
    const tenders: { id: string; tenant_id: string }[] = await q.query(
      `SELECT id, tenant_id FROM tenders WHERE status <> 'draft' AND published_at IS NOT NULL`,
    );
    for (const t of tenders)
      await q.query(`INSERT INTO outbox_messages (id, tenant_id, topic, payload) VALUES ($1, $2, 'ocds.publish-process', $3)`, [
        v7(),
        t.tenant_id,
        JSON.stringify({ tenderId: t.id }),
      ]);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE ocds_releases; DROP FUNCTION ocds_release_position(); DROP SEQUENCE ocds_release_positions;`);
  }
}
