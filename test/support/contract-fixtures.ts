import { addDays, addMonths, londonToday } from '#kernel';
import { newId } from '#platform';
import { asOwner, type TestApp } from './test-app.js';
import { termEnd } from '#contracts';

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

/** An outcome metric as a contract manager sends it: sustained employment, paid £1,800 a person. */
export const EMPLOYMENT_METRIC = {
  code: 'EMP-1',
  title: 'Sustained employment',
  definition: 'People in work for 26 weeks of the 30 after starting',
  unit: 'person',
  baseline: '0.20',
  target: '0.30',
  measurement: 'Payroll records matched at 30 weeks',
  validationMethod: 'HMRC earnings match',
  dataSource: 'HMRC Real Time Information',
  frequency: 'quarterly',
  pricePerUnit: '1800.00',
};

/** The outcome metric the fixtures give a contract: shared (60 %), priced, capped, read against deprivation and age. */
export const FIXTURE_MODEL = {
  source: 'Illustrative linear model of proven re-offending over 12 months',
  factors: [
    { key: 'deprivation_decile', label: 'Mean deprivation decile', reference: '5.0', coefficient: '0.02' },
    { key: 'aged_18_24', label: 'Share aged 18 to 24', reference: '0.30', coefficient: '-0.15' },
  ],
};

/**
 * A contract paying a fixed fee of £900,000 plus outcomes (value £1,200,000: a £300,000 outcome pot) that
 * began two years ago, so its first quarters have ended, with one outcome metric: RO-1, £2,500 a person,
 * 60 % attributed, capped at £120,000 a quarter and £250,000 in all, target 0.62 read in context.
 * Active unless asked for pending. Castleton holds it unless another provider is named.
 */
export async function outcomeContract(
  t: TestApp,
  authority: keyof typeof OPEN_TENDER,
  over: { status?: 'pending' | 'active'; provider?: string; periodCap?: string | null } = {},
): Promise<{ id: string; version: number; metricId: string; startsOn: string }> {
  const { id, version } = await pendingContract(t, authority, { paymentMechanism: 'fixed_fee_plus_outcomes', provider: over.provider });
  const startsOn = addMonths(londonToday(), -24);
  await asOwner(t, `UPDATE contracts SET starts_on = $2, ends_on = $3, minimum_fixed_fee = '900000.00' WHERE id = $1`, [
    id,
    startsOn,
    addDays(addMonths(startsOn, 48), -1),
  ]);
  const metricId = newId();
  await asOwner(
    t,
    `INSERT INTO outcome_metrics (id, tenant_id, contract_id, code, title, definition, unit, baseline, target, measurement, validation_method,
                                  data_source, frequency, shared_with, attribution_share, price_per_unit, period_cap, total_cap, context_model)
     SELECT $1, tenant_id, id, 'RO-1', 'No proven re-offending', 'People in the cohort with no proven re-offence within 12 months', 'person',
            '0.55', '0.62', 'Police National Computer match', 'Data lab match', 'Police National Computer', 'quarterly', '["Probation Service"]',
            '0.6', '2500.00', $3, '250000.00', $4 FROM contracts WHERE id = $2`,
    [metricId, id, over.periodCap === undefined ? '120000.00' : over.periodCap, JSON.stringify(FIXTURE_MODEL)],
  );
  if (over.status !== 'pending') await asOwner(t, `UPDATE contracts SET status = 'active', activated_at = now(), version = version + 1 WHERE id = $1`, [id]);
  return { id, version: over.status === 'pending' ? version : version + 1, metricId, startsOn };
}

/** A provider's report on a fixture contract's metric for an ended quarter (57 of 100 by default, a deprived, young cohort). */
export async function outcomeReport(
  t: TestApp,
  contract: { id: string; metricId: string; startsOn: string },
  period = 1,
  over: { cohort?: number; achieved?: number } = {},
): Promise<string> {
  const id = newId();
  await asOwner(
    t,
    `INSERT INTO outcome_reports (id, tenant_id, contract_id, metric_id, provider_id, period, period_starts_on, period_ends_on, cohort, achieved,
                                  population, narrative)
     SELECT $1, tenant_id, id, $3, provider_id, $4, $5, $6, $7, $8, $9, 'Quarterly return from the case management system' FROM contracts WHERE id = $2`,
    [
      id,
      contract.id,
      contract.metricId,
      period,
      addMonths(contract.startsOn, 3 * (period - 1)),
      addDays(addMonths(contract.startsOn, 3 * period), -1),
      over.cohort ?? 100,
      over.achieved ?? 57,
      JSON.stringify({ deprivation_decile: '3.2', aged_18_24: '0.42' }),
    ],
  );
  return id;
}

