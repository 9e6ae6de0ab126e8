import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `sso_identities`: which account at an authority's identity provider (its issuer and the subject identifier it
 * gives the person, which never changes and is never given to anyone else) is which of our people. Linked on the
 * first sign-in through the provider, by the e-mail address; after that the subject decides, so:
 *
 * - a second account at the provider that claims the same address (a provider that lets people set their own,
 *   or an address given to someone new) does not sign in as the first person: it is refused, and audited;
 * - a person whose address changes at the provider (a new surname) is still the same person here.
 *
 * The authority's own: row-level security keeps every other tenant out. An admin can forget a person's link (their
 * provider account was deleted and made again), so that their next sign-in links afresh.
 */
export class SsoIdentities1795910000000 implements MigrationInterface {
  name = 'SsoIdentities1795910000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE sso_identities (
        tenant_id uuid NOT NULL REFERENCES authorities(id),
        issuer text NOT NULL CHECK (issuer ~ '^https?://' AND length(issuer) <= 500),
        subject text NOT NULL CHECK (length(subject) BETWEEN 1 AND 255),
        user_id uuid NOT NULL REFERENCES users(id),
        linked_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (tenant_id, issuer, subject),
        CONSTRAINT sso_identities_one_per_person UNIQUE (tenant_id, issuer, user_id)
      );
      ALTER TABLE sso_identities ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
      CREATE POLICY sso_identities_tenant ON sso_identities FOR ALL
        USING (tenant_id = app_tenant_id()) WITH CHECK (tenant_id = app_tenant_id());
      GRANT SELECT, INSERT, DELETE ON sso_identities TO commonweal_app;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE sso_identities`);
  }
}
