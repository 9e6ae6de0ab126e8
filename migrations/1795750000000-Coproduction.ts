import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Co-production inputs (issue 15, item 5; docs/domain.md section 8): what citizens put into a contract's
 * service beside the authority's and the provider's inputs: volunteer hours and the people involved,
 * individually or collectively, valued at the authority's shadow wage rate (an illustrative one until it
 * sets its own), so cost per outcome can be read with and without them. Append-only, as the ledger is.
 */
export class Coproduction1795750000000 implements MigrationInterface {
  name = 'Coproduction1795750000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE cost_settings ADD COLUMN shadow_wage_rate numeric(18,2) CHECK (shadow_wage_rate >= 0);
      CREATE TABLE coproduction_inputs (
        id uuid NOT NULL,
        tenant_id uuid NOT NULL REFERENCES authorities(id),
        contract_id uuid NOT NULL,
        occurred_on date NOT NULL,
        kind text NOT NULL CHECK (kind IN ('individual', 'collective')),
        hours numeric(11,2) NOT NULL CHECK (hours >= 0),
        people int NOT NULL CHECK (people >= 1),
        description text NOT NULL CHECK (length(description) BETWEEN 1 AND 500),
        recorded_by uuid REFERENCES users(id),
        recorded_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        PRIMARY KEY (tenant_id, id),
        FOREIGN KEY (tenant_id, contract_id) REFERENCES contracts (tenant_id, id)
      );
      CREATE INDEX coproduction_inputs_contract ON coproduction_inputs (tenant_id, contract_id, occurred_on);
      CREATE TRIGGER coproduction_inputs_append_only BEFORE UPDATE OR DELETE ON coproduction_inputs FOR EACH ROW EXECUTE FUNCTION forbid_change();
      ALTER TABLE coproduction_inputs ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
      CREATE POLICY coproduction_inputs_tenant ON coproduction_inputs FOR ALL USING (tenant_id = app_tenant_id()) WITH CHECK (tenant_id = app_tenant_id());
      GRANT SELECT, INSERT ON coproduction_inputs TO commonweal_app;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE coproduction_inputs; ALTER TABLE cost_settings DROP COLUMN shadow_wage_rate;`);
  }
}
