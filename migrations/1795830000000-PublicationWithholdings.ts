import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What an authority withholds from publication (issue 16, item 3; docs/domain.md, "Accountability"): per
 * contract, a field of its open data (from a fixed list: what the law requires published is never on it), the
 * ground and the reason, and the day it is to be published (none: withheld until lifted). A decision is never
 * changed, only lifted (who and when). One in force per contract and field. `lapse_queued_at` marks the
 * decision whose day has come and whose process has been queued for publication again.
 */
export class PublicationWithholdings1795830000000 implements MigrationInterface {
  name = 'PublicationWithholdings1795830000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE publication_withholdings (
        id uuid NOT NULL,
        tenant_id uuid NOT NULL REFERENCES authorities(id),
        tender_id uuid NOT NULL,
        contract_id uuid NOT NULL,
        field text NOT NULL CHECK (field IN ('contracts/agreedMetrics', 'contracts/implementation/metrics', 'contracts/amendments/rationale')),
        ground text NOT NULL CHECK (ground IN ('commerciallySensitive', 'nationalSecurity', 'personalData', 'otherPublicInterest')),
        rationale text NOT NULL CHECK (length(rationale) BETWEEN 20 AND 2000),
        available_on date,
        decided_by uuid NOT NULL,
        decided_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        lifted_by uuid,
        lifted_at timestamptz,
        lapse_queued_at timestamptz,
        CHECK ((lifted_by IS NULL) = (lifted_at IS NULL)),
        PRIMARY KEY (tenant_id, id),
        FOREIGN KEY (tenant_id, contract_id) REFERENCES contracts (tenant_id, id),
        FOREIGN KEY (tender_id, tenant_id) REFERENCES tenders (id, tenant_id)
      );
      CREATE UNIQUE INDEX publication_withholdings_one_in_force ON publication_withholdings (tenant_id, contract_id, field) WHERE lifted_at IS NULL;
      CREATE INDEX publication_withholdings_by_tender ON publication_withholdings (tenant_id, tender_id);
      CREATE INDEX publication_withholdings_lapsing ON publication_withholdings (available_on) WHERE lifted_at IS NULL AND lapse_queued_at IS NULL;
      ALTER TABLE publication_withholdings ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
      CREATE POLICY publication_withholdings_tenant ON publication_withholdings FOR ALL
        USING (tenant_id = app_tenant_id()) WITH CHECK (tenant_id = app_tenant_id());
      GRANT SELECT, INSERT ON publication_withholdings TO commonweal_app;
      GRANT UPDATE (lifted_by, lifted_at, lapse_queued_at) ON publication_withholdings TO commonweal_app;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE publication_withholdings;`);
  }
}
