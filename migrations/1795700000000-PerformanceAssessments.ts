import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Performance assessments (Procurement Act 2023 s.71, law; issue 14, item 6): at least every twelve months
 * a contract runs and when it ends, its performance against its KPIs is assessed and published as a
 * contract performance notice. Each assessment follows on from the last (no gap, no overlap: its period
 * starts the day after the last one's, which the service reads under the contract's row lock, and the
 * database holds one per start day and one final per contract); a rating other than the one the KPIs give
 * carries its reason; append-only. The provider reads its own. Reminders are claimed once per due date and
 * kind, as commitment reviews' are.
 */
export class PerformanceAssessments1795700000000 implements MigrationInterface {
  name = 'PerformanceAssessments1795700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE performance_assessments (
        id uuid NOT NULL,
        tenant_id uuid NOT NULL REFERENCES authorities(id),
        contract_id uuid NOT NULL,
        provider_id uuid NOT NULL REFERENCES provider_organisations(id),
        sequence int NOT NULL CHECK (sequence >= 1),
        occasion text NOT NULL CHECK (occasion IN ('yearly', 'final')),
        period_from date NOT NULL,
        period_to date NOT NULL,
        kpi_results jsonb NOT NULL CHECK (jsonb_typeof(kpi_results) = 'array'),
        derived_rating text CHECK (derived_rating IN ('good', 'approaching_target', 'requires_improvement', 'inadequate')),
        rating text NOT NULL CHECK (rating IN ('good', 'approaching_target', 'requires_improvement', 'inadequate')),
        override_reason text CHECK (length(override_reason) BETWEEN 1 AND 4000),
        summary text NOT NULL CHECK (length(summary) BETWEEN 1 AND 4000),
        assessed_by uuid REFERENCES users(id),
        assessed_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        PRIMARY KEY (tenant_id, id),
        FOREIGN KEY (tenant_id, contract_id) REFERENCES contracts (tenant_id, id),
        UNIQUE (tenant_id, contract_id, sequence),
        UNIQUE (tenant_id, contract_id, period_from),
        CHECK (period_from <= period_to),
        CHECK (period_to <= ((period_from - 1) + interval '1 year')::date),
        CHECK (rating IS NOT DISTINCT FROM derived_rating OR override_reason IS NOT NULL)
      );
      CREATE INDEX performance_assessments_id ON performance_assessments (id);
      CREATE UNIQUE INDEX performance_assessments_one_final ON performance_assessments (tenant_id, contract_id) WHERE occasion = 'final';
      CREATE TRIGGER performance_assessments_append_only BEFORE UPDATE OR DELETE ON performance_assessments FOR EACH ROW EXECUTE FUNCTION forbid_change();
      ALTER TABLE performance_assessments ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
      CREATE POLICY performance_assessments_tenant ON performance_assessments FOR ALL
        USING (tenant_id = app_tenant_id()) WITH CHECK (tenant_id = app_tenant_id());
      CREATE POLICY performance_assessments_provider ON performance_assessments FOR SELECT USING (provider_id = app_provider_id());
      GRANT SELECT, INSERT ON performance_assessments TO commonweal_app;

      CREATE TABLE performance_assessment_reminders (
        id uuid NOT NULL,
        tenant_id uuid NOT NULL REFERENCES authorities(id),
        contract_id uuid NOT NULL,
        due_by date NOT NULL,
        kind text NOT NULL CHECK (kind IN ('open', 'overdue')),
        sent_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        PRIMARY KEY (tenant_id, id),
        FOREIGN KEY (tenant_id, contract_id) REFERENCES contracts (tenant_id, id),
        UNIQUE (tenant_id, contract_id, due_by, kind)
      );
      ALTER TABLE performance_assessment_reminders ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
      CREATE POLICY performance_assessment_reminders_tenant ON performance_assessment_reminders FOR ALL
        USING (tenant_id = app_tenant_id()) WITH CHECK (tenant_id = app_tenant_id());
      GRANT SELECT, INSERT ON performance_assessment_reminders TO commonweal_app;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE performance_assessment_reminders, performance_assessments');
  }
}
