import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Evaluation and award (docs/domain.md section 4; issue 5): evaluators assigned per
 * criterion group, their conflict declarations, independent marks, moderated
 * consensus marks, abnormally-low clarification outcomes and the award steps.
 *
 * The rule that an evaluator sees no one else's marks before submitting their
 * own is the database's, not the service's: `independent_marks_visible` hides
 * other evaluators' rows from anyone assigned to that criterion group who has
 * not yet submitted. Award steps are append-only: they are the audit trail the
 * Procurement Act's records and any challenge rely on.
 */
export class Evaluations1795550000000 implements MigrationInterface {
  name = 'Evaluations1795550000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE tenders ADD CONSTRAINT tenders_id_tenant UNIQUE (id, tenant_id);
      -- Marks and reviews name a bid with its tender, so none can point at a bid of another tender (or authority):
      -- a foreign key check does not pass through row-level security.
      ALTER TABLE bid_submissions ADD CONSTRAINT bid_submissions_id_tender UNIQUE (id, tender_id);

      CREATE TABLE evaluations (
        tender_id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL,
        -- The Monte Carlo sensitivity seed: stored, so the bundle and the page give the same figures for ever.
        seed integer NOT NULL CHECK (seed >= 0),
        started_by uuid REFERENCES users(id),
        started_at timestamptz NOT NULL DEFAULT now(),
        completed_by uuid REFERENCES users(id),
        completed_at timestamptz,
        result jsonb,
        result_digest text,
        FOREIGN KEY (tender_id, tenant_id) REFERENCES tenders (id, tenant_id),
        CHECK ((completed_at IS NULL) = (result IS NULL)),
        CONSTRAINT evaluations_tender_tenant UNIQUE (tender_id, tenant_id)
      );

      CREATE TABLE evaluator_assignments (
        id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL,
        tender_id uuid NOT NULL,
        user_id uuid NOT NULL REFERENCES users(id),
        criterion_group text NOT NULL,
        assigned_by uuid REFERENCES users(id),
        assigned_at timestamptz NOT NULL DEFAULT now(),
        declaration text CHECK (declaration IN ('no_conflict', 'conflict')),
        declaration_note text CHECK (length(declaration_note) <= 2000),
        declared_at timestamptz,
        submitted_at timestamptz,
        UNIQUE (tender_id, user_id, criterion_group),
        FOREIGN KEY (tender_id, tenant_id) REFERENCES evaluations (tender_id, tenant_id),
        CHECK (submitted_at IS NULL OR declaration = 'no_conflict')
      );

      CREATE TABLE independent_marks (
        tenant_id uuid NOT NULL,
        tender_id uuid NOT NULL,
        bid_id uuid NOT NULL,
        criterion_key text NOT NULL,
        criterion_group text NOT NULL,
        evaluator_id uuid NOT NULL REFERENCES users(id),
        mark integer NOT NULL CHECK (mark BETWEEN 0 AND 100),
        reason text NOT NULL CHECK (length(reason) BETWEEN 1 AND 5000),
        marked_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (tender_id, bid_id, criterion_key, evaluator_id),
        FOREIGN KEY (bid_id, tender_id) REFERENCES bid_submissions (id, tender_id),
        FOREIGN KEY (tender_id, tenant_id) REFERENCES evaluations (tender_id, tenant_id)
      );

      CREATE TABLE consensus_marks (
        tenant_id uuid NOT NULL,
        tender_id uuid NOT NULL,
        bid_id uuid NOT NULL,
        criterion_key text NOT NULL,
        mark integer NOT NULL CHECK (mark BETWEEN 0 AND 100),
        rationale text NOT NULL CHECK (length(rationale) BETWEEN 1 AND 5000),
        -- Where the independent marks spread past the policy's threshold: why they differed and how it was settled.
        variance_note text CHECK (length(variance_note) BETWEEN 1 AND 5000),
        moderated_by uuid REFERENCES users(id),
        moderated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (tender_id, bid_id, criterion_key),
        FOREIGN KEY (bid_id, tender_id) REFERENCES bid_submissions (id, tender_id),
        FOREIGN KEY (tender_id, tenant_id) REFERENCES evaluations (tender_id, tenant_id)
      );

      CREATE TABLE abnormally_low_reviews (
        tenant_id uuid NOT NULL,
        tender_id uuid NOT NULL,
        bid_id uuid NOT NULL,
        outcome text NOT NULL CHECK (outcome IN ('accepted', 'rejected')),
        reason text NOT NULL CHECK (length(reason) BETWEEN 1 AND 5000),
        recorded_by uuid REFERENCES users(id),
        recorded_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (tender_id, bid_id),
        FOREIGN KEY (bid_id, tender_id) REFERENCES bid_submissions (id, tender_id),
        FOREIGN KEY (tender_id, tenant_id) REFERENCES evaluations (tender_id, tenant_id)
      );

