import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The platform: authorities (tenants), people, providers, API keys, refresh
 * tokens, the audit log and a first tenders table; the app role and every
 * row-level security policy. Runs as the owner; the app role owns nothing.
 *
 * Policies read the context through the app_* functions, which turn an unset
 * or reset setting ('' after a transaction-local set_config ends) into NULL,
 * and `x = NULL` matches no row: a transaction without context sees nothing.
 */
export class Platform1795365705673 implements MigrationInterface {
  name = 'Platform1795365705673';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      -- Roles are the cluster's, not the database's: two databases migrated at once (test suites side by
      -- side on a fresh server) both find the role missing, and the second CREATE waits for the first and
      -- then fails on the unique name. Either way the role exists afterwards, which is all this needs.
      DO $$ BEGIN
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'commonweal_app') THEN
          CREATE ROLE commonweal_app NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE;
        END IF;
      EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
      END $$;
      GRANT USAGE ON SCHEMA public TO commonweal_app;

      CREATE FUNCTION app_setting(name text) RETURNS text LANGUAGE sql STABLE
        AS $$ SELECT nullif(current_setting(name, true), '') $$;
      CREATE FUNCTION app_tenant_id() RETURNS uuid LANGUAGE sql STABLE
        AS $$ SELECT app_setting('app.tenant_id')::uuid $$;
      CREATE FUNCTION app_provider_id() RETURNS uuid LANGUAGE sql STABLE
        AS $$ SELECT app_setting('app.provider_id')::uuid $$;
      CREATE FUNCTION app_user_id() RETURNS uuid LANGUAGE sql STABLE
        AS $$ SELECT app_setting('app.user_id')::uuid $$;
      CREATE FUNCTION app_is_platform_operator() RETURNS boolean LANGUAGE sql STABLE
        AS $$ SELECT coalesce(app_setting('app.platform_operator') = 'on', false) $$;

      CREATE FUNCTION forbid_change() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION '% is append-only', TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege'; END $$;
    `);

    await q.query(`
      CREATE TABLE authorities (
        id uuid PRIMARY KEY,
        slug text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$'),
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        created_at timestamptz NOT NULL DEFAULT now()
      );
      ALTER TABLE authorities ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
      -- An authority's name and slug are public; only a platform operator creates one.
      CREATE POLICY authorities_read ON authorities FOR SELECT USING (true);
      CREATE POLICY authorities_create ON authorities FOR INSERT WITH CHECK (app_is_platform_operator());
      CREATE POLICY authorities_update ON authorities FOR UPDATE USING (app_is_platform_operator() OR id = app_tenant_id());
      GRANT SELECT, INSERT, UPDATE ON authorities TO commonweal_app;

      CREATE TABLE users (
        id uuid PRIMARY KEY,
        email text NOT NULL UNIQUE CHECK (email = lower(email) AND email LIKE '%_@_%'),
        display_name text NOT NULL,
        password_hash text,
        is_platform_operator boolean NOT NULL DEFAULT false,
        failed_login_count integer NOT NULL DEFAULT 0,
        locked_until timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      ALTER TABLE users ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
      -- A person sees their own row; a login transaction sees the one row it names.
      CREATE POLICY users_self ON users FOR SELECT
        USING (id = app_user_id() OR email = app_setting('app.auth_email'));
      CREATE POLICY users_self_update ON users FOR UPDATE
        USING (id = app_user_id() OR email = app_setting('app.auth_email'));
      CREATE POLICY users_create ON users FOR INSERT WITH CHECK (app_is_platform_operator());
      GRANT SELECT, INSERT, UPDATE ON users TO commonweal_app;

      CREATE TABLE memberships (
        id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL REFERENCES authorities(id),
        user_id uuid NOT NULL REFERENCES users(id),
        roles text[] NOT NULL CHECK (cardinality(roles) > 0 AND roles <@ ARRAY[
          'authority_admin','commissioner','evaluator','contract_manager','auditor','scrutiny_member']::text[]),
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (tenant_id, user_id)
      );
      CREATE INDEX memberships_user ON memberships (user_id);
      ALTER TABLE memberships ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
      CREATE POLICY memberships_tenant ON memberships FOR ALL
        USING (tenant_id = app_tenant_id()) WITH CHECK (tenant_id = app_tenant_id());
      CREATE POLICY memberships_own ON memberships FOR SELECT USING (user_id = app_user_id());
      CREATE POLICY memberships_by_operator ON memberships FOR INSERT WITH CHECK (app_is_platform_operator());
      GRANT SELECT, INSERT, UPDATE, DELETE ON memberships TO commonweal_app;

      CREATE TABLE provider_organisations (
        id uuid PRIMARY KEY,
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 300),
        legal_form text NOT NULL CHECK (legal_form IN ('public_body','charity','community_interest_company',
          'cooperative_or_mutual','company_limited_by_guarantee','for_profit_company','partnership','sole_trader')),
        size text NOT NULL CHECK (size IN ('micro','small','medium','large')),
        voluntary_community_sector boolean NOT NULL DEFAULT false,
        companies_house_number text,
        charity_number text,
        other_registration text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      ALTER TABLE provider_organisations ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
      -- Who a provider is (name, legal form, registrations) is public record; only its own people change it.
      CREATE POLICY providers_read ON provider_organisations FOR SELECT USING (true);
      CREATE POLICY providers_update ON provider_organisations FOR UPDATE USING (id = app_provider_id());
      CREATE POLICY providers_create ON provider_organisations FOR INSERT
        WITH CHECK (app_is_platform_operator() OR id = app_provider_id());
      GRANT SELECT, INSERT, UPDATE ON provider_organisations TO commonweal_app;

      CREATE TABLE provider_memberships (
        id uuid PRIMARY KEY,
        provider_id uuid NOT NULL REFERENCES provider_organisations(id),
        user_id uuid NOT NULL REFERENCES users(id),
        roles text[] NOT NULL CHECK (cardinality(roles) > 0 AND roles <@ ARRAY['provider_admin','bid_writer']::text[]),
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (provider_id, user_id)
      );
      CREATE INDEX provider_memberships_user ON provider_memberships (user_id);
      ALTER TABLE provider_memberships ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
      CREATE POLICY provider_memberships_provider ON provider_memberships FOR ALL
        USING (provider_id = app_provider_id()) WITH CHECK (provider_id = app_provider_id());
      CREATE POLICY provider_memberships_own ON provider_memberships FOR SELECT USING (user_id = app_user_id());
      GRANT SELECT, INSERT, UPDATE, DELETE ON provider_memberships TO commonweal_app;

      CREATE TABLE api_keys (
        id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL REFERENCES authorities(id),
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
        key_prefix text NOT NULL,
        key_hash text NOT NULL UNIQUE CHECK (key_hash ~ '^[0-9a-f]{64}$'),
        roles text[] NOT NULL CHECK (cardinality(roles) > 0 AND roles <@ ARRAY[
          'commissioner','evaluator','contract_manager','auditor','scrutiny_member']::text[]),
        created_by uuid REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        last_used_at timestamptz,
        revoked_at timestamptz
      );
      CREATE INDEX api_keys_tenant ON api_keys (tenant_id, created_at);
      ALTER TABLE api_keys ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
      CREATE POLICY api_keys_tenant ON api_keys FOR ALL
        USING (tenant_id = app_tenant_id()) WITH CHECK (tenant_id = app_tenant_id());
      -- Sign-in by key happens before the tenant is known: the transaction may see the one key it presents.
      CREATE POLICY api_keys_presented ON api_keys FOR SELECT USING (key_hash = app_setting('app.api_key_hash'));
      GRANT SELECT, INSERT, UPDATE ON api_keys TO commonweal_app;

      CREATE TABLE refresh_tokens (
        id uuid PRIMARY KEY,
        user_id uuid NOT NULL REFERENCES users(id),
        family_id uuid NOT NULL,
        token_hash text NOT NULL UNIQUE CHECK (token_hash ~ '^[0-9a-f]{64}$'),
        tenant_id uuid REFERENCES authorities(id),
        provider_id uuid REFERENCES provider_organisations(id),
        expires_at timestamptz NOT NULL,
        used_at timestamptz,
        revoked_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX refresh_tokens_family ON refresh_tokens (family_id);
      ALTER TABLE refresh_tokens ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
      CREATE POLICY refresh_tokens_own ON refresh_tokens FOR ALL
        USING (user_id = app_user_id()) WITH CHECK (user_id = app_user_id());
      CREATE POLICY refresh_tokens_presented ON refresh_tokens FOR SELECT
        USING (token_hash = app_setting('app.refresh_token_hash'));
      GRANT SELECT, INSERT, UPDATE ON refresh_tokens TO commonweal_app;

      CREATE TABLE audit_events (
        id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL REFERENCES authorities(id),
        occurred_at timestamptz NOT NULL DEFAULT now(),
        actor_user_id uuid,
        actor_api_key_id uuid,
        action text NOT NULL,
        entity_type text NOT NULL,
        entity_id uuid,
        request_id text,
        data jsonb NOT NULL DEFAULT '{}'::jsonb
      );
      CREATE INDEX audit_events_tenant_time ON audit_events (tenant_id, occurred_at, id);
      ALTER TABLE audit_events ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
      CREATE POLICY audit_events_read ON audit_events FOR SELECT USING (tenant_id = app_tenant_id());
      CREATE POLICY audit_events_append ON audit_events FOR INSERT
        WITH CHECK (tenant_id = app_tenant_id() OR app_is_platform_operator());
      -- Append-only for everyone, the owner included: the grant withholds UPDATE and DELETE
      -- from the app, and the trigger refuses them to anyone else.
      CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events
        FOR EACH ROW EXECUTE FUNCTION forbid_change();
      GRANT SELECT, INSERT ON audit_events TO commonweal_app;

      CREATE TABLE tenders (
        id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL REFERENCES authorities(id),
        reference text NOT NULL CHECK (length(reference) BETWEEN 1 AND 60),
        title text NOT NULL CHECK (length(title) BETWEEN 1 AND 300),
        description text NOT NULL DEFAULT '',
        status text NOT NULL DEFAULT 'draft' CHECK (status IN
          ('draft','published','closed','evaluation','awarded','no_award','cancelled')),
        estimated_value numeric(18,2) CHECK (estimated_value >= 0),
        currency char(3) NOT NULL DEFAULT 'GBP' CHECK (currency ~ '^[A-Z]{3}$'),
        published_at timestamptz,
        submission_deadline timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        version integer NOT NULL DEFAULT 1,
        UNIQUE (tenant_id, reference)
      );
      CREATE INDEX tenders_tenant_list ON tenders (tenant_id, id DESC);
      ALTER TABLE tenders ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
      CREATE POLICY tenders_tenant ON tenders FOR ALL
        USING (tenant_id = app_tenant_id()) WITH CHECK (tenant_id = app_tenant_id());
      GRANT SELECT, INSERT, UPDATE, DELETE ON tenders TO commonweal_app;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE tenders, audit_events, refresh_tokens, api_keys, provider_memberships,
        provider_organisations, memberships, users, authorities;
      DROP FUNCTION forbid_change(), app_is_platform_operator(), app_user_id(), app_provider_id(),
        app_tenant_id(), app_setting(text);
      REVOKE USAGE ON SCHEMA public FROM commonweal_app;
    `);
  }
}
