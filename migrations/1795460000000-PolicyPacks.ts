import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Versioned policy packs per authority. A version is never changed once
 * adopted (tenders record the version they were built under): the app may
 * insert and read, nothing more. Version 0 is the built-in default, not stored.
 */
export class PolicyPacks1795460000000 implements MigrationInterface {
  name = 'PolicyPacks1795460000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE policy_packs (
        id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL REFERENCES authorities(id),
        version integer NOT NULL CHECK (version >= 1),
        pack jsonb NOT NULL,
        created_by uuid REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (tenant_id, version)
      );
      ALTER TABLE policy_packs ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
      CREATE POLICY policy_packs_tenant ON policy_packs FOR ALL
        USING (tenant_id = app_tenant_id()) WITH CHECK (tenant_id = app_tenant_id());
      CREATE TRIGGER policy_packs_immutable BEFORE UPDATE OR DELETE ON policy_packs
        FOR EACH ROW EXECUTE FUNCTION forbid_change();
      GRANT SELECT, INSERT ON policy_packs TO commonweal_app;

      ALTER TABLE tenders ADD COLUMN policy_pack_version integer NOT NULL DEFAULT 0 CHECK (policy_pack_version >= 0);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE tenders DROP COLUMN policy_pack_version; DROP TABLE policy_packs;`);
  }
}
