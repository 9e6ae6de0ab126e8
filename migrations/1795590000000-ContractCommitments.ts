import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Commitments a winning bid made, kept as contract terms when the contract is awarded (issue 6; the
 * contracts work reads them). Public character first: each test at its verified level, with the
 * provider's own statement of what meets it and the evidence it named, re-assessed every year
 * (docs/domain.md section 5). Append-only; the authority's, and readable by the provider they bind.
 */
export class ContractCommitments1795590000000 implements MigrationInterface {
  name = 'ContractCommitments1795590000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE contract_commitments (
        id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL REFERENCES authorities(id),
        tender_id uuid NOT NULL REFERENCES tenders(id),
        bid_id uuid NOT NULL REFERENCES bid_submissions(id),
        provider_id uuid NOT NULL REFERENCES provider_organisations(id),
        kind text NOT NULL CHECK (kind IN ('public_character', 'social_value')),
        code text NOT NULL CHECK (length(code) BETWEEN 1 AND 100),
        title text NOT NULL CHECK (length(title) BETWEEN 1 AND 300),
        level smallint CHECK (level BETWEEN 0 AND 4),
        -- Public character: true where the commissioner verified the level; otherwise the provider's own.
        verified boolean NOT NULL DEFAULT false,
        statement text NOT NULL CHECK (length(statement) <= 10000),
        evidence jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(evidence) = 'array'),
        review_due date NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (bid_id, kind, code)
      );
      CREATE INDEX contract_commitments_tender ON contract_commitments (tenant_id, tender_id);
      ALTER TABLE contract_commitments ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
      CREATE POLICY contract_commitments_tenant ON contract_commitments FOR ALL
        USING (tenant_id = app_tenant_id()) WITH CHECK (tenant_id = app_tenant_id());
      CREATE POLICY contract_commitments_provider ON contract_commitments FOR SELECT USING (provider_id = app_provider_id());
      CREATE TRIGGER contract_commitments_append_only BEFORE UPDATE OR DELETE ON contract_commitments
        FOR EACH ROW EXECUTE FUNCTION forbid_change();
      GRANT SELECT, INSERT ON contract_commitments TO commonweal_app;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE contract_commitments');
  }
}
