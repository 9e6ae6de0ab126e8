import { Decimal } from 'decimal.js';
import type { EntityManager as Em } from 'typeorm';
import { OCDS_RATING, RATING_NAMES, type KpiRating } from '#contracts';
import type { AmendmentFacts, ContractStory, Rating } from '../core/implementation.js';
import type { PlanningFacts } from '../core/planning.js';
import type { ProcessFacts } from '../core/process.js';
import type { AwardFacts, ContractFacts, TenderFacts } from '../core/releases.js';
import type { Withholding } from '../core/withholding.js';

const iso = (d: Date | string) => new Date(d).toISOString();

/**
 * What is public about a tender's contracting process, read in its authority's context: the tender once
 * published (a draft has nothing public: null), each award once approved (pending through standstill,
 * active once made), each contract with its supplier. A bid's price is public only as the winner's award.
 */
export async function processFacts(em: Em, tenderId: string, baseUrl: string): Promise<ProcessFacts | null> {
  const [t] = (await em.query(
    `SELECT t.id, t.reference, t.title, t.description, t.status, t.estimated_value::text AS estimated_value, t.currency, t.published_at,
            t.submission_deadline, t.bids_opened_at, t.cycle_id, a.id AS authority_id, a.name AS authority_name
       FROM tenders t JOIN authorities a ON a.id = t.tenant_id
      WHERE t.id = $1 AND t.status <> 'draft' AND t.published_at IS NOT NULL`,
    [tenderId],
  )) as {
    id: string;
    reference: string;
    title: string;
    description: string;
    status: TenderFacts['status'];
    estimated_value: string | null;
    currency: string;
    published_at: Date;
    submission_deadline: Date | null;
    bids_opened_at: Date | null;
    cycle_id: string | null;
    authority_id: string;
    authority_name: string;
  }[];
  if (!t) return null;
  const [documents, tenderers, steps, contracts] = await Promise.all([
    em.query(`SELECT id, file_name, uploaded_at FROM documents WHERE tender_id = $1 ORDER BY uploaded_at, id`, [tenderId]) as Promise<
      { id: string; file_name: string; uploaded_at: Date }[]
    >,
    t.bids_opened_at
      ? (em.query(`SELECT count(DISTINCT provider_id)::int AS n FROM bid_submissions WHERE tender_id = $1`, [tenderId]) as Promise<{ n: number }[]>)
      : Promise.resolve(null),
    em.query(
      `SELECT s.step, s.at, w."lotKey" AS lot_key, b.price::text AS price, p.id AS provider_id, p.name AS provider_name
         FROM award_steps s
         CROSS JOIN LATERAL jsonb_to_recordset(s.winners) AS w("lotKey" text, "bidId" uuid)
         JOIN bid_submissions b ON b.id = w."bidId"
         JOIN provider_organisations p ON p.id = b.provider_id
        WHERE s.tender_id = $1 AND s.step IN ('approved', 'awarded') ORDER BY s.at`,
      [tenderId],
    ) as Promise<{ step: 'approved' | 'awarded'; at: Date; lot_key: string; price: string; provider_id: string; provider_name: string }[]>,
    em.query(
      `SELECT c.id, c.lot_key, c.title, c.status, c.value::text AS value, c.currency, c.starts_on::text AS starts_on, c.ends_on::text AS ends_on,
              c.activated_at, p.id AS provider_id, p.name AS provider_name
         FROM contracts c JOIN provider_organisations p ON p.id = c.provider_id WHERE c.tender_id = $1 ORDER BY c.lot_key, c.id`,
      [tenderId],
    ) as Promise<
      {
        id: string;
        lot_key: string;
        title: string;
        status: ContractFacts['status'];
        value: string;
        currency: string;
        starts_on: string;
        ends_on: string;
        activated_at: Date | null;
        provider_id: string;
        provider_name: string;
      }[]
    >,
  ]);
  const buyer = { id: t.authority_id, name: t.authority_name };
  const tender: TenderFacts = {
    id: t.id,
    reference: t.reference,
    title: t.title,
    description: t.description,
    status: t.status,
    estimatedValue: t.estimated_value,
    currency: t.currency,
    publishedAt: iso(t.published_at),
    submissionDeadline: t.submission_deadline ? iso(t.submission_deadline) : null,
    buyer,
    // A document uploaded before publication was published with the tender.
    documents: documents.map((d) => ({
      id: d.id,
      title: d.file_name,
      url: `${baseUrl}/api/v1/public/tenders/${t.id}/documents/${d.id}`,
      datePublished: iso(new Date(Math.max(new Date(d.uploaded_at).getTime(), new Date(t.published_at).getTime()))),
    })),
    numberOfTenderers: tenderers ? tenderers[0].n : null,
  };
  const awards: AwardFacts[] = steps.map((s) => ({
    id: s.lot_key,
    title: t.title,
    status: s.step === 'awarded' ? 'active' : 'pending',
    date: iso(s.at),
    value: s.price,
    currency: t.currency,
    supplier: { id: s.provider_id, name: s.provider_name },
  }));
  const [stories, withholdings, planning] = await Promise.all([
    Promise.all(contracts.map((c) => contractStory(em, c.id, c.provider_id, c.currency))),
    withholdingsOf(em, tenderId),
    t.cycle_id ? planningOf(em, t.cycle_id) : Promise.resolve(null),
  ]);
  return {
    planning,
    tender,
    awards,
    withholdings,
    contracts: contracts.map((c, i) => {
      const first = stories[i].amendments[0];
      return {
        id: c.id,
        awardId: c.lot_key,
        title: c.title,
        status: c.status,
        // As signed: each signed change is its own amendment release, from the value and end it found.
        value: first ? first.valueBefore : c.value,
        currency: c.currency,
        startsOn: c.starts_on,
        endsOn: first ? first.endsOnBefore : c.ends_on,
        dateSigned: c.activated_at ? iso(c.activated_at) : null,
        supplier: { id: c.provider_id, name: c.provider_name },
        story: stories[i],
      };
    }),
  };
}

