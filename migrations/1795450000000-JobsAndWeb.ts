import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Jobs, notifications and the web shell: the transactional outbox, the record
 * of e-mails sent, tender interests (which providers follow which tender, and
 * so which authorities a provider bids to), deadline reminders already sent,
 * and web sign-in sessions.
 */
export class JobsAndWeb1795450000000 implements MigrationInterface {
  name = 'JobsAndWeb1795450000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE outbox_messages (
        id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL REFERENCES authorities(id),
        topic text NOT NULL CHECK (topic ~ '^[a-z][a-z0-9.-]{0,99}$'),
        payload jsonb NOT NULL,
        status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','dispatched','done','failed')),
        -- Bumped when an admin retries a failed message, so the queue sees a new job id.
        generation integer NOT NULL DEFAULT 0,
        attempts integer NOT NULL DEFAULT 0,
        last_error text,
        created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        dispatched_at timestamptz,
        completed_at timestamptz,
        failed_at timestamptz
      );
      -- The relay reads only what is not finished; a partial index keeps that cheap however long the history.
      CREATE INDEX outbox_unfinished ON outbox_messages (id) WHERE status IN ('pending','dispatched');
      CREATE INDEX outbox_failed ON outbox_messages (tenant_id, failed_at DESC) WHERE status = 'failed';
      ALTER TABLE outbox_messages ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
      CREATE POLICY outbox_tenant ON outbox_messages FOR ALL
        USING (tenant_id = app_tenant_id()) WITH CHECK (tenant_id = app_tenant_id());
      -- The relay works across authorities but only hands message ids to the queue; the job
      -- reads the payload back inside its own authority's context.
      CREATE POLICY outbox_relay_read ON outbox_messages FOR SELECT USING (app_setting('app.outbox_relay') = 'on');
      CREATE POLICY outbox_relay_update ON outbox_messages FOR UPDATE
        USING (app_setting('app.outbox_relay') = 'on') WITH CHECK (app_setting('app.outbox_relay') = 'on');
      GRANT SELECT, INSERT, UPDATE ON outbox_messages TO commonweal_app;

      -- Wake the relay when a message commits (PostgreSQL delivers NOTIFY at commit only).
      CREATE FUNCTION outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN PERFORM pg_notify('commonweal_outbox', ''); RETURN NULL; END $$;
      CREATE TRIGGER outbox_messages_notify AFTER INSERT OR UPDATE OF status ON outbox_messages
        FOR EACH STATEMENT EXECUTE FUNCTION outbox_notify();

      CREATE TABLE email_deliveries (
        id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL REFERENCES authorities(id),
        -- One delivery per outbox message: what makes a job run twice send once.
        outbox_id uuid NOT NULL UNIQUE REFERENCES outbox_messages(id),
        template text NOT NULL,
        to_address text NOT NULL,
        subject text NOT NULL,
        -- Kept so an authority can show what it told whom, whatever the transport.
        text_body text NOT NULL,
        html_body text NOT NULL,
        message_id text NOT NULL,
        transport text NOT NULL CHECK (transport IN ('smtp','folder')),
        file_name text,
        sent_at timestamptz NOT NULL DEFAULT clock_timestamp()
      );
      CREATE INDEX email_deliveries_tenant_time ON email_deliveries (tenant_id, sent_at DESC, id DESC);
      ALTER TABLE email_deliveries ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
      CREATE POLICY email_deliveries_tenant ON email_deliveries FOR ALL
        USING (tenant_id = app_tenant_id()) WITH CHECK (tenant_id = app_tenant_id());
      GRANT SELECT, INSERT ON email_deliveries TO commonweal_app;

      CREATE TABLE tender_interests (
        id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL REFERENCES authorities(id),
        tender_id uuid NOT NULL REFERENCES tenders(id),
        provider_id uuid NOT NULL REFERENCES provider_organisations(id),
        registered_by uuid REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (tender_id, provider_id)
      );
      CREATE INDEX tender_interests_provider ON tender_interests (provider_id, tenant_id);
      ALTER TABLE tender_interests ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
      CREATE POLICY tender_interests_tenant ON tender_interests FOR SELECT USING (tenant_id = app_tenant_id());
      CREATE POLICY tender_interests_provider ON tender_interests FOR ALL
        USING (provider_id = app_provider_id()) WITH CHECK (provider_id = app_provider_id());
      GRANT SELECT, INSERT, DELETE ON tender_interests TO commonweal_app;

      -- A provider reads the tenders it follows (interest is registered on published tenders only).
      CREATE POLICY tenders_followed ON tenders FOR SELECT USING (EXISTS (
        SELECT 1 FROM tender_interests ti WHERE ti.tender_id = tenders.id AND ti.provider_id = app_provider_id()));

      CREATE TABLE deadline_reminders (
        id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL REFERENCES authorities(id),
        tender_id uuid NOT NULL REFERENCES tenders(id),
        provider_id uuid NOT NULL REFERENCES provider_organisations(id),
        kind text NOT NULL CHECK (kind IN ('7d','1d')),
        deadline timestamptz NOT NULL,
        sent_at timestamptz NOT NULL DEFAULT now(),
        -- A moved deadline earns new reminders; the same deadline never two of a kind.
        UNIQUE (tender_id, provider_id, kind, deadline)
      );
      ALTER TABLE deadline_reminders ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
      CREATE POLICY deadline_reminders_tenant ON deadline_reminders FOR ALL
        USING (tenant_id = app_tenant_id()) WITH CHECK (tenant_id = app_tenant_id());
      GRANT SELECT, INSERT ON deadline_reminders TO commonweal_app;

      -- Colleagues: staff of the same authority, members of the same provider organisation.
      CREATE POLICY users_colleagues ON users FOR SELECT USING (
        EXISTS (SELECT 1 FROM memberships m WHERE m.user_id = users.id AND m.tenant_id = app_tenant_id())
        OR EXISTS (SELECT 1 FROM provider_memberships pm WHERE pm.user_id = users.id AND pm.provider_id = app_provider_id()));

      CREATE TABLE web_sessions (
        id uuid PRIMARY KEY,
        user_id uuid NOT NULL REFERENCES users(id),
        token_hash text NOT NULL UNIQUE CHECK (token_hash ~ '^[0-9a-f]{64}$'),
        tenant_id uuid REFERENCES authorities(id),
        provider_id uuid REFERENCES provider_organisations(id),
        -- A provider user looks at one authority at a time; this is not a tenant context.
        focus_authority_id uuid REFERENCES authorities(id),
        roles text[] NOT NULL CHECK (cardinality(roles) > 0),
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        revoked_at timestamptz
      );
      CREATE INDEX web_sessions_user ON web_sessions (user_id);
      ALTER TABLE web_sessions ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
      CREATE POLICY web_sessions_own ON web_sessions FOR ALL
        USING (user_id = app_user_id()) WITH CHECK (user_id = app_user_id());
      CREATE POLICY web_sessions_presented ON web_sessions FOR SELECT
        USING (token_hash = app_setting('app.web_session_hash'));
      GRANT SELECT, INSERT, UPDATE ON web_sessions TO commonweal_app;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE web_sessions, deadline_reminders;
      DROP POLICY users_colleagues ON users;
      DROP POLICY tenders_followed ON tenders;
      DROP TABLE tender_interests, email_deliveries, outbox_messages;
      DROP FUNCTION outbox_notify();
    `);
  }
}
