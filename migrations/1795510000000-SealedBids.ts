import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Sealed bids. Every submission is a new immutable version. The database
 * enforces the seal: the authority's policy shows a bid only once the deadline
 * has passed and the bids have been opened (an audited act); a trigger refuses
 * any submission at or after the deadline, whatever code path sent it.
 */
export class SealedBids1795510000000 implements MigrationInterface {
  name = 'SealedBids1795510000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE tenders ADD COLUMN bids_opened_at timestamptz;

      CREATE TABLE bid_submissions (
        id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL REFERENCES authorities(id),
        tender_id uuid NOT NULL REFERENCES tenders(id),
        provider_id uuid NOT NULL REFERENCES provider_organisations(id),
        lot_key text NOT NULL,
        version integer NOT NULL CHECK (version >= 1),
        answers jsonb NOT NULL,
        price numeric(18,2) NOT NULL CHECK (price >= 0),
        cost_profile jsonb,
        content_hash text NOT NULL CHECK (content_hash ~ '^[0-9a-f]{64}$'),
        submitted_by uuid REFERENCES users(id),
        submitted_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        UNIQUE (tender_id, provider_id, lot_key, version)
      );
      CREATE INDEX bid_submissions_tender ON bid_submissions (tenant_id, tender_id, provider_id, lot_key, version DESC);
      ALTER TABLE bid_submissions ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
      CREATE POLICY bids_provider_read ON bid_submissions FOR SELECT USING (provider_id = app_provider_id());
      CREATE POLICY bids_provider_submit ON bid_submissions FOR INSERT WITH CHECK (provider_id = app_provider_id());
      CREATE POLICY bids_sealed_until_opened ON bid_submissions FOR SELECT USING (
        tenant_id = app_tenant_id() AND EXISTS (
          SELECT 1 FROM tenders t WHERE t.id = bid_submissions.tender_id
            AND t.submission_deadline <= now() AND t.bids_opened_at IS NOT NULL));
      GRANT SELECT, INSERT ON bid_submissions TO commonweal_app;

      -- Runs as the submitter: a submission must come through a published-records transaction, where the
      -- tender is visible; anywhere else the tender is not found and the bid is refused (fails closed).
      CREATE FUNCTION bid_before_deadline() RETURNS trigger LANGUAGE plpgsql AS $$
        DECLARE d timestamptz; s text; tid uuid;
        BEGIN
          SELECT submission_deadline, status, tenant_id INTO d, s, tid FROM tenders WHERE id = NEW.tender_id;
          IF s IS DISTINCT FROM 'published' OR d IS NULL OR clock_timestamp() >= d THEN
            RAISE EXCEPTION 'bids for this tender closed at %', d USING ERRCODE = 'P0B01';
          END IF;
          IF NEW.tenant_id IS DISTINCT FROM tid THEN
            RAISE EXCEPTION 'the bid names another authority than its tender' USING ERRCODE = 'check_violation';
          END IF;
          RETURN NEW;
        END $$;
      CREATE TRIGGER bid_submissions_deadline BEFORE INSERT ON bid_submissions FOR EACH ROW EXECUTE FUNCTION bid_before_deadline();
      CREATE TRIGGER bid_submissions_immutable BEFORE UPDATE OR DELETE ON bid_submissions FOR EACH ROW EXECUTE FUNCTION forbid_change();
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE bid_submissions; DROP FUNCTION bid_before_deadline(); ALTER TABLE tenders DROP COLUMN bids_opened_at;`);
  }
}
