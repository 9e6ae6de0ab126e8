import type { EntityManager } from 'typeorm';

export interface ProviderBid {
  tenderId: string;
  lotKey: string;
  version: number;
  price: string;
  submittedAt: Date;
  reference: string;
  title: string;
  tenderStatus: string;
  deadline: Date | null;
  authority: string;
  contractId: string | null;
}

/**
 * The provider in context's bids at every authority, newest first: the latest version of each (tender,
 * lot), with its tender (every tender bid on was published, so it reads as the public reads it: the
 * transaction's published-records setting is turned on for this query and off again) and the contract
 * it won, if any.
 */
export async function providerBids(em: EntityManager, limit = 50): Promise<ProviderBid[]> {
  await em.query(`SELECT set_config('app.published_records', 'on', true)`);
  try {
    return await em.query(
      `WITH latest AS (
         SELECT DISTINCT ON (b.tenant_id, b.tender_id, b.lot_key) b.id, b.tenant_id, b.tender_id, b.lot_key, b.version, b.price, b.submitted_at
           FROM bid_submissions b ORDER BY b.tenant_id, b.tender_id, b.lot_key, b.version DESC)
       SELECT l.tender_id AS "tenderId", l.lot_key AS "lotKey", l.version, l.price::text AS price, l.submitted_at AS "submittedAt",
              t.reference, t.title, t.status AS "tenderStatus", t.submission_deadline AS deadline, a.name AS authority, c.id AS "contractId"
         FROM latest l
         JOIN tenders t ON t.tenant_id = l.tenant_id AND t.id = l.tender_id
         JOIN authorities a ON a.id = l.tenant_id
         LEFT JOIN contracts c ON c.tenant_id = l.tenant_id AND c.bid_id = l.id
        ORDER BY l.submitted_at DESC
        LIMIT $1`,
      [limit],
    );
  } finally {
    await em.query(`SELECT set_config('app.published_records', '', true)`);
  }
}
