import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A signed change's fee (issue 14, item 7): on a contract paid a fixed fee or a grant, a change that adds
 * value schedules it in quarterly instalments (an extension over its own quarters, a variation over the
 * quarters still to run), each line pointing at its change, numbered within it, once.
 */
export class ChangeFees1795730000000 implements MigrationInterface {
  name = 'ChangeFees1795730000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE contract_payments DROP CONSTRAINT contract_payments_kind_check;
      ALTER TABLE contract_payments ADD CONSTRAINT contract_payments_kind_check CHECK (kind IN ('fixed_fee', 'outcome', 'deduction', 'change_fee'));
      ALTER TABLE contract_payments
        ADD COLUMN change_id uuid,
        ADD CONSTRAINT contract_payments_change FOREIGN KEY (tenant_id, change_id) REFERENCES contract_changes (tenant_id, id),
        ADD CONSTRAINT contract_payments_change_fee_has_change CHECK ((kind = 'change_fee') = (change_id IS NOT NULL));
      CREATE UNIQUE INDEX contract_payments_change_instalment ON contract_payments (tenant_id, change_id, number) WHERE kind = 'change_fee';
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP INDEX contract_payments_change_instalment;
      ALTER TABLE contract_payments DROP CONSTRAINT contract_payments_change_fee_has_change, DROP CONSTRAINT contract_payments_change, DROP COLUMN change_id;
      ALTER TABLE contract_payments DROP CONSTRAINT contract_payments_kind_check;
      ALTER TABLE contract_payments ADD CONSTRAINT contract_payments_kind_check CHECK (kind IN ('fixed_fee', 'outcome', 'deduction'));
    `);
  }
}
