import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { asOwner, startTestApp, type TestApp } from '../support/test-app.js';

/**
 * The schema's own promises, read from the migrated database's catalogue (PostgreSQL in CI, PGlite
 * without DATABASE_URL), so a new table cannot quietly break them:
 * - every table with a tenant_id has row-level security enabled and forced, and at least one policy;
 * - on a tenant-owned table (tenant_id NOT NULL) every primary and unique key leads with tenant_id, the
 *   door to sharding by tenant (a distributed key must be part of every unique key);
 * - every foreign key from a tenant-owned table to another is composite with tenant_id: a foreign-key
 *   check bypasses RLS, so a single-column key would let a row point at another authority's row;
 * - money has one type, numeric(18,2) (quantities and rates, named in the test, are not money).
 */
describe('the schema catalogue', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ seed: false });
  });

  afterAll(async () => {
    await t?.close();
  });

  const tables = () =>
    asOwner<{ table: string; nullable: boolean; rls: boolean; forced: boolean; policies: number }>(
      t,
      `SELECT c.relname AS table, a.attnotnull = false AS nullable, c.relrowsecurity AS rls, c.relforcerowsecurity AS forced,
              (SELECT count(*)::int FROM pg_policy p WHERE p.polrelid = c.oid) AS policies
         FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'tenant_id' AND NOT a.attisdropped
        WHERE c.relkind = 'r' AND c.relnamespace = 'public'::regnamespace ORDER BY c.relname`,
    );

  it('finds the tenant tables it checks', async () => {
    const names = (await tables()).map((r) => r.table);
    // A check that reads nothing proves nothing: the tables every authority has must be among them.
    for (const known of ['tenders', 'bid_submissions', 'commissioning_cycles', 'evaluator_assignments', 'contract_commitments', 'audit_events']) {
      expect(names).toContain(known);
    }
  });

  it('has row-level security enabled, forced and with a policy on every table with a tenant_id', async () => {
    const bad = (await tables())
      .filter((r) => !r.rls || !r.forced || r.policies === 0)
      .map((r) => `${r.table} (rls ${r.rls}, forced ${r.forced}, policies ${r.policies})`);
    expect(bad).toEqual([]);
  });

  it('leads every primary and unique key of a tenant-owned table with tenant_id', async () => {
    const keys = await asOwner<{ table: string; name: string; first: string; columns: string }>(
      t,
      `SELECT c.conrelid::regclass::text AS table, c.conname AS name, a.attname AS first,
              (SELECT string_agg(x.attname, ', ' ORDER BY k.ord) FROM unnest(c.conkey) WITH ORDINALITY k(att, ord)
                 JOIN pg_attribute x ON x.attrelid = c.conrelid AND x.attnum = k.att) AS columns
         FROM pg_constraint c
         JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
         JOIN pg_attribute tid ON tid.attrelid = c.conrelid AND tid.attname = 'tenant_id' AND tid.attnotnull
        WHERE c.contype IN ('p', 'u') AND c.connamespace = 'public'::regnamespace ORDER BY 1, 2`,
    );
    expect(keys.length).toBeGreaterThan(10);
    expect(keys.filter((k) => k.first !== 'tenant_id').map((k) => `${k.table}.${k.name} (${k.columns})`)).toEqual([]);
    // Unique indexes made without a constraint count too.
    const indexes = await asOwner<{ index: string }>(
      t,
      `SELECT i.indexrelid::regclass::text AS index FROM pg_index i
         JOIN pg_attribute tid ON tid.attrelid = i.indrelid AND tid.attname = 'tenant_id' AND tid.attnotnull
         JOIN pg_class c ON c.oid = i.indrelid AND c.relnamespace = 'public'::regnamespace
        WHERE i.indisunique AND (SELECT attname FROM pg_attribute WHERE attrelid = i.indrelid AND attnum = i.indkey[0]) <> 'tenant_id'`,
    );
    expect(indexes.map((i) => i.index)).toEqual([]);
  });

  it('makes every foreign key between tenant-owned tables composite with tenant_id on both sides', async () => {
    const fks = await asOwner<{ name: string; table: string; ref: string; columns: string[]; refColumns: string[] }>(
      t,
      `SELECT c.conname AS name, c.conrelid::regclass::text AS table, c.confrelid::regclass::text AS ref,
              (SELECT array_agg(x.attname::text ORDER BY k.ord) FROM unnest(c.conkey) WITH ORDINALITY k(att, ord) JOIN pg_attribute x ON x.attrelid = c.conrelid AND x.attnum = k.att) AS "columns",
              (SELECT array_agg(x.attname::text ORDER BY k.ord) FROM unnest(c.confkey) WITH ORDINALITY k(att, ord) JOIN pg_attribute x ON x.attrelid = c.confrelid AND x.attnum = k.att) AS "refColumns"
         FROM pg_constraint c
         JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attname = 'tenant_id' AND a.attnotnull
         JOIN pg_attribute b ON b.attrelid = c.confrelid AND b.attname = 'tenant_id' AND b.attnotnull
        WHERE c.contype = 'f' AND c.connamespace = 'public'::regnamespace ORDER BY 2, 1`,
    );
    expect(fks.length).toBeGreaterThan(10);
    const bad = fks.filter((f) => {
      const i = f.columns.indexOf('tenant_id');
      return i < 0 || f.refColumns[i] !== 'tenant_id';
    });
    expect(bad.map((f) => `${f.table}.${f.name} (${f.columns.join(', ')}) → ${f.ref} (${f.refColumns.join(', ')})`)).toEqual([]);
  });

  it('gives every money column the one type numeric(18,2)', async () => {
    const numeric = await asOwner<{ column: string; type: string }>(
      t,
      `SELECT c.relname || '.' || a.attname AS column, format_type(a.atttypid, a.atttypmod) AS type
         FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
        WHERE c.relkind = 'r' AND c.relnamespace = 'public'::regnamespace AND a.attnum > 0 AND NOT a.attisdropped
          AND a.atttypid = 'numeric'::regtype ORDER BY 1`,
    );
    expect(numeric.length).toBeGreaterThan(0);
    // Every numeric column is money but these quantities (units of a social value measure, not pounds) and
    // rates (proportions of a cohort, 0 to 1, to 4 places: an outcome's baseline, target, attribution share and result).
    const QUANTITIES = [
      'delivery_reports.quantity',
      'outcome_metrics.attribution_share',
      'outcome_metrics.baseline',
      'outcome_metrics.target',
      'outcome_validations.expected',
      'outcome_validations.result_rate',
      'outcome_validations.target',
      'outcome_reviews.expected',
      'outcome_reviews.result_rate',
      // KPI thresholds and measurements: per cent, days, counts, to 4 places.
      'contract_kpis.good',
      'contract_kpis.approaching',
      'contract_kpis.requires_improvement',
      'kpi_measurements.value',
      // Staff time's hours on the whole-life cost ledger (its hourly rate is money).
      'cost_entries.hours',
      'coproduction_inputs.hours',
    ];
    expect(numeric.filter((c) => !QUANTITIES.includes(c.column) && c.type !== 'numeric(18,2)').map((c) => `${c.column} ${c.type}`)).toEqual([]);
    expect(numeric.map((c) => c.column)).toEqual(expect.arrayContaining(QUANTITIES));
  });
});
