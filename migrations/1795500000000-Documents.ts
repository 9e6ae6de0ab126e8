import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Tender documents: metadata here, bytes in document storage. Those of published tenders are public. */
export class Documents1795500000000 implements MigrationInterface {
  name = 'Documents1795500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE documents (
        id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL REFERENCES authorities(id),
        tender_id uuid NOT NULL REFERENCES tenders(id),
        file_name text NOT NULL CHECK (length(file_name) BETWEEN 1 AND 255),
        content_type text NOT NULL,
        size_bytes bigint NOT NULL CHECK (size_bytes > 0),
        sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
        uploaded_by uuid REFERENCES users(id),
        uploaded_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX documents_tender ON documents (tenant_id, tender_id, uploaded_at);
      ALTER TABLE documents ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
      CREATE POLICY documents_tenant ON documents FOR ALL
        USING (tenant_id = app_tenant_id()) WITH CHECK (tenant_id = app_tenant_id());
      CREATE POLICY documents_published ON documents FOR SELECT USING (
        app_setting('app.published_records') = 'on'
        AND EXISTS (SELECT 1 FROM tenders t WHERE t.id = documents.tender_id AND t.published_at IS NOT NULL AND t.status <> 'draft'));
      -- Documents are part of the record: the app adds them, never rewrites them.
      GRANT SELECT, INSERT ON documents TO commonweal_app;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE documents;`);
  }
}
