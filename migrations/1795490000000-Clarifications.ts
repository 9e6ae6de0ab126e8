import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Clarification questions and answers. The authority sees who asked; other
 * bidders see only the published wording of the question and the answer.
 */
export class Clarifications1795490000000 implements MigrationInterface {
  name = 'Clarifications1795490000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE tenders ADD COLUMN clarification_deadline timestamptz
        CHECK (clarification_deadline IS NULL OR submission_deadline IS NULL OR clarification_deadline <= submission_deadline);

      CREATE TABLE clarifications (
        id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL REFERENCES authorities(id),
        tender_id uuid NOT NULL REFERENCES tenders(id),
        provider_id uuid NOT NULL REFERENCES provider_organisations(id),
        asked_by uuid REFERENCES users(id),
        question text NOT NULL CHECK (length(question) BETWEEN 1 AND 5000),
        asked_at timestamptz NOT NULL DEFAULT now(),
        -- The wording every bidder sees: the commissioner may take out what identifies the asker.
        published_question text CHECK (length(published_question) BETWEEN 1 AND 5000),
        answer text CHECK (length(answer) BETWEEN 1 AND 10000),
        answered_by uuid REFERENCES users(id),
        answered_at timestamptz,
        CHECK ((answer IS NULL) = (answered_at IS NULL) AND (answer IS NULL) = (published_question IS NULL))
      );
      CREATE INDEX clarifications_tender ON clarifications (tenant_id, tender_id, asked_at);
      ALTER TABLE clarifications ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
      CREATE POLICY clarifications_tenant ON clarifications FOR ALL
        USING (tenant_id = app_tenant_id()) WITH CHECK (tenant_id = app_tenant_id());
      CREATE POLICY clarifications_own ON clarifications FOR SELECT USING (provider_id = app_provider_id());
      CREATE POLICY clarifications_ask ON clarifications FOR INSERT WITH CHECK (provider_id = app_provider_id());
      -- Answered ones are public; the public route selects only the published wording and the answer.
      CREATE POLICY clarifications_published ON clarifications FOR SELECT
        USING (app_setting('app.published_records') = 'on' AND answered_at IS NOT NULL);
      GRANT SELECT, INSERT, UPDATE ON clarifications TO commonweal_app;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE clarifications; ALTER TABLE tenders DROP COLUMN clarification_deadline;`);
  }
}
