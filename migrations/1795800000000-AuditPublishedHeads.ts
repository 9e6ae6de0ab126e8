import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Each day's head of each authority's audit chain, published (issue 16, item 1): anyone may read them, so a
 * history rewritten and hashed again from some event on shows against a head published before. Written
 * once a day in the authority's context, one per day, never changed.
 */
export class AuditPublishedHeads1795800000000 implements MigrationInterface {
  name = 'AuditPublishedHeads1795800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE audit_published_heads (
        tenant_id uuid NOT NULL REFERENCES authorities(id),
        day date NOT NULL,
        seq bigint NOT NULL CHECK (seq >= 0),
        hash text NOT NULL CHECK (hash ~ '^[0-9a-f]{64}$'),
        published_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        PRIMARY KEY (tenant_id, day)
      );
      ALTER TABLE audit_published_heads ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
      CREATE POLICY audit_published_heads_read ON audit_published_heads FOR SELECT
        USING (tenant_id = app_tenant_id() OR app_setting('app.published_records') = 'on');
      CREATE POLICY audit_published_heads_write ON audit_published_heads FOR INSERT WITH CHECK (tenant_id = app_tenant_id());
      CREATE TRIGGER audit_published_heads_append_only BEFORE UPDATE OR DELETE ON audit_published_heads FOR EACH ROW EXECUTE FUNCTION forbid_change();
      GRANT SELECT, INSERT ON audit_published_heads TO commonweal_app;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE audit_published_heads`);
  }
}
