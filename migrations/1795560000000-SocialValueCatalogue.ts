import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The social value catalogue (docs/domain.md section 6; issue 6): each authority's versions of themes →
 * outcomes → measures, each measure with its unit and proxy value in £ per unit. Version 0 is the
 * built-in illustrative catalogue (in code, not stored); an import adds the next version whole, in one
 * transaction, and a version is never changed afterwards (tenders will keep the version they used).
 */
export class SocialValueCatalogue1795560000000 implements MigrationInterface {
  name = 'SocialValueCatalogue1795560000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE social_value_catalogues (
        id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL REFERENCES authorities(id),
        version integer NOT NULL CHECK (version >= 1),
        file_name text CHECK (length(file_name) <= 300),
        measures integer NOT NULL CHECK (measures >= 1),
        created_by uuid REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (tenant_id, version),
        UNIQUE (id, tenant_id)
      );
      CREATE TABLE social_value_measures (
        tenant_id uuid NOT NULL,
        catalogue_id uuid NOT NULL,
        code text NOT NULL CHECK (code ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$'),
        theme text NOT NULL CHECK (length(theme) BETWEEN 1 AND 200),
        outcome text NOT NULL CHECK (length(outcome) BETWEEN 1 AND 300),
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 300),
        unit text NOT NULL CHECK (length(unit) BETWEEN 1 AND 60),
        proxy_value numeric(14, 2) NOT NULL CHECK (proxy_value >= 0),
        source text NOT NULL DEFAULT '' CHECK (length(source) <= 1000),
        PRIMARY KEY (catalogue_id, code),
        FOREIGN KEY (catalogue_id, tenant_id) REFERENCES social_value_catalogues (id, tenant_id)
      );
    `);
    for (const table of ['social_value_catalogues', 'social_value_measures']) {
      await q.query(`
        ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
        CREATE POLICY ${table}_tenant ON ${table} FOR ALL USING (tenant_id = app_tenant_id()) WITH CHECK (tenant_id = app_tenant_id());
        CREATE TRIGGER ${table}_append_only BEFORE UPDATE OR DELETE ON ${table} FOR EACH ROW EXECUTE FUNCTION forbid_change();
        GRANT SELECT, INSERT ON ${table} TO commonweal_app;
      `);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE social_value_measures, social_value_catalogues');
  }
}
