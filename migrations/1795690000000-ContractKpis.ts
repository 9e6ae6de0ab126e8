import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * KPIs (Procurement Act 2023 s.52, law; issue 14, item 5): a contract's key performance indicators, set
 * while it is pending, each with the thresholds that rate a measurement (good, approaching target,
 * requires improvement, inadequate), in order for whether more or less is better; each measurement is
 * kept with the rating it earned (append-only). The provider reads its own.
 */
export class ContractKpis1795690000000 implements MigrationInterface {
  name = 'ContractKpis1795690000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE contract_kpis (
        id uuid NOT NULL,
        tenant_id uuid NOT NULL REFERENCES authorities(id),
        contract_id uuid NOT NULL,
        code text NOT NULL CHECK (code ~ '^[A-Z][A-Z0-9-]{0,19}$'),
        title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
        unit text NOT NULL CHECK (length(unit) BETWEEN 1 AND 60),
        direction text NOT NULL CHECK (direction IN ('higher', 'lower')),
        good numeric(14,4) NOT NULL,
        approaching numeric(14,4) NOT NULL,
        requires_improvement numeric(14,4) NOT NULL,
        created_by uuid REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        version int NOT NULL DEFAULT 1,
        PRIMARY KEY (tenant_id, id),
        UNIQUE (tenant_id, contract_id, code),
        FOREIGN KEY (tenant_id, contract_id) REFERENCES contracts (tenant_id, id),
        CHECK (CASE direction WHEN 'higher' THEN good > approaching AND approaching > requires_improvement
                              ELSE good < approaching AND approaching < requires_improvement END)
      );
      CREATE INDEX contract_kpis_id ON contract_kpis (id);
      CREATE TABLE kpi_measurements (
        id uuid NOT NULL,
        tenant_id uuid NOT NULL REFERENCES authorities(id),
        kpi_id uuid NOT NULL,
        contract_id uuid NOT NULL,
        provider_id uuid NOT NULL REFERENCES provider_organisations(id),
        period_ends_on date NOT NULL,
        value numeric(14,4) NOT NULL,
        rating text NOT NULL CHECK (rating IN ('good', 'approaching_target', 'requires_improvement', 'inadequate')),
        note text CHECK (length(note) BETWEEN 1 AND 2000),
        recorded_by uuid REFERENCES users(id),
        recorded_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        PRIMARY KEY (tenant_id, id),
        FOREIGN KEY (tenant_id, kpi_id) REFERENCES contract_kpis (tenant_id, id),
        FOREIGN KEY (tenant_id, contract_id) REFERENCES contracts (tenant_id, id)
      );
      CREATE INDEX kpi_measurements_id ON kpi_measurements (id);
      CREATE INDEX kpi_measurements_kpi ON kpi_measurements (tenant_id, kpi_id, period_ends_on);
      CREATE TRIGGER kpi_measurements_append_only BEFORE UPDATE OR DELETE ON kpi_measurements FOR EACH ROW EXECUTE FUNCTION forbid_change();
    `);
    for (const table of ['contract_kpis', 'kpi_measurements'])
      await q.query(`
        ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
        CREATE POLICY ${table}_tenant ON ${table} FOR ALL USING (tenant_id = app_tenant_id()) WITH CHECK (tenant_id = app_tenant_id());
      `);
    await q.query(`
      CREATE POLICY contract_kpis_provider ON contract_kpis FOR SELECT USING (
        EXISTS (SELECT 1 FROM contracts c WHERE c.tenant_id = contract_kpis.tenant_id AND c.id = contract_id AND c.provider_id = app_provider_id()));
      CREATE POLICY kpi_measurements_provider ON kpi_measurements FOR SELECT USING (provider_id = app_provider_id());
      GRANT SELECT, INSERT, UPDATE ON contract_kpis TO commonweal_app;
      GRANT SELECT, INSERT ON kpi_measurements TO commonweal_app;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE kpi_measurements, contract_kpis');
  }
}
