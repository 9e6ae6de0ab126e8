import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Public character evidence (docs/domain.md section 5; issue 6).
 * - The provider's evidence library and self-assessment belong to the provider organisation, not to
 *   any authority: only its own people see them (RLS by provider). No authority reads these tables.
 * - What an authority sees is the snapshot taken into the bid when it is submitted
 *   (`bid_submissions.public_character`): sealed with the bid, immutable like it, and covered by its
 *   receipt's hash. Later edits to the library never change what was evaluated.
 * - Verification by the commissioner, per bid and test, is append-only: the newest row is the outcome.
 *   A request for more evidence names a date; the provider may answer once, before it.
 */
export class PublicCharacterEvidence1795580000000 implements MigrationInterface {
  name = 'PublicCharacterEvidence1795580000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE evidence_items (
        id uuid PRIMARY KEY,
        provider_id uuid NOT NULL REFERENCES provider_organisations(id),
        title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
        evidence_type text NOT NULL CHECK (evidence_type IN ('governance_document','board_minutes','foi_policy',
          'user_involvement','staff_survey','living_wage','asset_lock','accreditation','annual_report','policy','other')),
        description text NOT NULL DEFAULT '' CHECK (length(description) <= 5000),
        url text CHECK (url ~ '^https?://' AND length(url) <= 2000),
        file_name text,
        content_type text,
        size_bytes bigint,
        sha256 text CHECK (sha256 ~ '^[0-9a-f]{64}$'),
        issued_on date,
        expires_on date CHECK (expires_on IS NULL OR issued_on IS NULL OR expires_on >= issued_on),
        withdrawn_at timestamptz,
        created_by uuid REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        -- A link or a document, never both: a document's bytes never change (a new file is a new item).
        CHECK ((url IS NULL) <> (sha256 IS NULL)),
        CHECK ((sha256 IS NULL) = (file_name IS NULL))
      );
      CREATE INDEX evidence_items_provider ON evidence_items (provider_id, created_at DESC);
      ALTER TABLE evidence_items ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
      CREATE POLICY evidence_items_provider ON evidence_items FOR ALL
        USING (provider_id = app_provider_id()) WITH CHECK (provider_id = app_provider_id());
      GRANT SELECT, INSERT, UPDATE ON evidence_items TO commonweal_app;
      CREATE FUNCTION evidence_file_fixed() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF NEW.sha256 IS DISTINCT FROM OLD.sha256 OR NEW.provider_id <> OLD.provider_id THEN
            RAISE EXCEPTION 'an evidence item keeps its file and its owner' USING ERRCODE = 'check_violation';
          END IF;
          RETURN NEW;
        END $$;
      CREATE TRIGGER evidence_items_file_fixed BEFORE UPDATE ON evidence_items FOR EACH ROW EXECUTE FUNCTION evidence_file_fixed();

      CREATE TABLE self_assessment_answers (
        provider_id uuid NOT NULL REFERENCES provider_organisations(id),
        test_code text NOT NULL CHECK (test_code ~ '^[a-z][a-z0-9_]{0,39}$'),
        level smallint NOT NULL CHECK (level BETWEEN 0 AND 4),
        narrative text NOT NULL CHECK (length(narrative) BETWEEN 1 AND 10000),
        evidence_ids uuid[] NOT NULL DEFAULT '{}' CHECK (cardinality(evidence_ids) <= 20),
        updated_by uuid REFERENCES users(id),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (provider_id, test_code)
      );
      ALTER TABLE self_assessment_answers ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
      CREATE POLICY self_assessment_answers_provider ON self_assessment_answers FOR ALL
        USING (provider_id = app_provider_id()) WITH CHECK (provider_id = app_provider_id());
      GRANT SELECT, INSERT, UPDATE, DELETE ON self_assessment_answers TO commonweal_app;

      ALTER TABLE bid_submissions ADD COLUMN public_character jsonb
        CHECK (public_character IS NULL OR jsonb_typeof(public_character) = 'object');

      -- Providers read a published tender's framework version (they assess themselves against it).
      CREATE POLICY public_character_frameworks_published ON public_character_frameworks FOR SELECT USING (
        app_setting('app.published_records') = 'on' AND EXISTS (
          SELECT 1 FROM tenders t WHERE t.tenant_id = public_character_frameworks.tenant_id
            AND t.public_character_framework_version = public_character_frameworks.version));

      CREATE TABLE public_character_verifications (
        id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL REFERENCES authorities(id),
        tender_id uuid NOT NULL REFERENCES tenders(id),
        bid_id uuid NOT NULL REFERENCES bid_submissions(id),
        provider_id uuid NOT NULL REFERENCES provider_organisations(id),
        test_code text NOT NULL,
        outcome text NOT NULL CHECK (outcome IN ('accepted','adjusted','rejected','more_requested')),
        verified_level smallint CHECK (verified_level BETWEEN 0 AND 4),
        reason text NOT NULL DEFAULT '' CHECK (length(reason) <= 5000),
        respond_by timestamptz,
        decided_by uuid REFERENCES users(id),
        decided_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        CHECK ((outcome = 'more_requested') = (verified_level IS NULL)),
        CHECK ((outcome = 'more_requested') = (respond_by IS NOT NULL)),
        CHECK (outcome = 'accepted' OR length(reason) > 0)
      );
      CREATE INDEX public_character_verifications_bid ON public_character_verifications (bid_id, test_code, decided_at DESC);
      ALTER TABLE public_character_verifications ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
      CREATE POLICY public_character_verifications_tenant ON public_character_verifications FOR ALL
        USING (tenant_id = app_tenant_id()) WITH CHECK (tenant_id = app_tenant_id());
      CREATE POLICY public_character_verifications_provider ON public_character_verifications FOR SELECT
        USING (provider_id = app_provider_id());
      CREATE TRIGGER public_character_verifications_append_only BEFORE UPDATE OR DELETE ON public_character_verifications
        FOR EACH ROW EXECUTE FUNCTION forbid_change();
      GRANT SELECT, INSERT ON public_character_verifications TO commonweal_app;

      CREATE TABLE public_character_responses (
        id uuid PRIMARY KEY,
        verification_id uuid NOT NULL UNIQUE REFERENCES public_character_verifications(id),
        tenant_id uuid NOT NULL REFERENCES authorities(id),
        provider_id uuid NOT NULL REFERENCES provider_organisations(id),
        narrative text NOT NULL CHECK (length(narrative) BETWEEN 1 AND 10000),
        evidence jsonb NOT NULL CHECK (jsonb_typeof(evidence) = 'array'),
        responded_by uuid REFERENCES users(id),
        responded_at timestamptz NOT NULL DEFAULT clock_timestamp()
      );
      ALTER TABLE public_character_responses ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
      CREATE POLICY public_character_responses_tenant ON public_character_responses FOR SELECT USING (tenant_id = app_tenant_id());
      CREATE POLICY public_character_responses_provider ON public_character_responses FOR ALL
        USING (provider_id = app_provider_id()) WITH CHECK (provider_id = app_provider_id());
      CREATE TRIGGER public_character_responses_append_only BEFORE UPDATE OR DELETE ON public_character_responses
        FOR EACH ROW EXECUTE FUNCTION forbid_change();
      GRANT SELECT, INSERT ON public_character_responses TO commonweal_app;

      -- Runs as the provider, who sees its own verifications: an answer only to a request for more
      -- evidence that is still the newest word on its test, for its own bid, and before the date it names.
      CREATE FUNCTION public_character_response_in_time() RETURNS trigger LANGUAGE plpgsql AS $$
        DECLARE v public_character_verifications%ROWTYPE; newest uuid;
        BEGIN
          SELECT * INTO v FROM public_character_verifications WHERE id = NEW.verification_id;
          IF v.id IS NULL OR v.provider_id <> NEW.provider_id OR v.tenant_id <> NEW.tenant_id THEN
            RAISE EXCEPTION 'no such request for evidence' USING ERRCODE = 'foreign_key_violation';
          END IF;
          SELECT id INTO newest FROM public_character_verifications
            WHERE bid_id = v.bid_id AND test_code = v.test_code ORDER BY decided_at DESC, id DESC LIMIT 1;
          IF v.outcome <> 'more_requested' OR newest <> v.id THEN
            RAISE EXCEPTION 'this request for evidence has been decided' USING ERRCODE = 'P0C01';
          END IF;
          IF clock_timestamp() >= v.respond_by THEN
            RAISE EXCEPTION 'answers to this request closed at %', v.respond_by USING ERRCODE = 'P0C02';
          END IF;
          RETURN NEW;
        END $$;
      CREATE TRIGGER public_character_responses_in_time BEFORE INSERT ON public_character_responses
        FOR EACH ROW EXECUTE FUNCTION public_character_response_in_time();
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE public_character_responses; DROP FUNCTION public_character_response_in_time();
      DROP TABLE public_character_verifications;
      DROP POLICY public_character_frameworks_published ON public_character_frameworks;
      ALTER TABLE bid_submissions DROP COLUMN public_character;
      DROP TABLE self_assessment_answers;
      DROP TABLE evidence_items; DROP FUNCTION evidence_file_fixed();
    `);
  }
}
