import { newId } from '#platform';
import { asOwner, type TestApp } from './test-app.js';

/** The open tender of each demo authority a contract fixture hangs off (a fresh lot each time, so each contract is new). */
const OPEN_TENDER = { northmere: 'NCC-2026-017', southvale: 'SVICB-2026-004' } as const;
let lots = 0;

/**
 * A contract made as an award makes one, on a bid of its own (a fresh lot of an open demo tender), for
 * the suites that need a pending contract to change, at either authority. Castleton holds it.
 */
export async function pendingContract(
  t: TestApp,
  authority: keyof typeof OPEN_TENDER,
  over: { awardedValue?: string; paymentMechanism?: string; provider?: string } = {},
): Promise<{ id: string; version: number }> {
  const id = newId();
  const lot = `lot-f${++lots}-${id.slice(-6)}`;
  await asOwner(
    t,
    `WITH t AS (SELECT id, tenant_id, reference, title, currency FROM tenders WHERE reference = $1),
          p AS (SELECT id FROM provider_organisations WHERE name = $2),
          b AS (INSERT INTO bid_submissions (id, tenant_id, tender_id, provider_id, lot_key, version, answers, price, content_hash)
                SELECT $3, t.tenant_id, t.id, p.id, $4, 1, '{}', $5, repeat('0', 64) FROM t, p RETURNING id, tenant_id, tender_id, provider_id, lot_key, price)
     INSERT INTO contracts (id, tenant_id, tender_id, bid_id, provider_id, lot_key, reference, title, awarded_value, currency, starts_on, ends_on,
                            payment_mechanism, awarded_at)
     SELECT $6, b.tenant_id, b.tender_id, b.id, b.provider_id, b.lot_key, t.reference || '/' || b.lot_key, t.title, b.price, t.currency,
            '2027-04-01', '2030-04-01', $7, now() FROM b, t`,
    [OPEN_TENDER[authority], over.provider ?? 'Castleton Care Ltd', newId(), lot, over.awardedValue ?? '1200000.00', id, over.paymentMechanism ?? 'fixed_fee'],
  );
  return { id, version: 1 };
}

/** The demo's contract: the awarded re-offending tender's, held by Brightpath, active. */
export async function demoContractId(t: TestApp): Promise<string> {
  const [c] = await asOwner<{ id: string }>(t, `SELECT c.id FROM contracts c JOIN tenders t ON t.id = c.tender_id WHERE t.reference = 'NCC-2023-031'`);
  return c.id;
}
