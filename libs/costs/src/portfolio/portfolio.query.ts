import type { EntityManager } from 'typeorm';
import { COST_CLASSIFICATIONS } from '../core/classifications.js';

/** The classifications that pay for the service itself, as the database filters them. */
const SERVICE = COST_CLASSIFICATIONS.filter((c) => c.service).map((c) => c.code);

export interface PortfolioFilter {
  serviceCategory?: string;
  providerId?: string;
  paymentMechanism?: string;
}

export interface PortfolioSumsRow {
  id: string;
  reference: string;
  title: string;
  status: string;
  provider_id: string;
  provider: string;
  payment_mechanism: string;
  service_category: string | null;
  awarded_value: string;
  value: string;
  starts_on: string;
  ends_on: string;
  ends_on_at_award: string;
  actual: string;
  service: string;
  deductions: string;
  comparator_cost: string | null;
  comparator_months: number | null;
}

/**
 * One row a contract of the authority (RLS scopes every table): the sums of its own actual costs (from the
 * ledger's running totals, which the database keeps with every insert) and of its
 * share of its cycle's (each cycle line apportioned by award value to the penny, as the contract's figures
 * do), its deductions, and its cycle's latest comparator. The database adds up the million lines; the pure
 * portfolio row does the rest. Every contract: the filters choose among the rows (the sums are the whole
 * ledger's however few are shown).
 */
export function portfolioSums(em: EntityManager): Promise<PortfolioSumsRow[]> {
  return em.query(
    `WITH cycle_value AS (
       SELECT t.cycle_id, sum(c.awarded_value) AS total
         FROM contracts c JOIN tenders t ON t.tenant_id = c.tenant_id AND t.id = c.tender_id
        WHERE t.cycle_id IS NOT NULL GROUP BY t.cycle_id),
     own AS (
       SELECT contract_id, sum(amount) AS actual,
              COALESCE(sum(amount) FILTER (WHERE classification = ANY($1)), 0) AS service,
              COALESCE(sum(amount) FILTER (WHERE deduction AND classification = ANY($1)), 0) AS deductions
         FROM cost_totals WHERE basis = 'actual' GROUP BY contract_id),
     shared AS (
       SELECT s.contract_id, sum(s.amount) AS actual, COALESCE(sum(s.amount) FILTER (WHERE s.service), 0) AS service
         FROM (SELECT c.id AS contract_id, e.classification = ANY($1) AS service,
                      CASE WHEN v.total = 0 OR c.awarded_value = v.total THEN e.amount ELSE round(e.amount * c.awarded_value / v.total, 2) END AS amount
                 FROM contracts c
                 JOIN tenders t ON t.tenant_id = c.tenant_id AND t.id = c.tender_id
                 JOIN cycle_value v ON v.cycle_id = t.cycle_id
                 JOIN cost_entries e ON e.tenant_id = t.tenant_id AND e.cycle_id = t.cycle_id AND e.basis = 'actual') s
        GROUP BY s.contract_id),
     decision AS (
       SELECT DISTINCT ON (cycle_id) cycle_id, in_house_comparator_cost, (decision #>> '{contract,lengthMonths}')::int AS months
         FROM delivery_decisions ORDER BY cycle_id, version DESC),
     first_change AS (
       SELECT DISTINCT ON (contract_id) contract_id, ends_on_before FROM contract_changes WHERE status = 'signed' ORDER BY contract_id, sequence)
     SELECT c.id, c.reference, c.title, c.status, c.provider_id, p.name AS provider, c.payment_mechanism, cy.service_category,
            c.awarded_value::text, c.value::text, c.starts_on::text, c.ends_on::text, COALESCE(fc.ends_on_before, c.ends_on)::text AS ends_on_at_award,
            (COALESCE(own.actual, 0) + COALESCE(shared.actual, 0))::text AS actual,
            (COALESCE(own.service, 0) + COALESCE(shared.service, 0))::text AS service,
            COALESCE(own.deductions, 0)::text AS deductions,
            d.in_house_comparator_cost::text AS comparator_cost, d.months AS comparator_months
       FROM contracts c
       JOIN tenders t ON t.tenant_id = c.tenant_id AND t.id = c.tender_id
       JOIN provider_organisations p ON p.id = c.provider_id
       LEFT JOIN commissioning_cycles cy ON cy.tenant_id = t.tenant_id AND cy.id = t.cycle_id
       LEFT JOIN own ON own.contract_id = c.id
       LEFT JOIN shared ON shared.contract_id = c.id
       LEFT JOIN decision d ON d.cycle_id = t.cycle_id
       LEFT JOIN first_change fc ON fc.contract_id = c.id`,
    [SERVICE],
  );
}
