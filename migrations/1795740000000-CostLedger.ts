import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The whole-life cost ledger (issue 15, items 1 and 2; docs/domain.md section 7). One ledger per contract,
 * and per commissioning cycle before a contract exists: each entry belongs to exactly one of them.
 *
 * - `basis` says what an entry is: `actual`, money or time spent (every figure is computed from these), or
 *   `committed`, what the authority bound itself to pay (the value at signature, each signed change's value
 *   change): savings erosion and the ten-year view read these, so a change is never counted twice when its
 *   instalments are later paid as actuals.
 * - `source` says who wrote it: a person or a system (`entered`), a finance system's file (`imported`), or
 *   the event that caused it, in that event's transaction: a payment recorded paid (`payment`), a contract
 *   signed (`signature`), a change signed (`change`); each event writes its entry once. A correction is a
 *   `reversal` of one entry, once, with its reason; nothing else may be negative but a deduction and a
 *   change that reduces the value.
 * - Append-only for everyone, the owner included. The classification's code is checked against the table of
 *   classifications in libs/costs (data, not a CHECK here, so a new code is one row there); the phase is
 *   checked here too.
 * - Settings per authority: the deflator series and the discount schedule (the illustrative GDP deflator and
 *   the Green Book schedule until an authority sets its own).
 *
 * Payments already recorded paid, contracts already signed and changes already signed are written into the
 * ledger here, as the services write them from now on (libs/costs/src/core/event-entries.ts says how).
 */
