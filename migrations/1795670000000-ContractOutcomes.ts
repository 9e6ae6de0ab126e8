import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Outcomes, read in context, and the payments they earn (docs/domain.md section 6; issue 14, items 2
 * and 3). A contract's outcome metrics are its terms: set while it is pending. Each period the provider
 * reports the cohort served, how many achieved the outcome and the population's characteristics (what the
 * metric's context model reads); the contract manager validates each report once (accepted, adjusted or
 * rejected, with a reason for the last two): what was expected of that population, the result and the
 * units are written with the validation, so the record shows what was decided and why. Reports and
 * validations are append-only.
 *
 * The payment schedule holds the fixed fee's quarterly instalments (written at signature) and each
 * validation's outcome payment (written in its transaction), each scheduled, then approved, then paid.
 * A repeated request with the same Idempotency-Key is answered from idempotent_requests, never run twice.
 */
export class ContractOutcomes1795670000000 implements MigrationInterface {
  name = 'ContractOutcomes1795670000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE outcome_metrics (
        id uuid NOT NULL,
        tenant_id uuid NOT NULL REFERENCES authorities(id),
        contract_id uuid NOT NULL,
        code text NOT NULL CHECK (code ~ '^[A-Z][A-Z0-9-]{0,19}$'),
        title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
        definition text NOT NULL CHECK (length(definition) BETWEEN 1 AND 2000),
        unit text NOT NULL CHECK (length(unit) BETWEEN 1 AND 60),
        baseline numeric(5,4) NOT NULL CHECK (baseline BETWEEN 0 AND 1),
        target numeric(5,4) NOT NULL CHECK (target BETWEEN 0 AND 1),
        measurement text NOT NULL CHECK (length(measurement) BETWEEN 1 AND 2000),
        validation_method text NOT NULL CHECK (length(validation_method) BETWEEN 1 AND 2000),
        data_source text NOT NULL CHECK (length(data_source) BETWEEN 1 AND 400),
        frequency text NOT NULL CHECK (frequency IN ('quarterly', 'half-yearly', 'yearly')),
        milestones jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(milestones) = 'array'),
        shared_with jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(shared_with) = 'array'),
        attribution_share numeric(5,4) NOT NULL DEFAULT 1 CHECK (attribution_share > 0 AND attribution_share <= 1),
        price_per_unit numeric(18,2) CHECK (price_per_unit >= 0),
        period_cap numeric(18,2) CHECK (period_cap >= 0),
        total_cap numeric(18,2) CHECK (total_cap >= 0),
        context_model jsonb CHECK (jsonb_typeof(context_model) = 'object'),
        created_by uuid REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        updated_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        version int NOT NULL DEFAULT 1,
        PRIMARY KEY (tenant_id, id),
        UNIQUE (tenant_id, contract_id, code),
        FOREIGN KEY (tenant_id, contract_id) REFERENCES contracts (tenant_id, id),
        CHECK (price_per_unit IS NOT NULL OR (period_cap IS NULL AND total_cap IS NULL)),
        CHECK (period_cap IS NULL OR total_cap IS NULL OR period_cap <= total_cap)
      );
      CREATE INDEX outcome_metrics_id ON outcome_metrics (id);

      CREATE TABLE outcome_reports (
        id uuid NOT NULL,
        tenant_id uuid NOT NULL REFERENCES authorities(id),
        contract_id uuid NOT NULL,
        metric_id uuid NOT NULL,
        provider_id uuid NOT NULL REFERENCES provider_organisations(id),
        period int NOT NULL CHECK (period BETWEEN 1 AND 1000),
        period_starts_on date NOT NULL,
        period_ends_on date NOT NULL,
        cohort int NOT NULL CHECK (cohort >= 1),
        achieved int NOT NULL CHECK (achieved >= 0 AND achieved <= cohort),
        population jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(population) = 'object'),
        narrative text NOT NULL CHECK (length(narrative) BETWEEN 1 AND 5000),
        evidence jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(evidence) = 'array'),
        reported_by uuid REFERENCES users(id),
        reported_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        PRIMARY KEY (tenant_id, id),
        UNIQUE (tenant_id, id, provider_id),
        FOREIGN KEY (tenant_id, metric_id) REFERENCES outcome_metrics (tenant_id, id),
        FOREIGN KEY (tenant_id, contract_id) REFERENCES contracts (tenant_id, id),
        CHECK (period_ends_on >= period_starts_on)
      );
      CREATE INDEX outcome_reports_id ON outcome_reports (id);
      CREATE INDEX outcome_reports_contract ON outcome_reports (tenant_id, contract_id, metric_id, period, reported_at DESC);

      CREATE TABLE outcome_validations (
        id uuid NOT NULL,
        tenant_id uuid NOT NULL REFERENCES authorities(id),
        report_id uuid NOT NULL,
        provider_id uuid NOT NULL,
        decision text NOT NULL CHECK (decision IN ('accepted', 'adjusted', 'rejected')),
        units int NOT NULL CHECK (units >= 0),
        reason text CHECK (length(reason) BETWEEN 1 AND 2000),
        -- What was expected of the population served and the validated result (none for a rejected report).
        target numeric(5,4),
        expected numeric(5,4),
        result_rate numeric(5,4),
        effects jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(effects) = 'array'),
        validated_by uuid REFERENCES users(id),
        validated_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        PRIMARY KEY (tenant_id, id),
        -- One validation per report: a rejected period is reported again.
        UNIQUE (tenant_id, report_id),
        FOREIGN KEY (tenant_id, report_id, provider_id) REFERENCES outcome_reports (tenant_id, id, provider_id),
        CHECK (decision = 'accepted' OR reason IS NOT NULL),
        CHECK (decision <> 'rejected' OR units = 0),
        CHECK ((decision = 'rejected') = (expected IS NULL) AND (expected IS NULL) = (target IS NULL) AND (target IS NULL) = (result_rate IS NULL))
      );
      CREATE INDEX outcome_validations_id ON outcome_validations (id);

      -- The reports waiting for the contract manager: kept by the database (a report joins it when written and
      -- leaves it when validated, in the same transaction), so a dashboard over thousands of contracts reads
      -- what waits without scanning every report ever made.
      CREATE TABLE outcome_reports_awaiting (
        tenant_id uuid NOT NULL REFERENCES authorities(id),
        report_id uuid NOT NULL,
        contract_id uuid NOT NULL,
        PRIMARY KEY (tenant_id, report_id),
        FOREIGN KEY (tenant_id, report_id) REFERENCES outcome_reports (tenant_id, id),
        FOREIGN KEY (tenant_id, contract_id) REFERENCES contracts (tenant_id, id)
      );
      CREATE INDEX outcome_reports_awaiting_contract ON outcome_reports_awaiting (tenant_id, contract_id);
      CREATE FUNCTION outcome_report_awaits() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_TABLE_NAME = 'outcome_reports' THEN
          INSERT INTO outcome_reports_awaiting (tenant_id, report_id, contract_id) VALUES (NEW.tenant_id, NEW.id, NEW.contract_id);
        ELSE
          DELETE FROM outcome_reports_awaiting WHERE tenant_id = NEW.tenant_id AND report_id = NEW.report_id;
        END IF;
        RETURN NULL;
      END $$;
      CREATE TRIGGER outcome_reports_await AFTER INSERT ON outcome_reports FOR EACH ROW EXECUTE FUNCTION outcome_report_awaits();
      CREATE TRIGGER outcome_validations_clear AFTER INSERT ON outcome_validations FOR EACH ROW EXECUTE FUNCTION outcome_report_awaits();

      CREATE TABLE contract_payments (
        id uuid NOT NULL,
        tenant_id uuid NOT NULL REFERENCES authorities(id),
        contract_id uuid NOT NULL,
        provider_id uuid NOT NULL REFERENCES provider_organisations(id),
        kind text NOT NULL CHECK (kind IN ('fixed_fee', 'outcome')),
        number int NOT NULL CHECK (number >= 1),
        label text NOT NULL CHECK (length(label) BETWEEN 1 AND 200),
        due_on date NOT NULL,
        amount numeric(18,2) NOT NULL CHECK (amount >= 0),
        earned numeric(18,2) CHECK (earned >= amount),
        capped_by text CHECK (capped_by IN ('period', 'metric-total', 'contract')),
        metric_id uuid,
        validation_id uuid,
        status text NOT NULL DEFAULT 'scheduled' CHECK (status IN ('scheduled', 'approved', 'paid')),
        approved_by uuid REFERENCES users(id),
        approved_at timestamptz,
        paid_on date,
        paid_by uuid REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        updated_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        version int NOT NULL DEFAULT 1,
        PRIMARY KEY (tenant_id, id),
        FOREIGN KEY (tenant_id, contract_id) REFERENCES contracts (tenant_id, id),
        FOREIGN KEY (tenant_id, metric_id) REFERENCES outcome_metrics (tenant_id, id),
        FOREIGN KEY (tenant_id, validation_id) REFERENCES outcome_validations (tenant_id, id),
        -- An outcome payment comes from exactly one validation, once; a fixed-fee instalment from none.
        UNIQUE (tenant_id, validation_id),
        CHECK ((kind = 'outcome') = (validation_id IS NOT NULL AND metric_id IS NOT NULL AND earned IS NOT NULL)),
        CHECK ((capped_by IS NULL) = (earned IS NULL OR earned = amount)),
        CHECK ((status = 'scheduled') = (approved_by IS NULL AND approved_at IS NULL)),
        CHECK ((status = 'paid') = (paid_on IS NOT NULL)),
        -- Approval is a person's decision; a finance system's API key may record the payment.
        CHECK (status = 'scheduled' OR approved_by IS NOT NULL)
      );
      CREATE INDEX contract_payments_id ON contract_payments (id);
      CREATE INDEX contract_payments_contract ON contract_payments (tenant_id, contract_id, due_on);
      -- What falls due and waits for approval: a small part of a long schedule.
      CREATE INDEX contract_payments_to_approve ON contract_payments (tenant_id, due_on) WHERE status = 'scheduled';
      CREATE UNIQUE INDEX contract_payments_instalment ON contract_payments (tenant_id, contract_id, number) WHERE kind = 'fixed_fee';

      CREATE TABLE idempotent_requests (
        tenant_id uuid NOT NULL REFERENCES authorities(id),
        caller text NOT NULL CHECK (length(caller) BETWEEN 1 AND 200),
        key text NOT NULL CHECK (length(key) BETWEEN 1 AND 200),
        fingerprint char(64) NOT NULL,
        status int,
        body jsonb,
        created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        PRIMARY KEY (tenant_id, caller, key)
      );
    `);
    for (const table of ['outcome_metrics', 'outcome_reports', 'outcome_validations', 'outcome_reports_awaiting', 'contract_payments', 'idempotent_requests'])
      await q.query(`
        ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
        CREATE POLICY ${table}_tenant ON ${table} FOR ALL USING (tenant_id = app_tenant_id()) WITH CHECK (tenant_id = app_tenant_id());
      `);
    await q.query(`
      -- A provider reads the metrics of the contracts it holds, its own reports, their validations and its payments.
      CREATE POLICY outcome_metrics_provider ON outcome_metrics FOR SELECT USING (
        EXISTS (SELECT 1 FROM contracts c WHERE c.tenant_id = outcome_metrics.tenant_id AND c.id = contract_id AND c.provider_id = app_provider_id()));
      CREATE POLICY outcome_reports_provider_read ON outcome_reports FOR SELECT USING (provider_id = app_provider_id());
      CREATE POLICY outcome_validations_provider_read ON outcome_validations FOR SELECT USING (provider_id = app_provider_id());
      CREATE POLICY contract_payments_provider_read ON contract_payments FOR SELECT USING (provider_id = app_provider_id());
      -- ...and reports on an active contract it holds, on one of that contract's metrics.
      CREATE POLICY outcome_reports_provider_report ON outcome_reports FOR INSERT WITH CHECK (
        provider_id = app_provider_id() AND EXISTS (
          SELECT 1 FROM contracts c JOIN outcome_metrics m ON m.tenant_id = c.tenant_id AND m.contract_id = c.id
           WHERE c.tenant_id = outcome_reports.tenant_id AND c.id = outcome_reports.contract_id AND m.id = outcome_reports.metric_id
             AND c.provider_id = app_provider_id() AND c.status = 'active'));
      CREATE TRIGGER outcome_reports_append_only BEFORE UPDATE OR DELETE ON outcome_reports FOR EACH ROW EXECUTE FUNCTION forbid_change();
      CREATE TRIGGER outcome_validations_append_only BEFORE UPDATE OR DELETE ON outcome_validations FOR EACH ROW EXECUTE FUNCTION forbid_change();
      GRANT SELECT, INSERT, UPDATE ON outcome_metrics, contract_payments, idempotent_requests TO commonweal_app;
      GRANT SELECT, INSERT ON outcome_reports, outcome_validations TO commonweal_app;
      -- Written by the triggers as whoever writes the report or the validation: the provider joins its own report to the queue.
      CREATE POLICY outcome_reports_awaiting_provider ON outcome_reports_awaiting FOR INSERT WITH CHECK (
        EXISTS (SELECT 1 FROM outcome_reports r WHERE r.tenant_id = outcome_reports_awaiting.tenant_id AND r.id = report_id AND r.provider_id = app_provider_id()));
      GRANT SELECT, INSERT, DELETE ON outcome_reports_awaiting TO commonweal_app;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      'DROP TABLE idempotent_requests, contract_payments, outcome_reports_awaiting, outcome_validations, outcome_reports, outcome_metrics; DROP FUNCTION outcome_report_awaits()',
    );
  }
}
