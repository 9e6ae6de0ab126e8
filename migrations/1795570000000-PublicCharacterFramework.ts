import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The public character framework (docs/domain.md section 5; issue 6): each authority's versions of the six
 * maxims and the tests with their band descriptors. Version 0 is the default (in code); an adopted
 * version is never changed. A tender records the version in force when it was published, and keeps it.
 */
export class PublicCharacterFramework1795570000000 implements MigrationInterface {
  name = 'PublicCharacterFramework1795570000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE public_character_frameworks (
        id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL REFERENCES authorities(id),
        version integer NOT NULL CHECK (version >= 1),
        framework jsonb NOT NULL CHECK (jsonb_typeof(framework) = 'object'),
        created_by uuid REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (tenant_id, version)
      );
      ALTER TABLE public_character_frameworks ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
      CREATE POLICY public_character_frameworks_tenant ON public_character_frameworks FOR ALL
        USING (tenant_id = app_tenant_id()) WITH CHECK (tenant_id = app_tenant_id());
      CREATE TRIGGER public_character_frameworks_append_only BEFORE UPDATE OR DELETE ON public_character_frameworks
        FOR EACH ROW EXECUTE FUNCTION forbid_change();
      GRANT SELECT, INSERT ON public_character_frameworks TO commonweal_app;

      ALTER TABLE tenders ADD COLUMN public_character_framework_version integer CHECK (public_character_framework_version >= 0);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE tenders DROP COLUMN public_character_framework_version; DROP TABLE public_character_frameworks');
  }
}
