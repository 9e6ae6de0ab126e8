import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Single sign-on for an authority's staff through its own OpenID Connect provider (issue 20, item 1).
 *
 * - `authorities.staff_sign_in`: how its staff sign in, password only, password or its provider, or its provider
 *   only. Public, like the rest of the authorities row: the sign-in page offers each authority's button, and a
 *   password sign-in into an authority that has turned passwords off is refused before any session is made.
 * - `authority_sso`: the authority's provider (issuer, client id, the client secret sealed with the deployment's
 *   secrets key, never in clear), the e-mail domains it vouches for, and which values of which claim give which
 *   roles here. The authority's own: row-level security keeps every other tenant out.
 * - `sso_attempts`: one row per sign-in sent to the provider, found by the sha256 of its state, holding the nonce
 *   and PKCE verifier that the answer must match, and the sha256 of a cookie given to the browser that started
 *   it (an answer brought to another browser, to sign its user in as someone else, is refused). Used once: a
 *   replayed answer finds it used.
 * - `web_sessions.signed_in_with`: a password or the provider. Turning passwords off ends the sessions made with
 *   one, and only an admin signed in through the provider may turn them off (so nobody locks the authority out).
 * - `web_sessions.sign_out_url`: where signing out sends the browser next, so the provider's session ends too.
 */
export class SingleSignOn1795890000000 implements MigrationInterface {
  name = 'SingleSignOn1795890000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE authorities ADD COLUMN staff_sign_in text NOT NULL DEFAULT 'password'
        CHECK (staff_sign_in IN ('password', 'password_or_sso', 'sso'));

      CREATE TABLE authority_sso (
        tenant_id uuid PRIMARY KEY REFERENCES authorities(id),
        display_name text NOT NULL CHECK (length(display_name) BETWEEN 1 AND 100),
        issuer text NOT NULL CHECK (issuer ~ '^https?://' AND length(issuer) <= 500),
        client_id text NOT NULL CHECK (length(client_id) BETWEEN 1 AND 300),
        client_secret_sealed text NOT NULL,
        allowed_domains text[] NOT NULL CHECK (cardinality(allowed_domains) >= 1),
        roles_claim text NOT NULL CHECK (roles_claim ~ '^[A-Za-z0-9_:./-]{1,100}$'),
        role_map jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(role_map) = 'array'),
        create_accounts boolean NOT NULL DEFAULT false,
        updated_at timestamptz NOT NULL DEFAULT now(),
        updated_by uuid REFERENCES users(id)
      );
      ALTER TABLE authority_sso ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
      CREATE POLICY authority_sso_tenant ON authority_sso FOR ALL
        USING (tenant_id = app_tenant_id()) WITH CHECK (tenant_id = app_tenant_id());
      GRANT SELECT, INSERT, UPDATE ON authority_sso TO commonweal_app;

      CREATE TABLE sso_attempts (
        tenant_id uuid NOT NULL REFERENCES authorities(id),
        state_hash text NOT NULL CHECK (state_hash ~ '^[0-9a-f]{64}$'),
        browser_hash text NOT NULL CHECK (browser_hash ~ '^[0-9a-f]{64}$'),
        nonce text NOT NULL,
        code_verifier text NOT NULL,
        next_path text NOT NULL CHECK (next_path ~ '^/' AND length(next_path) <= 2000),
        created_at timestamptz NOT NULL DEFAULT now(),
        used_at timestamptz,
        PRIMARY KEY (tenant_id, state_hash)
      );
      CREATE INDEX sso_attempts_age ON sso_attempts (tenant_id, created_at);
      ALTER TABLE sso_attempts ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
      CREATE POLICY sso_attempts_tenant ON sso_attempts FOR ALL
        USING (tenant_id = app_tenant_id()) WITH CHECK (tenant_id = app_tenant_id());
      GRANT SELECT, INSERT, UPDATE, DELETE ON sso_attempts TO commonweal_app;

      ALTER TABLE web_sessions
        ADD COLUMN signed_in_with text NOT NULL DEFAULT 'password' CHECK (signed_in_with IN ('password', 'sso')),
        ADD COLUMN sign_out_url text CHECK (sign_out_url ~ '^https?://');
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE web_sessions DROP COLUMN sign_out_url, DROP COLUMN signed_in_with;
      DROP TABLE sso_attempts;
      DROP TABLE authority_sso;
      ALTER TABLE authorities DROP COLUMN staff_sign_in;
    `);
  }
}
