import type { MigrationInterface, QueryRunner } from 'typeorm';
import { v7 } from 'uuid';

/**
 * Open Contracting releases (issue 16, item 3): each release as published, append-only, numbered in the
 * order written (seq) and stamped with the writing transaction (tx), so the public feed can page by seq
 * up to a watermark that no transaction still open lies below: a release committed late is never skipped.
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
        seq bigint GENERATED ALWAYS AS IDENTITY,
        tx xid8 NOT NULL DEFAULT pg_current_xact_id(),
        published_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        PRIMARY KEY (tenant_id, id),
        FOREIGN KEY (tender_id, tenant_id) REFERENCES tenders (id, tenant_id)
      );
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
    await q.query(`DROP TABLE ocds_releases`);
  }
}
