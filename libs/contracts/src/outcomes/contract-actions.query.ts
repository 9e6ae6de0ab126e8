import type { EntityManager } from 'typeorm';

export interface ContractActions {
  contractId: string;
  reference: string;
  toValidate: number;
  toConclude: number;
  paymentsDue: number;
}

/**
 * What waits on each of the authority's running contracts, by tender: results to validate, reviews to
 * conclude, payments due and not yet approved. One query over the contracts' own tables, each count on
 * an index that leads with the tenant and the contract.
 */
export async function contractActions(em: EntityManager, today: string): Promise<Map<string, ContractActions[]>> {
  const rows: (ContractActions & { tenderId: string })[] = await em.query(
    `SELECT c.tender_id AS "tenderId", c.id AS "contractId", c.reference,
            (SELECT count(*) FROM outcome_reports r WHERE r.tenant_id = c.tenant_id AND r.contract_id = c.id
                AND NOT EXISTS (SELECT 1 FROM outcome_validations v WHERE v.tenant_id = r.tenant_id AND v.report_id = r.id))::int AS "toValidate",
            (SELECT count(*) FROM outcome_reviews w WHERE w.tenant_id = c.tenant_id AND w.contract_id = c.id AND w.concluded_at IS NULL)::int AS "toConclude",
            (SELECT count(*) FROM contract_payments p WHERE p.tenant_id = c.tenant_id AND p.contract_id = c.id
                AND p.status = 'scheduled' AND p.due_on <= $1::date)::int AS "paymentsDue"
       FROM contracts c WHERE c.status IN ('pending', 'active') ORDER BY c.reference`,
    [today],
  );
  const byTender = new Map<string, ContractActions[]>();
  for (const { tenderId, ...r } of rows) byTender.set(tenderId, [...(byTender.get(tenderId) ?? []), r]);
  return byTender;
}
