import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Documents a provider attaches to its bid, sealed like the bid: the provider
 * reads its own; the authority reads them only once the deadline has passed
 * and the bids are opened; none is taken at or after the deadline (the bids'
 * own trigger function, which reads tender_id and tenant_id). A submission
 * lists the documents it includes (with their sha256) inside its content hash.
 */
export class BidDocuments1795530000000 implements MigrationInterface {
  name = 'BidDocuments1795530000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE bid_documents (
        id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL REFERENCES authorities(id),
        tender_id uuid NOT NULL REFERENCES tenders(id),
        provider_id uuid NOT NULL REFERENCES provider_organisations(id),
        file_name text NOT NULL CHECK (length(file_name) BETWEEN 1 AND 255),
        content_type text NOT NULL,
        size_bytes bigint NOT NULL CHECK (size_bytes >= 0),
        sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
        uploaded_by uuid REFERENCES users(id),
        uploaded_at timestamptz NOT NULL DEFAULT clock_timestamp()
      );
      CREATE INDEX bid_documents_tender ON bid_documents (tenant_id, tender_id, provider_id);
      ALTER TABLE bid_documents ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
      CREATE POLICY bid_documents_provider_read ON bid_documents FOR SELECT USING (provider_id = app_provider_id());
      CREATE POLICY bid_documents_provider_upload ON bid_documents FOR INSERT WITH CHECK (provider_id = app_provider_id());
      CREATE POLICY bid_documents_sealed_until_opened ON bid_documents FOR SELECT USING (
        tenant_id = app_tenant_id() AND EXISTS (
          SELECT 1 FROM tenders t WHERE t.id = bid_documents.tender_id
            AND t.submission_deadline <= now() AND t.bids_opened_at IS NOT NULL));
      GRANT SELECT, INSERT ON bid_documents TO commonweal_app;
      CREATE TRIGGER bid_documents_deadline BEFORE INSERT ON bid_documents FOR EACH ROW EXECUTE FUNCTION bid_before_deadline();
      CREATE TRIGGER bid_documents_immutable BEFORE UPDATE OR DELETE ON bid_documents FOR EACH ROW EXECUTE FUNCTION forbid_change();

      ALTER TABLE bid_submissions ADD COLUMN documents jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(documents) = 'array');
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE bid_submissions DROP COLUMN documents; DROP TABLE bid_documents;`);
  }
}