/** The commissioning cycle a tender was made from, as its planning is published: purpose, outcomes, engagement, the latest delivery decision. */
async function planningOf(em: Em, cycleId: string): Promise<PlanningFacts | null> {
  const [[cycle], outcomes, engagements, [decision]] = await Promise.all([
    em.query(`SELECT reference, title, purpose, accountability, success, updated_at FROM commissioning_cycles WHERE id = $1`, [cycleId]) as Promise<
      { reference: string; title: string; purpose: string; accountability: string; success: string; updated_at: Date }[]
    >,
    em.query(`SELECT statement FROM cycle_outcomes WHERE cycle_id = $1 ORDER BY recorded_at, id`, [cycleId]) as Promise<{ statement: string }[]>,
    em.query(
      `SELECT e.id, e.title, e.method, e.level, e.up_for_grabs, e.starts_on::text AS starts_on, e.ends_on::text AS ends_on, e.recorded_at,
              (SELECT count(*)::int FROM engagement_responses r WHERE r.activity_id = e.id) AS responses,
              (SELECT count(*)::int FROM engagement_responses r WHERE r.activity_id = e.id AND r.changed) AS changed
         FROM engagement_activities e WHERE e.cycle_id = $1 ORDER BY e.starts_on, e.id`,
      [cycleId],
    ) as Promise<
      {
        id: string;
        title: string;
        method: string;
        level: string;
        up_for_grabs: string;
        starts_on: string;
        ends_on: string;
        recorded_at: Date;
        responses: number;
        changed: number;
      }[]
    >,
    em.query(
      `SELECT version, chosen, decision->>'rationale' AS rationale, decided_at FROM delivery_decisions WHERE cycle_id = $1 ORDER BY version DESC LIMIT 1`,
      [cycleId],
    ) as Promise<{ version: number; chosen: string; rationale: string; decided_at: Date }[]>,
  ]);
  if (!cycle) return null;
  return {
    reference: cycle.reference,
    title: cycle.title,
    purpose: cycle.purpose,
    accountability: cycle.accountability,
    success: cycle.success,
    outcomes: outcomes.map((o) => o.statement),
    engagements: engagements.map((e) => ({
      id: e.id,
      title: e.title,
      method: e.method,
      level: e.level,
      upForGrabs: e.up_for_grabs,
      startsOn: e.starts_on,
      endsOn: e.ends_on,
      recordedAt: iso(e.recorded_at),
      responses: e.responses,
      changed: e.changed,
    })),
    decision: decision ? { version: decision.version, chosen: decision.chosen, rationale: decision.rationale, decidedAt: iso(decision.decided_at) } : null,
    updatedAt: iso(cycle.updated_at),
  };
}

