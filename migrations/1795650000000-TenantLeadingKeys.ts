import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Keys that lead with the tenant, found by the schema catalogue test (test/platform/schema-catalogue.e2e-spec.ts):
 *
 * - Every primary and unique key of a tenant-owned table (tenant_id NOT NULL) now leads with tenant_id.
 *   A distributed PostgreSQL (Citus) shards a table by a column that must be part of every unique key;
 *   here the tenant is that column, so the door to sharding by authority stays open. A key that already
 *   held tenant_id further along is reordered; one that then repeats another key is dropped.
 * - Every foreign key from a tenant-owned table to another becomes composite: (tenant_id, x) references
 *   (tenant_id, id). A foreign-key check bypasses row-level security, so a single-column key let a row
 *   point at a row of another authority; now the database refuses it.
 * - Money has one type, numeric(18,2) (three columns were narrower).
 *
 * Done by reading the catalogue rather than by naming ~80 constraints, so it applies the same to every
 * table the earlier migrations made, on PostgreSQL and PGlite alike. Existing rows must already agree (an
 * authority's row pointing at another's would stop the migration, which is the point).
 */
export class TenantLeadingKeys1795650000000 implements MigrationInterface {
  name = 'TenantLeadingKeys1795650000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION pg_temp.tenant_owned(rel oid) RETURNS boolean LANGUAGE sql STABLE AS
        $f$ SELECT EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = rel AND attname = 'tenant_id' AND attnotnull AND NOT attisdropped) $f$;
      CREATE FUNCTION pg_temp.cols(rel oid, keys smallint[]) RETURNS text[] LANGUAGE sql STABLE AS
        $f$ SELECT array_agg(a.attname::text ORDER BY k.ord) FROM unnest(keys) WITH ORDINALITY k(att, ord)
              JOIN pg_attribute a ON a.attrelid = rel AND a.attnum = k.att $f$;
      CREATE FUNCTION pg_temp.list(names text[]) RETURNS text LANGUAGE sql IMMUTABLE AS
        $f$ SELECT string_agg(quote_ident(n), ', ' ORDER BY o) FROM unnest(names) WITH ORDINALITY u(n, o) $f$;

      DO $$
      DECLARE
        fk record;
        k record;
        wanted text[];
        action text;
      BEGIN
        -- 1. The foreign keys between tenant-owned tables, kept to be made again, then dropped (they hold the keys in place).
        CREATE TEMP TABLE tenant_fks ON COMMIT DROP AS
          SELECT c.conname::text AS name, c.conrelid AS rel, c.confrelid AS ref,
                 pg_temp.cols(c.conrelid, c.conkey) AS cols, pg_temp.cols(c.confrelid, c.confkey) AS refcols,
                 c.confdeltype AS on_delete, c.condeferrable AS deferrable, c.condeferred AS deferred
            FROM pg_constraint c
           WHERE c.contype = 'f' AND c.connamespace = 'public'::regnamespace
             AND pg_temp.tenant_owned(c.conrelid) AND pg_temp.tenant_owned(c.confrelid);
        FOR fk IN SELECT * FROM tenant_fks LOOP
          EXECUTE format('ALTER TABLE %s DROP CONSTRAINT %I', fk.rel::regclass, fk.name);
        END LOOP;

        -- 2. Primary and unique keys: tenant_id first (primary keys before unique ones, so a duplicate is the unique one).
        FOR k IN
          SELECT c.conname::text AS name, c.conrelid AS rel, c.contype AS kind, pg_temp.cols(c.conrelid, c.conkey) AS cols
            FROM pg_constraint c
           WHERE c.contype IN ('p', 'u') AND c.connamespace = 'public'::regnamespace AND pg_temp.tenant_owned(c.conrelid)
           ORDER BY c.conrelid, c.contype, c.conname
        LOOP
          CONTINUE WHEN k.cols[1] = 'tenant_id';
          wanted := ARRAY['tenant_id'] || array_remove(k.cols, 'tenant_id');
          EXECUTE format('ALTER TABLE %s DROP CONSTRAINT %I', k.rel::regclass, k.name);
          IF k.kind = 'u' AND EXISTS (
            SELECT 1 FROM pg_constraint o WHERE o.conrelid = k.rel AND o.contype IN ('p', 'u') AND pg_temp.cols(o.conrelid, o.conkey) = wanted
          ) THEN
            CONTINUE; -- the same key as one the table already has
          END IF;
          EXECUTE format('ALTER TABLE %s ADD CONSTRAINT %I %s (%s)', k.rel::regclass, k.name,
            CASE k.kind WHEN 'p' THEN 'PRIMARY KEY' ELSE 'UNIQUE' END, pg_temp.list(wanted));
        END LOOP;

        -- 3. The foreign keys again, composite with the tenant on both sides.
        FOR fk IN SELECT * FROM tenant_fks LOOP
          action := CASE fk.on_delete WHEN 'c' THEN ' ON DELETE CASCADE' WHEN 'n' THEN ' ON DELETE SET NULL' WHEN 'r' THEN ' ON DELETE RESTRICT' ELSE '' END;
          IF fk.on_delete = 'n' THEN
            -- SET NULL on a composite key would null tenant_id too: name the column to null (PostgreSQL 15).
            action := format(' ON DELETE SET NULL (%s)', pg_temp.list(array_remove(fk.cols, 'tenant_id')));
          END IF;
          EXECUTE format('ALTER TABLE %s ADD CONSTRAINT %I FOREIGN KEY (%s) REFERENCES %s (%s)%s%s',
            fk.rel::regclass, fk.name,
            pg_temp.list(ARRAY['tenant_id'] || array_remove(fk.cols, 'tenant_id')),
            fk.ref::regclass,
            pg_temp.list(ARRAY['tenant_id'] || array_remove(fk.refcols, 'tenant_id')),
            action,
            CASE WHEN fk.deferrable THEN ' DEFERRABLE' || CASE WHEN fk.deferred THEN ' INITIALLY DEFERRED' ELSE '' END ELSE '' END);
        END LOOP;

        -- 4. A plain index on id where the primary key is now (tenant_id, id): a provider reads an authority's rows
        -- by id under its own policy (no tenant in the query), and the owner's tools do too; PostgreSQL 15 cannot
        -- skip the leading column of an index to find them. Not unique, so the key rule above still holds.
        FOR k IN
          SELECT c.conrelid AS rel, c.conrelid::regclass::text AS tbl FROM pg_constraint c
           WHERE c.contype = 'p' AND c.connamespace = 'public'::regnamespace AND pg_temp.tenant_owned(c.conrelid)
             AND pg_temp.cols(c.conrelid, c.conkey) = ARRAY['tenant_id', 'id']
        LOOP
          EXECUTE format('CREATE INDEX %I ON %s (id)', k.tbl || '_id', k.rel::regclass);
        END LOOP;
      END $$;

      -- An API key is found by its hash before its authority is known.
      CREATE INDEX api_keys_presented ON api_keys (key_hash);

      ALTER TABLE engagement_activities ALTER COLUMN cost TYPE numeric(18,2);
      ALTER TABLE delivery_decisions ALTER COLUMN in_house_comparator_cost TYPE numeric(18,2);
      ALTER TABLE social_value_measures ALTER COLUMN proxy_value TYPE numeric(18,2);
    `);
  }

  async down(): Promise<void> {
    // The keys before this were weaker (single-column foreign keys across tenants): there is no going back to them.
    throw new Error('TenantLeadingKeys cannot be undone: restore from a backup taken before it');
  }
}
