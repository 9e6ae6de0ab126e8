import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Documents stored before scanning was turned on (issue 20, item 2): scanned later, and withheld if infected.
 *
 * - `stored_documents`: every stored document's bytes, whichever context holds the row (a tender's document, a
 *   bid's, an evidence item's), with who owns it: the authority for its tender documents, the provider for its
 *   bids' and its evidence. A view with the reader's rights (security_invoker), so each table's own row-level
 *   security still decides what a context sees; the scanning job reads it in each owner's context in turn.
 * - `document_scans`: the verdict of a scan made after a document was stored. Its own table, because the
 *   documents' rows are not to change (a bid's are sealed by trigger; a tender's are never updated).
 *   Only a document's owner writes its verdict, and a verdict is never changed or taken back.
 *   Any context reads a verdict: a download checks the one for the document it is about to send, and the
 *   authority reading a provider's evidence through a bid's snapshot cannot see the provider's evidence row.
 *   A verdict holds a random id, clean or infected and the signature's name, nothing that says whose it is.
 * - `malware_detections.document_id`: a detection in a document already stored, which is now withheld from
 *   download (null for an upload refused as it arrived); `purpose`: what the upload or document was for, as the
 *   route that took it says (the admin's page guessed it from the path before; older rows keep the guess).
 */
export class StoredDocumentScans1795920000000 implements MigrationInterface {
  name = 'StoredDocumentScans1795920000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE VIEW stored_documents WITH (security_invoker = true) AS
        SELECT id, tenant_id, NULL::uuid AS provider_id, 'tender document'::text AS kind, file_name, size_bytes, uploaded_by, scan_status
          FROM documents
        UNION ALL
        SELECT id, NULL::uuid, provider_id, 'bid document', file_name, size_bytes, uploaded_by, scan_status
          FROM bid_documents
        UNION ALL
        SELECT id, NULL::uuid, provider_id, 'evidence', file_name, size_bytes, created_by, scan_status
          FROM evidence_items WHERE sha256 IS NOT NULL;
      GRANT SELECT ON stored_documents TO commonweal_app;

      CREATE TABLE document_scans (
        document_id uuid PRIMARY KEY,
        result text NOT NULL CHECK (result IN ('clean','infected')),
        signature text CHECK (length(signature) BETWEEN 1 AND 300),
        scanned_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        CONSTRAINT document_scans_signature_if_infected CHECK ((result = 'infected') = (signature IS NOT NULL))
      );
      ALTER TABLE document_scans ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
      CREATE POLICY document_scans_read ON document_scans FOR SELECT USING (true);
      CREATE POLICY document_scans_owner_writes ON document_scans FOR INSERT WITH CHECK (EXISTS (
        SELECT 1 FROM stored_documents d WHERE d.id = document_id AND d.scan_status = 'unscanned'
          AND (d.tenant_id = app_tenant_id() OR d.provider_id = app_provider_id())));
      GRANT SELECT, INSERT ON document_scans TO commonweal_app;

      ALTER TABLE malware_detections ADD COLUMN document_id uuid,
        ADD COLUMN purpose text CHECK (purpose IN ('tender document', 'bid document', 'evidence', 'social value catalogue'));
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE malware_detections DROP COLUMN purpose, DROP COLUMN document_id;
      DROP TABLE document_scans;
      DROP VIEW stored_documents;
    `);
  }
}
