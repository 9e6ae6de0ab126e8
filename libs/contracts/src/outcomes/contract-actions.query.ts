import type { EntityManager } from 'typeorm';

export interface ContractActions {
  contractId: string;
  tenderId: string;
  reference: string;
  toValidate: number;
  toConclude: number;
  paymentsDue: number;
}

/**
 * What waits on the authority's running contracts: results to validate (the database keeps them apart, in
 * outcome_reports_awaiting), reviews to conclude, payments due and not yet approved (a partial index). Each
 * count is one grouped pass over what waits, never a subquery per contract or a scan of every report; only
 * contracts with something waiting come back, most waiting first, with how many run in all.
 */
export async function contractActions(em: EntityManager, today: string): Promise<{ running: number; waiting: ContractActions[] }> {
  const waiting: ContractActions[] = await em.query(
    `WITH unvalidated AS (SELECT contract_id, count(*)::int AS n FROM outcome_reports_awaiting GROUP BY contract_id),
          open_reviews AS (SELECT contract_id, count(*)::int AS n FROM outcome_reviews WHERE concluded_at IS NULL GROUP BY contract_id),
          due AS (SELECT contract_id, count(*)::int AS n FROM contract_payments WHERE status = 'scheduled' AND due_on <= $1::date GROUP BY contract_id),
          any_waiting AS (SELECT contract_id FROM unvalidated UNION SELECT contract_id FROM open_reviews UNION SELECT contract_id FROM due)
     SELECT c.id AS "contractId", c.tender_id AS "tenderId", c.reference,
            COALESCE(u.n, 0) AS "toValidate", COALESCE(o.n, 0) AS "toConclude", COALESCE(d.n, 0) AS "paymentsDue"
       FROM any_waiting w
       JOIN contracts c ON c.id = w.contract_id AND c.status IN ('pending', 'active')
       LEFT JOIN unvalidated u ON u.contract_id = c.id
       LEFT JOIN open_reviews o ON o.contract_id = c.id
       LEFT JOIN due d ON d.contract_id = c.id
      ORDER BY COALESCE(o.n, 0) + COALESCE(u.n, 0) + COALESCE(d.n, 0) DESC, c.reference`,
    [today],
  );
  const [{ running }] = await em.query(`SELECT count(*)::int AS running FROM contracts WHERE status IN ('pending', 'active')`);
  return { running, waiting };
}
