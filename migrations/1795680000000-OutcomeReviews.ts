import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Review before sanction (docs/domain.md section 6; issue 14, item 4). A validated result below what was
 * expected of the population served opens a review, in the validation's transaction; the provider explains
 * its context by a date (one explanation, append-only); the contract manager concludes once: no action, a
 * remedy plan with its date, or a deduction with its amount. A concluded review is final (a trigger).
 *
 * A deduction exists only once a review has concluded with one, and only for the amount concluded: the
 * payment schedule's deduction lines carry a foreign key to the review's (id, conclusion, amount), so the
 * database refuses a deduction for an open review, a review concluded otherwise, or another amount.
 */
export class OutcomeReviews1795680000000 implements MigrationInterface {
  name = 'OutcomeReviews1795680000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE outcome_reviews (
        id uuid NOT NULL,
        tenant_id uuid NOT NULL REFERENCES authorities(id),
        contract_id uuid NOT NULL,
        metric_id uuid NOT NULL,
        validation_id uuid NOT NULL,
        provider_id uuid NOT NULL REFERENCES provider_organisations(id),
        period int NOT NULL CHECK (period >= 1),
        expected numeric(5,4) NOT NULL,
        result_rate numeric(5,4) NOT NULL CHECK (result_rate < expected),
        explain_by date NOT NULL,
        conclusion text CHECK (conclusion IN ('no_action', 'remedy_plan', 'deduction')),
        conclusion_note text CHECK (length(conclusion_note) BETWEEN 1 AND 5000),
        remedy_due_on date,
        deduction numeric(18,2) CHECK (deduction > 0),
        concluded_by uuid REFERENCES users(id),
        concluded_at timestamptz,
        opened_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        updated_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        version int NOT NULL DEFAULT 1,
        PRIMARY KEY (tenant_id, id),
        UNIQUE (tenant_id, validation_id),
        -- What a deduction line points at: the review, concluded with a deduction, of that amount.
        UNIQUE (tenant_id, id, conclusion, deduction),
        FOREIGN KEY (tenant_id, contract_id) REFERENCES contracts (tenant_id, id),
        FOREIGN KEY (tenant_id, metric_id) REFERENCES outcome_metrics (tenant_id, id),
        FOREIGN KEY (tenant_id, validation_id) REFERENCES outcome_validations (tenant_id, id),
        CHECK ((conclusion IS NULL) = (concluded_at IS NULL) AND (conclusion IS NULL) = (conclusion_note IS NULL)),
        CHECK (CASE conclusion WHEN 'deduction' THEN deduction IS NOT NULL ELSE deduction IS NULL END),
        CHECK (CASE conclusion WHEN 'remedy_plan' THEN remedy_due_on IS NOT NULL ELSE remedy_due_on IS NULL END)
      );
      CREATE INDEX outcome_reviews_id ON outcome_reviews (id);
      CREATE INDEX outcome_reviews_contract ON outcome_reviews (tenant_id, contract_id, opened_at);

      CREATE TABLE outcome_review_explanations (
        tenant_id uuid NOT NULL REFERENCES authorities(id),
        review_id uuid NOT NULL,
        provider_id uuid NOT NULL REFERENCES provider_organisations(id),
        explanation text NOT NULL CHECK (length(explanation) BETWEEN 1 AND 5000),
        explained_by uuid REFERENCES users(id),
        explained_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        PRIMARY KEY (tenant_id, review_id),
        FOREIGN KEY (tenant_id, review_id) REFERENCES outcome_reviews (tenant_id, id)
      );

      CREATE FUNCTION outcome_review_final() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' OR OLD.concluded_at IS NOT NULL THEN
          RAISE EXCEPTION 'outcome review % is concluded: its conclusion is final', OLD.id USING ERRCODE = 'check_violation';
        END IF;
        RETURN NEW;
      END $$;
      CREATE TRIGGER outcome_reviews_final BEFORE UPDATE OR DELETE ON outcome_reviews FOR EACH ROW EXECUTE FUNCTION outcome_review_final();
      CREATE TRIGGER outcome_review_explanations_append_only BEFORE UPDATE OR DELETE ON outcome_review_explanations
        FOR EACH ROW EXECUTE FUNCTION forbid_change();

      ALTER TABLE contract_payments DROP CONSTRAINT contract_payments_kind_check;
      ALTER TABLE contract_payments ADD CONSTRAINT contract_payments_kind_check CHECK (kind IN ('fixed_fee', 'outcome', 'deduction'));
      ALTER TABLE contract_payments
        ADD COLUMN review_id uuid,
        ADD COLUMN review_conclusion text CHECK (review_conclusion = 'deduction'),
        ADD CONSTRAINT contract_payments_deduction_review FOREIGN KEY (tenant_id, review_id, review_conclusion, amount)
          REFERENCES outcome_reviews (tenant_id, id, conclusion, deduction),
        ADD CONSTRAINT contract_payments_deduction_once UNIQUE (tenant_id, review_id),
        ADD CONSTRAINT contract_payments_deduction_has_review
          CHECK ((kind = 'deduction') = (review_id IS NOT NULL AND review_conclusion IS NOT DISTINCT FROM 'deduction'));
    `);
    for (const table of ['outcome_reviews', 'outcome_review_explanations'])
      await q.query(`
        ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
        CREATE POLICY ${table}_tenant ON ${table} FOR ALL USING (tenant_id = app_tenant_id()) WITH CHECK (tenant_id = app_tenant_id());
        CREATE POLICY ${table}_provider_read ON ${table} FOR SELECT USING (provider_id = app_provider_id());
      `);
    await q.query(`
      -- The provider explains its own reviews, once, while they are open.
      CREATE POLICY outcome_review_explanations_provider ON outcome_review_explanations FOR INSERT WITH CHECK (
        provider_id = app_provider_id() AND EXISTS (
          SELECT 1 FROM outcome_reviews r WHERE r.tenant_id = outcome_review_explanations.tenant_id AND r.id = review_id
            AND r.provider_id = app_provider_id() AND r.concluded_at IS NULL));
      GRANT SELECT, INSERT, UPDATE ON outcome_reviews TO commonweal_app;
      GRANT SELECT, INSERT ON outcome_review_explanations TO commonweal_app;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE contract_payments DROP COLUMN review_id, DROP COLUMN review_conclusion;
      DELETE FROM contract_payments WHERE kind = 'deduction';
      ALTER TABLE contract_payments DROP CONSTRAINT contract_payments_kind_check;
      ALTER TABLE contract_payments ADD CONSTRAINT contract_payments_kind_check CHECK (kind IN ('fixed_fee', 'outcome'));
      DROP TABLE outcome_review_explanations, outcome_reviews;
      DROP FUNCTION outcome_review_final();
    `);
  }
}
