import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Service reviews (issue 16, item 6; the Measure step): one per commissioning cycle, append-only, each
 * naming the cycle it opened. RLS by authority; keys lead with the authority.
 */
export class ServiceReviews1795780000000 implements MigrationInterface {
  name = 'ServiceReviews1795780000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE service_reviews (
        id uuid NOT NULL,
        tenant_id uuid NOT NULL REFERENCES authorities(id),
        cycle_id uuid NOT NULL,
        outcome_findings jsonb NOT NULL CHECK (jsonb_typeof(outcome_findings) = 'array'),
        engagement_findings text NOT NULL CHECK (length(engagement_findings) BETWEEN 1 AND 4000),
        summary text NOT NULL CHECK (length(summary) BETWEEN 1 AND 4000),
        decision text NOT NULL CHECK (decision IN ('recommission', 'insource', 'change')),
        reasons text NOT NULL CHECK (length(reasons) BETWEEN 1 AND 4000),
        next_cycle_id uuid NOT NULL,
        reviewed_by uuid REFERENCES users(id),
        reviewed_at timestamptz NOT NULL,
        PRIMARY KEY (tenant_id, id),
        UNIQUE (tenant_id, cycle_id),
        UNIQUE (tenant_id, next_cycle_id),
        CHECK (next_cycle_id <> cycle_id),
        FOREIGN KEY (cycle_id, tenant_id) REFERENCES commissioning_cycles (id, tenant_id),
        FOREIGN KEY (next_cycle_id, tenant_id) REFERENCES commissioning_cycles (id, tenant_id)
      );
      ALTER TABLE service_reviews ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
      CREATE POLICY service_reviews_tenant ON service_reviews FOR ALL USING (tenant_id = app_tenant_id()) WITH CHECK (tenant_id = app_tenant_id());
      CREATE TRIGGER service_reviews_append_only BEFORE UPDATE OR DELETE ON service_reviews FOR EACH ROW EXECUTE FUNCTION forbid_change();
      GRANT SELECT, INSERT ON service_reviews TO commonweal_app;

      -- Each reminder claimed once (per cycle, review-by date and kind) in the transaction that queues its e-mail.
      CREATE TABLE service_review_reminders (
        id uuid NOT NULL,
        tenant_id uuid NOT NULL REFERENCES authorities(id),
        cycle_id uuid NOT NULL,
        review_by date NOT NULL,
        kind text NOT NULL CHECK (kind IN ('open', 'overdue')),
        sent_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        PRIMARY KEY (tenant_id, id),
        FOREIGN KEY (cycle_id, tenant_id) REFERENCES commissioning_cycles (id, tenant_id),
        UNIQUE (tenant_id, cycle_id, review_by, kind)
      );
      ALTER TABLE service_review_reminders ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
      CREATE POLICY service_review_reminders_tenant ON service_review_reminders FOR ALL USING (tenant_id = app_tenant_id()) WITH CHECK (tenant_id = app_tenant_id());
      GRANT SELECT, INSERT ON service_review_reminders TO commonweal_app;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE service_review_reminders, service_reviews`);
  }
}