/** A line of a fixture contract's schedule: a fixed-fee instalment due yesterday, scheduled, or approved by the contract manager. */
export async function paymentLine(t: TestApp, contractId: string, status: 'scheduled' | 'approved' = 'scheduled'): Promise<string> {
  const id = newId();
  await asOwner(
    t,
    `INSERT INTO contract_payments (id, tenant_id, contract_id, provider_id, kind, number, label, due_on, amount, status, approved_by, approved_at)
     SELECT $1, c.tenant_id, c.id, c.provider_id, 'fixed_fee', (SELECT count(*) + 1 FROM contract_payments WHERE contract_id = c.id), 'Fixed fee instalment',
            current_date - 1, '75000.00', $3,
            CASE WHEN $3 = 'approved' THEN (SELECT u.id FROM users u JOIN memberships m ON m.user_id = u.id WHERE m.tenant_id = c.tenant_id LIMIT 1) END,
            CASE WHEN $3 = 'approved' THEN now() END
       FROM contracts c WHERE c.id = $2`,
    [id, contractId, status],
  );
  return id;
}

/** A review opened on a fixture contract's result (50 of 100, below the 0.566 expected of its cohort), explained by the provider if asked. */
export async function openReview(
  t: TestApp,
  contract: { id: string; metricId: string; startsOn: string },
  over: { period?: number; explained?: boolean } = {},
): Promise<string> {
  const report = await outcomeReport(t, contract, over.period ?? 1, { cohort: 100, achieved: 50 });
  const id = newId();
  await asOwner(
    t,
    `WITH v AS (INSERT INTO outcome_validations (id, tenant_id, report_id, provider_id, decision, units, target, expected, result_rate)
                SELECT $1, tenant_id, id, provider_id, 'accepted', achieved, '0.62', '0.566', round(achieved::numeric / cohort, 4)
                  FROM outcome_reports WHERE id = $2 RETURNING *)
     INSERT INTO outcome_reviews (id, tenant_id, contract_id, metric_id, validation_id, provider_id, period, expected, result_rate, explain_by)
     SELECT $3, r.tenant_id, r.contract_id, r.metric_id, v.id, r.provider_id, r.period, v.expected, v.result_rate, current_date + 28
       FROM v JOIN outcome_reports r ON r.id = v.report_id`,
    [newId(), report, id],
  );
  if (over.explained)
    await asOwner(
      t,
      `INSERT INTO outcome_review_explanations (tenant_id, review_id, provider_id, explanation)
       SELECT tenant_id, id, provider_id, 'Two hostels closed in the quarter: the cohort had nowhere settled to live' FROM outcome_reviews WHERE id = $1`,
      [id],
    );
  return id;
}

/** A KPI as a contract manager sends it: referrals seen within five working days, more is better. */
export const REFERRALS_KPI = {
  code: 'KPI-1',
  title: 'Referrals seen within five working days',
  unit: 'per cent',
  direction: 'higher',
  good: '95',
  approaching: '90',
  requiresImprovement: '80',
};

/** That KPI on a fixture contract, written as the database's owner (a running contract's KPIs were set before signature). */
export async function contractKpi(t: TestApp, contractId: string): Promise<string> {
  const id = newId();
  await asOwner(
    t,
    `INSERT INTO contract_kpis (id, tenant_id, contract_id, code, title, unit, direction, good, approaching, requires_improvement)
     SELECT $1, tenant_id, id, 'KPI-1', 'Referrals seen within five working days', 'per cent', 'higher', 95, 90, 80 FROM contracts WHERE id = $2`,
    [id, contractId],
  );
  return id;
}

/** A contract's first yearly performance assessment, made as the database's owner: its first twelve months, rated good. */
export async function performanceAssessment(t: TestApp, contract: { id: string; startsOn: string }): Promise<string> {
  const id = newId();
  await asOwner(
    t,
    `INSERT INTO performance_assessments (id, tenant_id, contract_id, provider_id, sequence, occasion, period_from, period_to, kpi_results,
                                          derived_rating, rating, override_reason, summary)
     SELECT $1, tenant_id, id, provider_id, 1, 'yearly', $3, $4, '[]', NULL, 'good', 'Judged from the monthly meetings', 'A steady first year'
       FROM contracts WHERE id = $2`,
    [id, contract.id, contract.startsOn, termEnd(contract.startsOn, 1)],
  );
  return id;
}

/** A proposed variation of a running contract, made as the database's owner (by no one in particular): £150,000 more, so above the default threshold when asked. */
export async function proposedChange(t: TestApp, contractId: string, over: { needsApproval?: boolean } = {}): Promise<string> {
  const id = newId();
  await asOwner(
    t,
    `INSERT INTO contract_changes (id, tenant_id, contract_id, provider_id, sequence, kind, classification, rationale, value_change, needs_approval, status)
     SELECT $1, tenant_id, id, provider_id, 1, 'variation', 'additional_services', 'A women’s service added', '150000.00', $3, 'proposed'
       FROM contracts WHERE id = $2`,
    [id, contractId, over.needsApproval ?? false],
  );
  return id;
}
