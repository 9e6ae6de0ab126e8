import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Commissioning cycles (docs/domain.md section 3): purpose and needs, engagement
 * with its "you said, we did" trace, the outcomes framework and the delivery
 * model decision. Children carry (cycle_id, tenant_id) foreign keys, because a
 * foreign key check does not pass through row-level security: a plain
 * reference could point at another authority's cycle by its id.
 * Engagement records and decisions are evidence for auditors: append-only.
 */
export class CommissioningCycles1795520000000 implements MigrationInterface {
  name = 'CommissioningCycles1795520000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE commissioning_cycles (
        id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL REFERENCES authorities(id),
        reference text NOT NULL CHECK (length(reference) BETWEEN 1 AND 60),
        title text NOT NULL CHECK (length(title) BETWEEN 1 AND 300),
        service_category text CHECK (length(service_category) BETWEEN 1 AND 40),
        purpose text NOT NULL CHECK (length(purpose) BETWEEN 1 AND 5000),
        accountability text NOT NULL CHECK (length(accountability) BETWEEN 1 AND 5000),
        success text NOT NULL CHECK (length(success) BETWEEN 1 AND 5000),
        needs_assessment text NOT NULL DEFAULT '' CHECK (length(needs_assessment) <= 20000),
        review_by date NOT NULL,
        outputs_only_reason text CHECK (length(outputs_only_reason) BETWEEN 1 AND 5000),
        created_by uuid REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        version integer NOT NULL DEFAULT 1,
        UNIQUE (tenant_id, reference),
        UNIQUE (id, tenant_id)
      );
      ALTER TABLE commissioning_cycles ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
      CREATE POLICY commissioning_cycles_tenant ON commissioning_cycles FOR ALL
        USING (tenant_id = app_tenant_id()) WITH CHECK (tenant_id = app_tenant_id());
      GRANT SELECT, INSERT, UPDATE ON commissioning_cycles TO commonweal_app;

      CREATE TABLE engagement_activities (
        id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL,
        cycle_id uuid NOT NULL,
        title text NOT NULL CHECK (length(title) BETWEEN 1 AND 300),
        method text NOT NULL CHECK (method IN ('statutory_consultation', 'information', 'customer_service', 'market_research', 'deliberative_panel', 'devolved_budget')),
        level text NOT NULL CHECK (level IN ('inform', 'consult', 'involve', 'collaborate', 'empower')),
        up_for_grabs text NOT NULL CHECK (length(up_for_grabs) BETWEEN 1 AND 5000),
        senior_owner text NOT NULL CHECK (length(senior_owner) BETWEEN 1 AND 200),
        cost numeric(16, 2) NOT NULL CHECK (cost >= 0),
        starts_on date NOT NULL,
        ends_on date NOT NULL CHECK (ends_on >= starts_on),
        participants jsonb NOT NULL DEFAULT '{}',
        recorded_by uuid REFERENCES users(id),
        recorded_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (id, tenant_id),
        FOREIGN KEY (cycle_id, tenant_id) REFERENCES commissioning_cycles (id, tenant_id)
      );
      CREATE INDEX engagement_activities_cycle ON engagement_activities (tenant_id, cycle_id, starts_on);

      -- "You said, we did": each input and the decision it changed, or why it changed nothing.
      CREATE TABLE engagement_responses (
        id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL,
        cycle_id uuid NOT NULL,
        activity_id uuid NOT NULL,
        you_said text NOT NULL CHECK (length(you_said) BETWEEN 1 AND 5000),
        changed boolean NOT NULL,
        decision_area text NOT NULL CHECK (decision_area IN ('purpose', 'outcomes', 'delivery_model', 'specification', 'evaluation_model', 'other')),
        we_did text NOT NULL CHECK (length(we_did) BETWEEN 1 AND 5000),
        recorded_by uuid REFERENCES users(id),
        recorded_at timestamptz NOT NULL DEFAULT now(),
        FOREIGN KEY (cycle_id, tenant_id) REFERENCES commissioning_cycles (id, tenant_id),
        FOREIGN KEY (activity_id, tenant_id) REFERENCES engagement_activities (id, tenant_id)
      );
      CREATE INDEX engagement_responses_cycle ON engagement_responses (tenant_id, cycle_id, recorded_at);

      CREATE TABLE cycle_outcomes (
        id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL,
        cycle_id uuid NOT NULL,
        statement text NOT NULL CHECK (length(statement) BETWEEN 1 AND 1000),
        source text NOT NULL CHECK (source IN ('national', 'community', 'individual')),
        kind text NOT NULL CHECK (kind IN ('outcome', 'output')),
        indicators jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(indicators) = 'array'),
        recorded_by uuid REFERENCES users(id),
        recorded_at timestamptz NOT NULL DEFAULT now(),
        FOREIGN KEY (cycle_id, tenant_id) REFERENCES commissioning_cycles (id, tenant_id)
      );
      CREATE INDEX cycle_outcomes_cycle ON cycle_outcomes (tenant_id, cycle_id, recorded_at);

      -- Each decision is a new version; the latest is in force and the earlier ones stay for the auditor.
      CREATE TABLE delivery_decisions (
        id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL,
        cycle_id uuid NOT NULL,
        version integer NOT NULL CHECK (version >= 1),
        chosen text NOT NULL,
        decision jsonb NOT NULL,
        in_house_comparator_cost numeric(16, 2) NOT NULL CHECK (in_house_comparator_cost >= 0),
        for_profit_eligible boolean NOT NULL,
        for_profit_justification text,
        decided_by uuid REFERENCES users(id),
        decided_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (cycle_id, version),
        FOREIGN KEY (cycle_id, tenant_id) REFERENCES commissioning_cycles (id, tenant_id)
      );

      ALTER TABLE tenders ADD COLUMN cycle_id uuid;
      ALTER TABLE tenders ADD FOREIGN KEY (cycle_id, tenant_id) REFERENCES commissioning_cycles (id, tenant_id);
      CREATE INDEX tenders_cycle ON tenders (tenant_id, cycle_id) WHERE cycle_id IS NOT NULL;
    `);
    for (const table of ['engagement_activities', 'engagement_responses', 'cycle_outcomes', 'delivery_decisions']) {
      await q.query(`
        ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
        CREATE POLICY ${table}_tenant ON ${table} FOR ALL USING (tenant_id = app_tenant_id()) WITH CHECK (tenant_id = app_tenant_id());
        CREATE TRIGGER ${table}_append_only BEFORE UPDATE OR DELETE ON ${table} FOR EACH ROW EXECUTE FUNCTION forbid_change();
        GRANT SELECT, INSERT ON ${table} TO commonweal_app;
      `);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE tenders DROP COLUMN cycle_id;
      DROP TABLE delivery_decisions, cycle_outcomes, engagement_responses, engagement_activities, commissioning_cycles;
    `);
  }
}
