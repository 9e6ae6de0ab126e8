import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Providers join by themselves and bring their colleagues.
 * - A person may create their own account: a transaction acting as the new
 *   user id may insert that one user row (an existing person's id is taken, so
 *   this opens nothing for anyone already signed in).
 * - Invitations to a provider's team, found by the hash of the token in the
 *   e-mailed link (`app.invitation_token_hash`), like refresh tokens.
 * - Outbox messages and e-mail deliveries may belong to a provider instead of
 *   an authority (an invitation concerns no authority): exactly one owner each.
 */
export class ProviderAccounts1795540000000 implements MigrationInterface {
  name = 'ProviderAccounts1795540000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE POLICY users_register ON users FOR INSERT WITH CHECK (id = app_user_id());

      CREATE TABLE provider_invitations (
        id uuid PRIMARY KEY,
        provider_id uuid NOT NULL REFERENCES provider_organisations(id),
        email text NOT NULL CHECK (email = lower(email) AND email LIKE '%_@_%'),
        display_name text NOT NULL CHECK (length(display_name) BETWEEN 1 AND 200),
        roles text[] NOT NULL CHECK (cardinality(roles) > 0 AND roles <@ ARRAY['provider_admin','bid_writer']::text[]),
        token_hash text NOT NULL UNIQUE CHECK (token_hash ~ '^[0-9a-f]{64}$'),
        invited_by uuid REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        accepted_at timestamptz,
        accepted_by uuid REFERENCES users(id)
      );
      CREATE INDEX provider_invitations_provider ON provider_invitations (provider_id, created_at DESC);
      ALTER TABLE provider_invitations ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
      CREATE POLICY provider_invitations_provider ON provider_invitations FOR ALL
        USING (provider_id = app_provider_id()) WITH CHECK (provider_id = app_provider_id());
      CREATE POLICY provider_invitations_by_token ON provider_invitations FOR SELECT
        USING (token_hash = app_setting('app.invitation_token_hash'));
      GRANT SELECT, INSERT, UPDATE ON provider_invitations TO commonweal_app;

      ALTER TABLE outbox_messages ALTER COLUMN tenant_id DROP NOT NULL,
        ADD COLUMN provider_id uuid REFERENCES provider_organisations(id),
        ADD CONSTRAINT outbox_messages_one_owner CHECK ((tenant_id IS NULL) <> (provider_id IS NULL));
      CREATE POLICY outbox_provider ON outbox_messages FOR ALL
        USING (provider_id = app_provider_id()) WITH CHECK (provider_id = app_provider_id());

      ALTER TABLE email_deliveries ALTER COLUMN tenant_id DROP NOT NULL,
        ADD COLUMN provider_id uuid REFERENCES provider_organisations(id),
        ADD CONSTRAINT email_deliveries_one_owner CHECK ((tenant_id IS NULL) <> (provider_id IS NULL));
      CREATE POLICY email_deliveries_provider ON email_deliveries FOR ALL
        USING (provider_id = app_provider_id()) WITH CHECK (provider_id = app_provider_id());
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP POLICY email_deliveries_provider ON email_deliveries;
      ALTER TABLE email_deliveries DROP COLUMN provider_id, ALTER COLUMN tenant_id SET NOT NULL;
      DROP POLICY outbox_provider ON outbox_messages;
      ALTER TABLE outbox_messages DROP COLUMN provider_id, ALTER COLUMN tenant_id SET NOT NULL;
      DROP TABLE provider_invitations;
      DROP POLICY users_register ON users;
    `);
  }
}