export class CostLedger1795740000000 implements MigrationInterface {
  name = 'CostLedger1795740000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE cost_entries (
        id uuid NOT NULL,
        tenant_id uuid NOT NULL REFERENCES authorities(id),
        contract_id uuid,
        cycle_id uuid,
        occurred_on date NOT NULL,
        amount numeric(18,2) NOT NULL,
        basis text NOT NULL CHECK (basis IN ('actual', 'committed')),
        bearer text NOT NULL CHECK (bearer IN ('authority', 'provider', 'other')),
        type text NOT NULL CHECK (type IN ('purchased', 'staff_time', 'in_kind', 'other')),
        phase text NOT NULL CHECK (phase IN ('development', 'procurement', 'operational', 'exit')),
        classification text NOT NULL CHECK (classification ~ '^[a-z][a-z-]{1,40}$'),
        hours numeric(11,2) CHECK (hours >= 0),
        hourly_rate numeric(18,2) CHECK (hourly_rate >= 0),
        description text NOT NULL CHECK (length(description) BETWEEN 1 AND 500),
        source text NOT NULL CHECK (source IN ('entered', 'imported', 'payment', 'signature', 'change', 'reversal')),
        payment_id uuid,
        change_id uuid,
        reverses uuid,
        reason text CHECK (length(reason) BETWEEN 1 AND 500),
        import_id uuid,
        recorded_by uuid REFERENCES users(id),
        recorded_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        PRIMARY KEY (tenant_id, id),
        FOREIGN KEY (tenant_id, contract_id) REFERENCES contracts (tenant_id, id),
        FOREIGN KEY (tenant_id, cycle_id) REFERENCES commissioning_cycles (tenant_id, id),
        FOREIGN KEY (tenant_id, payment_id) REFERENCES contract_payments (tenant_id, id),
        FOREIGN KEY (tenant_id, change_id) REFERENCES contract_changes (tenant_id, id),
        FOREIGN KEY (tenant_id, reverses) REFERENCES cost_entries (tenant_id, id),
        CHECK ((contract_id IS NULL) <> (cycle_id IS NULL)),
        CHECK ((source = 'reversal') = (reverses IS NOT NULL) AND (reverses IS NULL) = (reason IS NULL)),
        CHECK ((source = 'payment') = (payment_id IS NOT NULL)),
        CHECK ((source = 'change') = (change_id IS NOT NULL)),
        CHECK ((basis = 'committed') = (source IN ('signature', 'change'))),
        CHECK (amount >= 0 OR source IN ('payment', 'change', 'reversal')),
        CHECK ((type = 'staff_time') = (hours IS NOT NULL) AND (hours IS NULL) = (hourly_rate IS NULL)),
        CHECK ((source = 'imported') = (import_id IS NOT NULL))
      );
      CREATE UNIQUE INDEX cost_entries_reversed_once ON cost_entries (tenant_id, reverses) WHERE reverses IS NOT NULL;
      CREATE UNIQUE INDEX cost_entries_payment_once ON cost_entries (tenant_id, payment_id) WHERE payment_id IS NOT NULL;
      CREATE UNIQUE INDEX cost_entries_change_once ON cost_entries (tenant_id, change_id) WHERE change_id IS NOT NULL;
      CREATE UNIQUE INDEX cost_entries_signature_once ON cost_entries (tenant_id, contract_id) WHERE source = 'signature';
      CREATE INDEX cost_entries_contract ON cost_entries (tenant_id, contract_id, occurred_on) WHERE contract_id IS NOT NULL;
      CREATE INDEX cost_entries_cycle ON cost_entries (tenant_id, cycle_id, occurred_on) WHERE cycle_id IS NOT NULL;
      CREATE TRIGGER cost_entries_append_only BEFORE UPDATE OR DELETE ON cost_entries FOR EACH ROW EXECUTE FUNCTION forbid_change();
      ALTER TABLE cost_entries ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
      CREATE POLICY cost_entries_tenant ON cost_entries FOR ALL USING (tenant_id = app_tenant_id()) WITH CHECK (tenant_id = app_tenant_id());
      GRANT SELECT, INSERT ON cost_entries TO commonweal_app;

      CREATE TABLE cost_settings (
        tenant_id uuid PRIMARY KEY REFERENCES authorities(id),
        deflators jsonb NOT NULL CHECK (jsonb_typeof(deflators) = 'array'),
        discount_schedule jsonb NOT NULL CHECK (jsonb_typeof(discount_schedule) = 'array'),
        updated_by uuid REFERENCES users(id),
        updated_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        version int NOT NULL DEFAULT 1
      );
      ALTER TABLE cost_settings ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
      CREATE POLICY cost_settings_tenant ON cost_settings FOR ALL USING (tenant_id = app_tenant_id()) WITH CHECK (tenant_id = app_tenant_id());
      GRANT SELECT, INSERT, UPDATE ON cost_settings TO commonweal_app;

      INSERT INTO cost_entries (id, tenant_id, contract_id, occurred_on, amount, basis, bearer, type, phase, classification, description, source, payment_id)
      SELECT gen_random_uuid(), p.tenant_id, p.contract_id, p.paid_on,
             CASE WHEN p.kind = 'deduction' THEN -p.amount ELSE p.amount END, 'actual', 'authority', 'purchased', 'operational',
             CASE WHEN p.kind IN ('outcome', 'deduction') THEN 'outcome-payments' ELSE 'contract-payments' END, p.label, 'payment', p.id
        FROM contract_payments p WHERE p.status = 'paid';
      INSERT INTO cost_entries (id, tenant_id, contract_id, occurred_on, amount, basis, bearer, type, phase, classification, description, source)
      SELECT gen_random_uuid(), c.tenant_id, c.id, (c.activated_at AT TIME ZONE 'Europe/London')::date, c.awarded_value, 'committed', 'authority', 'purchased',
             'operational', CASE WHEN c.payment_mechanism IN ('fixed_fee', 'grant') THEN 'contract-payments' ELSE 'outcome-payments' END,
             'Contract signed: value at award', 'signature'
        FROM contracts c WHERE c.activated_at IS NOT NULL;
      INSERT INTO cost_entries (id, tenant_id, contract_id, occurred_on, amount, basis, bearer, type, phase, classification, description, source, change_id)
      SELECT gen_random_uuid(), ch.tenant_id, ch.contract_id, ch.signed_on, ch.value_change, 'committed', 'authority', 'purchased', 'operational',
             CASE WHEN c.payment_mechanism IN ('fixed_fee', 'grant') THEN 'contract-payments' ELSE 'outcome-payments' END,
             initcap(ch.kind) || ' ' || ch.sequence || ' signed: value ' || ch.value_before || ' to ' || ch.value_after, 'change', ch.id
        FROM contract_changes ch JOIN contracts c ON c.tenant_id = ch.tenant_id AND c.id = ch.contract_id WHERE ch.status = 'signed';
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE cost_settings; DROP TABLE cost_entries;`);
  }
}
