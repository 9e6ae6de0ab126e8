import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Variations and extensions (issue 14, item 7; Procurement Act 2023 s.74, Schedule 8): a contract's value
 * now (`value`, the value at award until a change is signed, and kept equal to it while the contract is
 * pending) beside its value at award; and each change: a variation on a permitted ground or an extension
 * from one of the contract's options, its rationale, value change, new end and cost impact, proposed →
 * approved (by a second person, when it moves the value by more than the policy threshold) → signed, or
 * withdrawn. One change is open at a time per contract; an option is taken once; a signed or withdrawn
 * change never changes again, and none is deleted. The provider reads its own contract's changes.
 */
export class ContractChanges1795710000000 implements MigrationInterface {
  name = 'ContractChanges1795710000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE contracts ADD COLUMN value numeric(18,2);
      UPDATE contracts SET value = awarded_value;
      ALTER TABLE contracts ALTER COLUMN value SET NOT NULL, ADD CHECK (value >= 0);
      CREATE FUNCTION contracts_value_at_award() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.value IS NULL OR NEW.status = 'pending' THEN NEW.value := NEW.awarded_value; END IF;
        RETURN NEW;
      END $$;
      CREATE TRIGGER contracts_value_at_award BEFORE INSERT OR UPDATE OF awarded_value, value, status ON contracts
        FOR EACH ROW EXECUTE FUNCTION contracts_value_at_award();

      CREATE TABLE contract_changes (
        id uuid NOT NULL,
        tenant_id uuid NOT NULL REFERENCES authorities(id),
        contract_id uuid NOT NULL,
        provider_id uuid NOT NULL REFERENCES provider_organisations(id),
        sequence int NOT NULL CHECK (sequence >= 1),
        kind text NOT NULL CHECK (kind IN ('variation', 'extension')),
        classification text NOT NULL CHECK (classification IN ('provided_for', 'additional_services', 'unforeseeable', 'urgency',
                                                               'supplier_succession', 'below_threshold', 'not_substantial')),
        rationale text NOT NULL CHECK (length(rationale) BETWEEN 1 AND 4000),
        value_change numeric(18,2) NOT NULL,
        new_ends_on date,
        option_index int CHECK (option_index >= 0),
        needs_approval boolean NOT NULL,
        status text NOT NULL CHECK (status IN ('proposed', 'approved', 'signed', 'withdrawn')),
        proposed_by uuid REFERENCES users(id),
        proposed_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        approved_by uuid REFERENCES users(id),
        approved_at timestamptz,
        approval_note text CHECK (length(approval_note) BETWEEN 1 AND 2000),
        signed_on date,
        signed_by uuid REFERENCES users(id),
        signed_at timestamptz,
        value_before numeric(18,2),
        value_after numeric(18,2),
        ends_on_before date,
        ends_on_after date,
        withdrawn_by uuid REFERENCES users(id),
        withdrawn_at timestamptz,
        withdrawal_reason text CHECK (length(withdrawal_reason) BETWEEN 1 AND 2000),
        updated_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        version int NOT NULL DEFAULT 1,
        PRIMARY KEY (tenant_id, id),
        FOREIGN KEY (tenant_id, contract_id) REFERENCES contracts (tenant_id, id),
        UNIQUE (tenant_id, contract_id, sequence),
        CHECK ((kind = 'extension') = (option_index IS NOT NULL)),
        CHECK (kind = 'variation' OR classification = 'provided_for'),
        CHECK (approved_by IS NULL OR approved_by IS DISTINCT FROM proposed_by),
        CHECK (status <> 'approved' OR approved_by IS NOT NULL),
        CHECK (status <> 'signed' OR (signed_on IS NOT NULL AND value_after IS NOT NULL AND ends_on_after IS NOT NULL
                                      AND (NOT needs_approval OR approved_by IS NOT NULL))),
        CHECK (status <> 'withdrawn' OR withdrawal_reason IS NOT NULL)
      );
      CREATE INDEX contract_changes_id ON contract_changes (id);
      CREATE UNIQUE INDEX contract_changes_one_open ON contract_changes (tenant_id, contract_id) WHERE status IN ('proposed', 'approved');
      CREATE UNIQUE INDEX contract_changes_option_once ON contract_changes (tenant_id, contract_id, option_index)
        WHERE kind = 'extension' AND status <> 'withdrawn';
      CREATE FUNCTION contract_changes_settled() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' OR OLD.status IN ('signed', 'withdrawn') THEN
          RAISE EXCEPTION 'a contract change is kept as it was signed or withdrawn' USING ERRCODE = '55000';
        END IF;
        RETURN NEW;
      END $$;
      CREATE TRIGGER contract_changes_settled BEFORE UPDATE OR DELETE ON contract_changes FOR EACH ROW EXECUTE FUNCTION contract_changes_settled();
      ALTER TABLE contract_changes ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
      CREATE POLICY contract_changes_tenant ON contract_changes FOR ALL USING (tenant_id = app_tenant_id()) WITH CHECK (tenant_id = app_tenant_id());
      CREATE POLICY contract_changes_provider ON contract_changes FOR SELECT USING (provider_id = app_provider_id());
      GRANT SELECT, INSERT, UPDATE ON contract_changes TO commonweal_app;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE contract_changes;
      DROP FUNCTION contract_changes_settled();
      DROP TRIGGER contracts_value_at_award ON contracts;
      DROP FUNCTION contracts_value_at_award();
      ALTER TABLE contracts DROP COLUMN value;
    `);
  }
}