/** What the authority withholds from the process's open data, or has (lifted, or its day come), oldest first. */
export async function withholdingsOf(em: Em, tenderId: string): Promise<Withholding[]> {
  const rows: {
    id: string;
    contract_id: string;
    field: Withholding['field'];
    ground: Withholding['ground'];
    rationale: string;
    available_on: string | null;
    lifted_at: Date | null;
    contract_title: string;
  }[] = await em.query(
    `SELECT w.id, w.contract_id, c.title AS contract_title, w.field, w.ground, w.rationale, w.available_on::text AS available_on, w.lifted_at
       FROM publication_withholdings w JOIN contracts c ON c.id = w.contract_id WHERE w.tender_id = $1 ORDER BY w.decided_at, w.id`,
    [tenderId],
  );
  return rows.map((w) => ({
    id: w.id,
    contractId: w.contract_id,
    contractTitle: w.contract_title,
    field: w.field,
    ground: w.ground,
    rationale: w.rationale,
    availableOn: w.available_on,
    liftedAt: w.lifted_at ? iso(w.lifted_at) : null,
  }));
}

const rating = (r: KpiRating): Rating => ({ code: OCDS_RATING[r], name: RATING_NAMES[r] });

/**
 * What a contract has done since it was signed, as far as it is public: signed changes; payments made (not
 * those scheduled or approved); KPI measurements; outcome results once validated (a report the authority has
 * not validated is the provider's claim, not a result); assessments; social value delivery the contract
 * manager accepted, against what the winning bid committed.
 */
