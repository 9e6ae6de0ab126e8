import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Scrutiny (issue 16, item 5; docs/domain.md, "Accountability"): a concern anyone raises about a contract, the
 * people who support it (each confirmed by an e-mailed link, counted once by a keyed hash of their address),
 * and the scrutiny case that opens when enough of them do within the authority's window.
 * - A concern is public once its raiser has confirmed it; who raised it is in a table of its own
 *   (concern_contacts) that only the authority's scrutiny members may read: the database keeps it from the
 *   public and from every other role, not the code's choice of columns.
 * - Supporters are kept as hashes of their addresses: distinct without a list of the public's e-mail addresses.
 * - A case is opened once per concern (unique) and is public (that it is open, and when), never a finding.
 */
export class Scrutiny1795820000000 implements MigrationInterface {
  name = 'Scrutiny1795820000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE concerns (
        id uuid NOT NULL,
        tenant_id uuid NOT NULL REFERENCES authorities(id),
        ocid text NOT NULL,
        contract_id uuid NOT NULL,
        category text NOT NULL CHECK (category IN ('quality', 'safety', 'access', 'value_for_money', 'conduct', 'other')),
        description text NOT NULL CHECK (length(description) BETWEEN 1 AND 4000),
        raised_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        confirmed_at timestamptz,
        -- Confirmed supporters, kept here under the concern's row lock: the public sees the count, never the supports.
        supporters int NOT NULL DEFAULT 0 CHECK (supporters >= 0),
        PRIMARY KEY (tenant_id, id),
        FOREIGN KEY (tenant_id, contract_id) REFERENCES contracts (tenant_id, id)
      );
      CREATE INDEX concerns_by_ocid ON concerns (ocid, raised_at);
      ALTER TABLE concerns ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
      CREATE POLICY concerns_tenant ON concerns FOR ALL USING (tenant_id = app_tenant_id()) WITH CHECK (tenant_id = app_tenant_id());
      CREATE POLICY concerns_published ON concerns FOR SELECT USING (app_setting('app.published_records') = 'on' AND confirmed_at IS NOT NULL);
      GRANT SELECT, INSERT, UPDATE ON concerns TO commonweal_app;

      CREATE TABLE concern_contacts (
        concern_id uuid NOT NULL,
        tenant_id uuid NOT NULL,
        PRIMARY KEY (tenant_id, concern_id),
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        email text NOT NULL CHECK (length(email) BETWEEN 3 AND 254),
        FOREIGN KEY (tenant_id, concern_id) REFERENCES concerns (tenant_id, id)
      );
      ALTER TABLE concern_contacts ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
      CREATE POLICY concern_contacts_write ON concern_contacts FOR INSERT WITH CHECK (tenant_id = app_tenant_id());
      CREATE POLICY concern_contacts_scrutiny ON concern_contacts FOR SELECT USING (
        tenant_id = app_tenant_id() AND EXISTS (
          SELECT 1 FROM memberships m WHERE m.user_id = app_user_id() AND m.tenant_id = concern_contacts.tenant_id AND 'scrutiny_member' = ANY (m.roles)));
      GRANT SELECT, INSERT ON concern_contacts TO commonweal_app;

      CREATE TABLE concern_supports (
        id uuid NOT NULL,
        tenant_id uuid NOT NULL,
        concern_id uuid NOT NULL,
        email_hash text NOT NULL CHECK (email_hash ~ '^[0-9a-f]{64}$'),
        token_hash text NOT NULL CHECK (token_hash ~ '^[0-9a-f]{64}$'),
        raiser boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        expires_at timestamptz NOT NULL,
        confirmed_at timestamptz,
        PRIMARY KEY (tenant_id, id),
        UNIQUE (tenant_id, concern_id, email_hash),
        UNIQUE (tenant_id, token_hash),
        FOREIGN KEY (tenant_id, concern_id) REFERENCES concerns (tenant_id, id)
      );
      CREATE INDEX concern_supports_counted ON concern_supports (concern_id, confirmed_at) WHERE confirmed_at IS NOT NULL;
      ALTER TABLE concern_supports ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
      CREATE POLICY concern_supports_tenant ON concern_supports FOR ALL USING (tenant_id = app_tenant_id()) WITH CHECK (tenant_id = app_tenant_id());
      GRANT SELECT, INSERT, UPDATE ON concern_supports TO commonweal_app;

      CREATE TABLE scrutiny_cases (
        id uuid NOT NULL,
        tenant_id uuid NOT NULL,
        concern_id uuid NOT NULL,
        opened_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        supporters_at_opening int NOT NULL CHECK (supporters_at_opening > 0),
        conclusion text CHECK (conclusion IS NULL OR length(conclusion) BETWEEN 1 AND 8000),
        concluded_at timestamptz,
        concluded_by uuid,
        CHECK ((conclusion IS NULL) = (concluded_at IS NULL)),
        PRIMARY KEY (tenant_id, id),
        UNIQUE (tenant_id, concern_id),
        FOREIGN KEY (tenant_id, concern_id) REFERENCES concerns (tenant_id, id)
      );
      ALTER TABLE scrutiny_cases ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
      CREATE POLICY scrutiny_cases_tenant ON scrutiny_cases FOR ALL USING (tenant_id = app_tenant_id()) WITH CHECK (tenant_id = app_tenant_id());
      CREATE POLICY scrutiny_cases_published ON scrutiny_cases FOR SELECT USING (app_setting('app.published_records') = 'on');
      GRANT SELECT, INSERT, UPDATE ON scrutiny_cases TO commonweal_app;

      CREATE TABLE scrutiny_case_notes (
        id uuid NOT NULL,
        tenant_id uuid NOT NULL,
        case_id uuid NOT NULL,
        author_id uuid NOT NULL,
        note text NOT NULL CHECK (length(note) BETWEEN 1 AND 8000),
        written_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        PRIMARY KEY (tenant_id, id),
        FOREIGN KEY (tenant_id, case_id) REFERENCES scrutiny_cases (tenant_id, id)
      );
      CREATE TRIGGER scrutiny_case_notes_append_only BEFORE UPDATE OR DELETE ON scrutiny_case_notes FOR EACH ROW EXECUTE FUNCTION forbid_change();
      ALTER TABLE scrutiny_case_notes ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
      CREATE POLICY scrutiny_case_notes_tenant ON scrutiny_case_notes FOR ALL USING (tenant_id = app_tenant_id()) WITH CHECK (tenant_id = app_tenant_id());
      GRANT SELECT, INSERT ON scrutiny_case_notes TO commonweal_app;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE scrutiny_case_notes; DROP TABLE scrutiny_cases; DROP TABLE concern_supports; DROP TABLE concern_contacts; DROP TABLE concerns;`);
  }
}
