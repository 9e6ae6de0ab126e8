import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Social value delivery (issue 6, item 9). At award a winning bid's social value commitments become
 * contract commitments too, with their yearly quantities (`detail`). The provider reports what it
 * delivered per contract year with evidence; the contract manager accepts or queries each report; a
 * queried year is reported again (a new row: reports and reviews are append-only, so the history stays).
 */
export class DeliveryReports1795610000000 implements MigrationInterface {
  name = 'DeliveryReports1795610000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE contract_commitments ADD COLUMN detail jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(detail) = 'object');

      CREATE TABLE delivery_reports (
        id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL REFERENCES authorities(id),
        tender_id uuid NOT NULL REFERENCES tenders(id),
        commitment_id uuid NOT NULL REFERENCES contract_commitments(id),
        provider_id uuid NOT NULL REFERENCES provider_organisations(id),
        contract_year integer NOT NULL CHECK (contract_year BETWEEN 1 AND 50),
        quantity numeric(14, 2) NOT NULL CHECK (quantity >= 0),
        narrative text NOT NULL CHECK (length(narrative) BETWEEN 1 AND 5000),
        evidence jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(evidence) = 'array'),
        reported_by uuid REFERENCES users(id),
        reported_at timestamptz NOT NULL DEFAULT clock_timestamp()
      );
      CREATE INDEX delivery_reports_commitment ON delivery_reports (commitment_id, contract_year, reported_at DESC);
      CREATE TABLE delivery_report_reviews (
        id uuid PRIMARY KEY,
        report_id uuid NOT NULL UNIQUE REFERENCES delivery_reports(id),
        tenant_id uuid NOT NULL REFERENCES authorities(id),
        provider_id uuid NOT NULL REFERENCES provider_organisations(id),
        outcome text NOT NULL CHECK (outcome IN ('accepted', 'queried')),
        note text NOT NULL DEFAULT '' CHECK (length(note) <= 5000),
        reviewed_by uuid REFERENCES users(id),
        reviewed_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        CHECK (outcome = 'accepted' OR length(note) > 0)
      );
    `);
    for (const table of ['delivery_reports', 'delivery_report_reviews']) {
      await q.query(`
        ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
        CREATE POLICY ${table}_provider_read ON ${table} FOR SELECT USING (provider_id = app_provider_id());
        CREATE POLICY ${table}_tenant_read ON ${table} FOR SELECT USING (tenant_id = app_tenant_id());
        CREATE TRIGGER ${table}_append_only BEFORE UPDATE OR DELETE ON ${table} FOR EACH ROW EXECUTE FUNCTION forbid_change();
        GRANT SELECT, INSERT ON ${table} TO commonweal_app;
      `);
    }
    await q.query(`
      -- The provider reports on its own social value commitments; the authority reviews reports on its own contracts.
      CREATE POLICY delivery_reports_provider_report ON delivery_reports FOR INSERT WITH CHECK (
        provider_id = app_provider_id() AND EXISTS (
          SELECT 1 FROM contract_commitments c WHERE c.id = commitment_id AND c.provider_id = app_provider_id()
            AND c.tenant_id = delivery_reports.tenant_id AND c.tender_id = delivery_reports.tender_id AND c.kind = 'social_value'));
      CREATE POLICY delivery_report_reviews_tenant_review ON delivery_report_reviews FOR INSERT WITH CHECK (
        tenant_id = app_tenant_id() AND EXISTS (
          SELECT 1 FROM delivery_reports r WHERE r.id = report_id AND r.tenant_id = app_tenant_id() AND r.provider_id = delivery_report_reviews.provider_id));
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE delivery_report_reviews; DROP TABLE delivery_reports; ALTER TABLE contract_commitments DROP COLUMN detail;');
  }
}