      CREATE TABLE award_steps (
        id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL,
        tender_id uuid NOT NULL,
        step text NOT NULL CHECK (step IN ('recommended', 'approved', 'awarded', 'no_award')),
        by_user uuid REFERENCES users(id),
        at timestamptz NOT NULL DEFAULT now(),
        reason text CHECK (length(reason) BETWEEN 1 AND 5000),
        winners jsonb NOT NULL DEFAULT '[]',
        result_digest text,
        standstill_ends_at timestamptz,
        UNIQUE (tender_id, step),
        FOREIGN KEY (tender_id, tenant_id) REFERENCES evaluations (tender_id, tenant_id)
      );
      CREATE INDEX award_steps_tender ON award_steps (tenant_id, tender_id, at);

      -- Each bidder's assessment summary, fixed at the start of standstill: the authority and that provider see it, no one else.
      CREATE TABLE assessment_summaries (
        tenant_id uuid NOT NULL,
        tender_id uuid NOT NULL,
        provider_id uuid NOT NULL REFERENCES provider_organisations(id),
        data jsonb NOT NULL,
        -- The evaluation bundle as this bidder may have it: its own bids named, the others anonymous.
        bundle jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (tender_id, provider_id),
        FOREIGN KEY (tender_id, tenant_id) REFERENCES evaluations (tender_id, tenant_id)
      );
      ALTER TABLE assessment_summaries ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
      CREATE POLICY assessment_summaries_tenant ON assessment_summaries FOR ALL USING (tenant_id = app_tenant_id()) WITH CHECK (tenant_id = app_tenant_id());
      CREATE POLICY assessment_summaries_provider ON assessment_summaries FOR SELECT USING (provider_id = app_provider_id());
      GRANT SELECT, INSERT ON assessment_summaries TO commonweal_app;
      CREATE TRIGGER assessment_summaries_append_only BEFORE UPDATE OR DELETE ON assessment_summaries FOR EACH ROW EXECUTE FUNCTION forbid_change();
    `);
    for (const table of ['evaluations', 'evaluator_assignments', 'consensus_marks', 'abnormally_low_reviews', 'award_steps']) {
      await q.query(`
        ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
        CREATE POLICY ${table}_tenant ON ${table} FOR ALL USING (tenant_id = app_tenant_id()) WITH CHECK (tenant_id = app_tenant_id());
      `);
    }
    await q.query(`
      GRANT SELECT, INSERT, UPDATE ON evaluations, evaluator_assignments, consensus_marks TO commonweal_app;
      GRANT SELECT, INSERT ON abnormally_low_reviews, award_steps TO commonweal_app;
      CREATE TRIGGER award_steps_append_only BEFORE UPDATE OR DELETE ON award_steps FOR EACH ROW EXECUTE FUNCTION forbid_change();
      CREATE TRIGGER abnormally_low_reviews_append_only BEFORE UPDATE OR DELETE ON abnormally_low_reviews FOR EACH ROW EXECUTE FUNCTION forbid_change();

      ALTER TABLE independent_marks ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
      -- Everyone in the authority may see the marks (the service decides who asks), except a person
      -- assigned to the criterion group who has not submitted yet: they see only their own.
      CREATE POLICY independent_marks_visible ON independent_marks FOR SELECT USING (
        tenant_id = app_tenant_id() AND (
          evaluator_id = app_user_id() OR NOT EXISTS (
            SELECT 1 FROM evaluator_assignments a
            WHERE a.tender_id = independent_marks.tender_id AND a.criterion_group = independent_marks.criterion_group
              AND a.user_id = app_user_id() AND a.submitted_at IS NULL)));
      -- Only the evaluator writes their marks, and only until they submit.
      CREATE POLICY independent_marks_own_insert ON independent_marks FOR INSERT WITH CHECK (tenant_id = app_tenant_id() AND evaluator_id = app_user_id());
      CREATE POLICY independent_marks_own_update ON independent_marks FOR UPDATE
        USING (tenant_id = app_tenant_id() AND evaluator_id = app_user_id())
        WITH CHECK (tenant_id = app_tenant_id() AND evaluator_id = app_user_id());
      GRANT SELECT, INSERT, UPDATE ON independent_marks TO commonweal_app;

      CREATE FUNCTION independent_mark_open() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF EXISTS (SELECT 1 FROM evaluator_assignments a WHERE a.tender_id = NEW.tender_id AND a.user_id = NEW.evaluator_id
                     AND a.criterion_group = NEW.criterion_group AND a.declaration = 'no_conflict' AND a.submitted_at IS NULL) THEN
          RETURN NEW;
        END IF;
        RAISE EXCEPTION 'marks are closed for this evaluator and criterion group' USING ERRCODE = 'P0B02';
      END $$;
      CREATE TRIGGER independent_marks_open BEFORE INSERT OR UPDATE ON independent_marks FOR EACH ROW EXECUTE FUNCTION independent_mark_open();
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE assessment_summaries, award_steps, abnormally_low_reviews, consensus_marks, independent_marks, evaluator_assignments, evaluations;
      DROP FUNCTION independent_mark_open();
      ALTER TABLE bid_submissions DROP CONSTRAINT bid_submissions_id_tender;
      ALTER TABLE tenders DROP CONSTRAINT tenders_id_tenant;
    `);
  }
}
