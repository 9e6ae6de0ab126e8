import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Running totals of each contract's ledger (issue 15, the portfolio): the auditor's portfolio adds up a
 * million lines for 2,000 contracts, which took a second under row-level security. The ledger is
 * append-only, so its sums only ever grow by what is inserted: a statement-level trigger adds each
 * statement's new lines to the totals by contract, basis, classification and whether a line is a
 * deduction (a paid line below zero), in the inserting transaction, so the totals can never disagree with
 * the lines (a test adds the lines up and compares). One upsert per statement: an import of 100,000 lines
 * costs one grouped insert, and two transactions adding to one contract queue on its totals' rows.
 *
 * The tenant policy of cost_entries now reads the authority once per statement (an InitPlan) rather than
 * once per row: the same rule, and a full scan of the ledger at the speed of the table.
 */
export class CostTotals1795760000000 implements MigrationInterface {
  name = 'CostTotals1795760000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE cost_totals (
        tenant_id uuid NOT NULL REFERENCES authorities(id),
        contract_id uuid NOT NULL,
        basis text NOT NULL,
        classification text NOT NULL,
        deduction boolean NOT NULL,
        amount numeric(18,2) NOT NULL,
        lines bigint NOT NULL,
        PRIMARY KEY (tenant_id, contract_id, basis, classification, deduction),
        FOREIGN KEY (tenant_id, contract_id) REFERENCES contracts (tenant_id, id)
      );
      ALTER TABLE cost_totals ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
      CREATE POLICY cost_totals_tenant ON cost_totals FOR ALL USING (tenant_id = (SELECT app_tenant_id())) WITH CHECK (tenant_id = (SELECT app_tenant_id()));
      GRANT SELECT, INSERT, UPDATE ON cost_totals TO commonweal_app;
      CREATE FUNCTION cost_totals_add() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO cost_totals AS t (tenant_id, contract_id, basis, classification, deduction, amount, lines)
        SELECT tenant_id, contract_id, basis, classification, source = 'payment' AND amount < 0, sum(amount), count(*)
          FROM added WHERE contract_id IS NOT NULL
         GROUP BY tenant_id, contract_id, basis, classification, source = 'payment' AND amount < 0
        ON CONFLICT (tenant_id, contract_id, basis, classification, deduction)
          DO UPDATE SET amount = t.amount + EXCLUDED.amount, lines = t.lines + EXCLUDED.lines;
        RETURN NULL;
      END $$;
      CREATE TRIGGER cost_totals_add AFTER INSERT ON cost_entries REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION cost_totals_add();
      INSERT INTO cost_totals (tenant_id, contract_id, basis, classification, deduction, amount, lines)
      SELECT tenant_id, contract_id, basis, classification, source = 'payment' AND amount < 0, sum(amount), count(*)
        FROM cost_entries WHERE contract_id IS NOT NULL
       GROUP BY tenant_id, contract_id, basis, classification, source = 'payment' AND amount < 0;

      ALTER POLICY cost_entries_tenant ON cost_entries USING (tenant_id = (SELECT app_tenant_id())) WITH CHECK (tenant_id = (SELECT app_tenant_id()));
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER POLICY cost_entries_tenant ON cost_entries USING (tenant_id = app_tenant_id()) WITH CHECK (tenant_id = app_tenant_id());
      DROP TRIGGER cost_totals_add ON cost_entries;
      DROP FUNCTION cost_totals_add();
      DROP TABLE cost_totals;
    `);
  }
}
