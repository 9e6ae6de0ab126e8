import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The yearly re-assessment of public character commitments (docs/domain.md section 5). The contract manager
 * records, for each contract year, the level found and what it was found on; the provider reads the
 * reviews of its own commitments. Append-only, one review per commitment and year. The contract managers
 * are reminded when a review opens and again when it is overdue: each reminder recorded once (unique per
 * commitment, year and kind), in the same transaction as its e-mails.
 */
export class CommitmentReviews1795640000000 implements MigrationInterface {
  name = 'CommitmentReviews1795640000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE commitment_reviews (
        id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL REFERENCES authorities(id),
        tender_id uuid NOT NULL REFERENCES tenders(id),
        commitment_id uuid NOT NULL REFERENCES contract_commitments(id),
        provider_id uuid NOT NULL REFERENCES provider_organisations(id),
        review_year smallint NOT NULL CHECK (review_year >= 1),
        level smallint NOT NULL CHECK (level BETWEEN 0 AND 4),
        note text NOT NULL CHECK (length(note) BETWEEN 1 AND 5000),
        reviewed_by uuid REFERENCES users(id),
        reviewed_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        UNIQUE (commitment_id, review_year)
      );
      CREATE INDEX commitment_reviews_tender ON commitment_reviews (tenant_id, tender_id);
      ALTER TABLE commitment_reviews ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
      CREATE POLICY commitment_reviews_tenant ON commitment_reviews FOR ALL
        USING (tenant_id = app_tenant_id()) WITH CHECK (tenant_id = app_tenant_id());
      CREATE POLICY commitment_reviews_provider ON commitment_reviews FOR SELECT USING (provider_id = app_provider_id());
      CREATE TRIGGER commitment_reviews_append_only BEFORE UPDATE OR DELETE ON commitment_reviews
        FOR EACH ROW EXECUTE FUNCTION forbid_change();
      GRANT SELECT, INSERT ON commitment_reviews TO commonweal_app;

      CREATE TABLE commitment_review_reminders (
        id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL REFERENCES authorities(id),
        commitment_id uuid NOT NULL REFERENCES contract_commitments(id),
        review_year smallint NOT NULL CHECK (review_year >= 1),
        kind text NOT NULL CHECK (kind IN ('open', 'overdue')),
        sent_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        UNIQUE (commitment_id, review_year, kind)
      );
      ALTER TABLE commitment_review_reminders ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
      CREATE POLICY commitment_review_reminders_tenant ON commitment_review_reminders FOR ALL
        USING (tenant_id = app_tenant_id()) WITH CHECK (tenant_id = app_tenant_id());
      GRANT SELECT, INSERT ON commitment_review_reminders TO commonweal_app;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE commitment_review_reminders, commitment_reviews');
  }
}
