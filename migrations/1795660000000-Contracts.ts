import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The contract (docs/domain.md section 6; issue 14): made in the award's own transaction from each
 * winning bid, pending until it is signed (activated), then active until it expires or is terminated.
 * Its terms (value, period, extension options, tag, payment mechanism) are the contract manager's to set
 * while it is pending; two people editing at once are told (version). The database holds the rules that
 * must never be broken whatever the code: a terminated contract has its date and reason; payment by
 * results is activated only after a second person accepted the risk.
 *
 * Tenders awarded before this migration get their contracts here, from the award's winners, with the
 * terms an award gives (the winning price, from the award for as many years as the bid priced).
 */
export class Contracts1795660000000 implements MigrationInterface {
  name = 'Contracts1795660000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE contracts (
        id uuid NOT NULL,
        tenant_id uuid NOT NULL REFERENCES authorities(id),
        tender_id uuid NOT NULL,
        bid_id uuid NOT NULL,
        provider_id uuid NOT NULL REFERENCES provider_organisations(id),
        lot_key text NOT NULL,
        reference text NOT NULL CHECK (length(reference) BETWEEN 1 AND 120),
        title text NOT NULL CHECK (length(title) BETWEEN 1 AND 400),
        awarded_value numeric(18,2) NOT NULL CHECK (awarded_value >= 0),
        currency char(3) NOT NULL DEFAULT 'GBP' CHECK (currency ~ '^[A-Z]{3}$'),
        starts_on date NOT NULL,
        ends_on date NOT NULL,
        extension_options jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(extension_options) = 'array'),
        tag text NOT NULL DEFAULT 'operational' CHECK (tag IN ('operational', 'whole-system')),
        payment_mechanism text NOT NULL DEFAULT 'fixed_fee'
          CHECK (payment_mechanism IN ('fixed_fee', 'fixed_fee_plus_outcomes', 'payment_by_results', 'grant')),
        minimum_fixed_fee numeric(18,2) CHECK (minimum_fixed_fee >= 0 AND minimum_fixed_fee <= awarded_value),
        status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'active', 'expired', 'terminated')),
        kpi_exemption_reason text CHECK (length(kpi_exemption_reason) BETWEEN 1 AND 2000),
        risk_accepted_by uuid REFERENCES users(id),
        risk_accepted_at timestamptz,
        risk_note text CHECK (length(risk_note) BETWEEN 1 AND 2000),
        activated_by uuid REFERENCES users(id),
        activated_at timestamptz,
        terminated_on date,
        termination_reason text CHECK (length(termination_reason) BETWEEN 1 AND 2000),
        awarded_at timestamptz NOT NULL,
        created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        updated_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        version int NOT NULL DEFAULT 1,
        PRIMARY KEY (tenant_id, id),
        UNIQUE (tenant_id, tender_id, lot_key),
        UNIQUE (tenant_id, reference),
        FOREIGN KEY (tenant_id, tender_id) REFERENCES tenders (tenant_id, id),
        FOREIGN KEY (tenant_id, bid_id) REFERENCES bid_submissions (tenant_id, id),
        CHECK (ends_on > starts_on),
        CHECK ((status = 'terminated') = (terminated_on IS NOT NULL AND termination_reason IS NOT NULL)),
        CHECK (status IN ('pending', 'terminated') OR activated_at IS NOT NULL),
        CHECK ((risk_accepted_by IS NULL) = (risk_accepted_at IS NULL)),
        -- Payment by results only: active only once a second person accepted the risk.
        CHECK (payment_mechanism <> 'payment_by_results' OR activated_at IS NULL
               OR (risk_accepted_by IS NOT NULL AND risk_accepted_by IS DISTINCT FROM activated_by))
      );
      CREATE INDEX contracts_id ON contracts (id);
      CREATE INDEX contracts_provider ON contracts (provider_id, tenant_id);
      ALTER TABLE contracts ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
      CREATE POLICY contracts_tenant ON contracts FOR ALL
        USING (tenant_id = app_tenant_id()) WITH CHECK (tenant_id = app_tenant_id());
      -- A provider reads the contracts it holds, at every authority.
      CREATE POLICY contracts_provider ON contracts FOR SELECT USING (provider_id = app_provider_id());
      GRANT SELECT, INSERT, UPDATE ON contracts TO commonweal_app;

      INSERT INTO contracts (id, tenant_id, tender_id, bid_id, provider_id, lot_key, reference, title, awarded_value, currency,
                             starts_on, ends_on, awarded_at)
      -- A backfilled contract's id is a random (v4) UUID: the application makes v7 ones, and both are UUIDs.
      SELECT gen_random_uuid(),
             a.tenant_id, a.tender_id, b.id, b.provider_id, b.lot_key,
             t.reference || CASE WHEN lots.n > 1 THEN '/' || b.lot_key ELSE '' END, t.title, b.price, t.currency,
             (a.at AT TIME ZONE 'Europe/London')::date,
             ((a.at AT TIME ZONE 'Europe/London')::date
               + make_interval(years => COALESCE((SELECT max((c->>'year')::int) FROM jsonb_array_elements(b.cost_profile) c), 3)))::date,
             a.at
        FROM award_steps a
        CROSS JOIN LATERAL (SELECT x->>'bidId' AS bid FROM jsonb_array_elements(a.winners) x WHERE x->>'bidId' IS NOT NULL) w
        JOIN bid_submissions b ON b.tenant_id = a.tenant_id AND b.id = w.bid::uuid
        JOIN tenders t ON t.tenant_id = a.tenant_id AND t.id = a.tender_id
        CROSS JOIN LATERAL (SELECT count(*) AS n FROM jsonb_array_elements(a.winners) y WHERE y->>'bidId' IS NOT NULL) lots
       WHERE a.step = 'awarded';
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE contracts');
  }
}