async function contractStory(
  em: Em,
  contractId: string,
  providerId: string,
  currency: string,
): Promise<ContractStory & { amendments: (AmendmentFacts & { endsOnBefore: string })[] }> {
  const [changes, payments, schedule, kpis, measurements, outcomes, results, assessments, commitments, delivered] = await Promise.all([
    em.query(
      `SELECT id, kind, classification, rationale, signed_at, value_before::text AS value_before, value_after::text AS value_after,
              ends_on_before::text AS ends_on_before, ends_on_after::text AS ends_on_after
         FROM contract_changes WHERE contract_id = $1 AND status = 'signed' ORDER BY sequence`,
      [contractId],
    ) as Promise<
      {
        id: string;
        kind: 'variation' | 'extension';
        classification: string;
        rationale: string;
        signed_at: Date;
        value_before: string;
        value_after: string;
        ends_on_before: string;
        ends_on_after: string;
      }[]
    >,
    em.query(
      `SELECT id, paid_on::text AS paid_on, coalesce(earned, amount)::text AS amount FROM contract_payments
        WHERE contract_id = $1 AND status = 'paid' ORDER BY paid_on, number, id`,
      [contractId],
    ) as Promise<{ id: string; paid_on: string; amount: string }[]>,
    em.query(
      `SELECT id, label, kind, due_on::text AS due_on, coalesce(earned, amount)::text AS amount, paid_on::text AS paid_on FROM contract_payments
        WHERE contract_id = $1 ORDER BY due_on, number, id`,
      [contractId],
    ) as Promise<{ id: string; label: string; kind: 'fixed_fee' | 'outcome'; due_on: string; amount: string; paid_on: string | null }[]>,
    em.query(`SELECT id, code, title, unit, direction, good::text AS good FROM contract_kpis WHERE contract_id = $1 ORDER BY code`, [contractId]) as Promise<
      { id: string; code: string; title: string; unit: string; direction: 'higher' | 'lower'; good: string }[]
    >,
    em.query(
      `SELECT id, kpi_id, period_ends_on::text AS period_ends_on, value::text AS value, rating, recorded_at FROM kpi_measurements
        WHERE contract_id = $1 ORDER BY period_ends_on, recorded_at, id`,
      [contractId],
    ) as Promise<{ id: string; kpi_id: string; period_ends_on: string; value: string; rating: KpiRating; recorded_at: Date }[]>,
    em.query(
      `SELECT id, code, title, baseline::text AS baseline, target::text AS target, milestones FROM outcome_metrics WHERE contract_id = $1 ORDER BY code`,
      [contractId],
    ) as Promise<{ id: string; code: string; title: string; baseline: string; target: string; milestones: { by: string; target: string }[] }[]>,
    em.query(
      `SELECT v.id, r.metric_id, r.period_starts_on::text AS period_starts_on, r.period_ends_on::text AS period_ends_on, r.cohort, v.units,
              v.result_rate::text AS rate, v.expected::text AS expected, v.decision, v.validated_at
         FROM outcome_reports r JOIN outcome_validations v ON v.report_id = r.id
        WHERE r.contract_id = $1 ORDER BY r.period, v.validated_at, v.id`,
      [contractId],
    ) as Promise<
      {
        id: string;
        metric_id: string;
        period_starts_on: string;
        period_ends_on: string;
        cohort: number;
        units: number;
        rate: string | null;
        expected: string | null;
        decision: string;
        validated_at: Date;
      }[]
    >,
    em.query(
      `SELECT id, sequence, occasion, period_from::text AS period_from, period_to::text AS period_to, rating, summary, assessed_at
         FROM performance_assessments WHERE contract_id = $1 ORDER BY sequence`,
      [contractId],
    ) as Promise<
      { id: string; sequence: number; occasion: string; period_from: string; period_to: string; rating: KpiRating; summary: string; assessed_at: Date }[]
    >,
    em.query(
      `SELECT m.id, m.code, m.title, m.detail FROM contract_commitments m JOIN contracts c ON c.bid_id = m.bid_id
        WHERE c.id = $1 AND m.kind = 'social_value' ORDER BY m.code, m.id`,
      [contractId],
    ) as Promise<{ id: string; code: string; title: string; detail: { unit: string; quantities: { quantity: string }[]; totalValue: string } }[]>,
    em.query(
      `SELECT d.id, d.commitment_id, d.contract_year, d.quantity::text AS quantity, v.reviewed_at
         FROM delivery_reports d
         JOIN LATERAL (SELECT outcome, reviewed_at FROM delivery_report_reviews WHERE report_id = d.id ORDER BY reviewed_at DESC, id DESC LIMIT 1) v ON v.outcome = 'accepted'
        WHERE d.provider_id = $1 AND d.commitment_id IN (SELECT m.id FROM contract_commitments m JOIN contracts c ON c.bid_id = m.bid_id WHERE c.id = $2)
        ORDER BY d.contract_year, d.id`,
      [providerId, contractId],
    ) as Promise<{ id: string; commitment_id: string; contract_year: number; quantity: string; reviewed_at: Date }[]>,
  ]);
  return {
    amendments: changes.map((ch) => ({
      id: ch.id,
      signedAt: iso(ch.signed_at),
      kind: ch.kind,
      rationale: ch.rationale,
      classification: ch.classification,
      valueBefore: ch.value_before,
      valueAfter: ch.value_after,
      endsOnBefore: ch.ends_on_before,
      endsOnAfter: ch.ends_on_after,
    })),
    implementation: {
      transactions: payments.map((p) => ({ id: p.id, paidOn: p.paid_on, amount: p.amount })),
      schedule: schedule.map((p) => ({ id: p.id, label: p.label, kind: p.kind, dueOn: p.due_on, amount: p.amount, paidOn: p.paid_on })),
      kpis: kpis.map((k) => ({
        code: k.code,
        title: k.title,
        unit: k.unit,
        direction: k.direction,
        good: k.good,
        measurements: measurements
          .filter((m) => m.kpi_id === k.id)
          .map((m) => ({ id: m.id, periodEndsOn: m.period_ends_on, value: m.value, rating: rating(m.rating), recordedAt: iso(m.recorded_at) })),
      })),
      outcomes: outcomes.map((o) => ({
        code: o.code,
        title: o.title,
        baseline: o.baseline,
        target: o.target,
        milestones: o.milestones.map((m) => ({ by: m.by, target: m.target })),
        results: results
          .filter((r) => r.metric_id === o.id)
          .map((r) => ({
            id: r.id,
            periodStartsOn: r.period_starts_on,
            periodEndsOn: r.period_ends_on,
            cohort: r.cohort,
            units: r.units,
            rate: r.rate,
            expected: r.expected,
            decision: r.decision,
            validatedAt: iso(r.validated_at),
          })),
      })),
      assessments: assessments.map((a) => ({
        id: a.id,
        sequence: a.sequence,
        occasion: a.occasion,
        periodFrom: a.period_from,
        periodTo: a.period_to,
        rating: rating(a.rating),
        summary: a.summary,
        assessedAt: iso(a.assessed_at),
      })),
      socialValue: commitments.map((m) => ({
        id: m.id,
        code: m.code,
        title: m.title,
        unit: m.detail.unit,
        committed: m.detail.quantities.reduce((sum, q) => sum.plus(q.quantity), new Decimal(0)).toFixed(),
        committedValue: m.detail.totalValue,
        currency,
        delivered: delivered
          .filter((d) => d.commitment_id === m.id)
          .map((d) => ({ id: d.id, year: d.contract_year, quantity: d.quantity, acceptedAt: iso(d.reviewed_at) })),
      })),
    },
  };
}
