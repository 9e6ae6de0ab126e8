import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An authority's staff, managed by its own admins (issue 17): invitations by e-mail, found by the hash of the
 * token in the link (`app.invitation_token_hash`, as providers' invitations are); a membership deactivated
 * rather than deleted, so the audit trail keeps naming the person and reactivation restores their roles.
 * The authority may end its staff's sessions (a deactivated person is signed out at once) and keep their roles
 * current (a change of roles reaches an open session): it sees and updates the sessions and refresh tokens
 * held in its own context, never anyone else's.
 */
export class StaffAccounts1795860000000 implements MigrationInterface {
  name = 'StaffAccounts1795860000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE memberships ADD COLUMN deactivated_at timestamptz;

      CREATE TABLE staff_invitations (
        tenant_id uuid NOT NULL REFERENCES authorities(id),
        id uuid NOT NULL,
        email text NOT NULL CHECK (email = lower(email) AND email LIKE '%_@_%'),
        display_name text NOT NULL CHECK (length(display_name) BETWEEN 1 AND 200),
        roles text[] NOT NULL CHECK (cardinality(roles) > 0 AND roles <@ ARRAY[
          'authority_admin','commissioner','evaluator','contract_manager','auditor','scrutiny_member']::text[]),
        token_hash text NOT NULL CHECK (token_hash ~ '^[0-9a-f]{64}$'),
        invited_by uuid REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        accepted_at timestamptz,
        accepted_by uuid REFERENCES users(id),
        withdrawn_at timestamptz,
        PRIMARY KEY (tenant_id, id),
        UNIQUE (tenant_id, token_hash),
        CHECK (accepted_at IS NULL OR withdrawn_at IS NULL)
      );
      -- The link names no authority: its token is looked up across them (256 random bits, so unique in practice).
      CREATE INDEX staff_invitations_token ON staff_invitations (token_hash);
      ALTER TABLE staff_invitations ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
      CREATE POLICY staff_invitations_tenant ON staff_invitations FOR ALL
        USING (tenant_id = app_tenant_id()) WITH CHECK (tenant_id = app_tenant_id());
      CREATE POLICY staff_invitations_by_token ON staff_invitations FOR SELECT
        USING (token_hash = app_setting('app.invitation_token_hash'));
      GRANT SELECT, INSERT, UPDATE ON staff_invitations TO commonweal_app;

      CREATE POLICY web_sessions_tenant_read ON web_sessions FOR SELECT USING (tenant_id = app_tenant_id());
      CREATE POLICY web_sessions_tenant_update ON web_sessions FOR UPDATE
        USING (tenant_id = app_tenant_id()) WITH CHECK (tenant_id = app_tenant_id());
      CREATE POLICY refresh_tokens_tenant_read ON refresh_tokens FOR SELECT USING (tenant_id = app_tenant_id());
      CREATE POLICY refresh_tokens_tenant_update ON refresh_tokens FOR UPDATE
        USING (tenant_id = app_tenant_id()) WITH CHECK (tenant_id = app_tenant_id());
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP POLICY refresh_tokens_tenant_update ON refresh_tokens;
      DROP POLICY refresh_tokens_tenant_read ON refresh_tokens;
      DROP POLICY web_sessions_tenant_update ON web_sessions;
      DROP POLICY web_sessions_tenant_read ON web_sessions;
      DROP TABLE staff_invitations;
      ALTER TABLE memberships DROP COLUMN deactivated_at;
    `);
  }
}
