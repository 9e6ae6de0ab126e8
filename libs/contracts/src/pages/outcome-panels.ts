import { Decimal } from 'decimal.js';
import { pounds } from '#web';
import type { PeriodState } from '../outcomes/outcome-board.js';
import type { CapName } from '../outcomes/outcome-payment.js';
import type { ReviewState } from '../reviews/review-rules.js';
import type { Payments } from '../payments/payments.service.js';

/**
 * The outcome, review and payment sections of a contract's pages, for the contract manager and for the
 * provider: plain view data from the API's own answers (the board and the schedule). Pure.
 */
type Board = {
  metrics: {
    id: string;
    code: string;
    title: string;
    definition: string;
    unit: string;
    baseline: string;
    target: string;
    measurement: string;
    validationMethod: string;
    dataSource: string;
    frequency: string;
    milestones: { by: string; target: string }[];
    sharedWith: string[];
    attributionShare: string;
    pricePerUnit: string | null;
    periodCap: string | null;
    totalCap: string | null;
    contextModel: { source: string; factors: { key: string; label: string; reference: string; coefficient: string }[] } | null;
    periods: {
      number: number;
      startsOn: string;
      endsOn: string;
      state: PeriodState;
      target: string;
      reportId: string | null;
      result: { units: number; cohort: number; rate: string; expected: string; belowExpected: boolean } | null;
      payment: { amount: string; earned: string | null; cappedBy: string | null } | null;
    }[];
    totals: { units: number; earned: string; payable: string; belowExpected: number; awaiting: number };
  }[];
  reports: {
    id: string;
    metricId: string;
    period: number;
    periodStartsOn: string;
    periodEndsOn: string;
    cohort: number;
    achieved: number;
    population: Record<string, string>;
    narrative: string;
    evidence: unknown[];
    validation: { decision: string; units: number; reason: string | null } | null;
  }[];
  reviews: {
    id: string;
    metricId: string;
    period: number;
    expected: string;
    resultRate: string;
    explainBy: string;
    state: ReviewState;
    explanation: { text: string; at: string } | null;
    conclusion: { outcome: string; note: string | null; remedyDueOn: string | null; deduction: string | null } | null;
    version: number;
  }[];
};
/** The schedule as the API answers it (Payments.schedule). */
type Schedule = Awaited<ReturnType<Payments['schedule']>>;

export const percent = (rate: string) => `${new Decimal(rate).times(100).toDecimalPlaces(1).toString()}%`;

const PERIOD_TAGS: Record<PeriodState, { text: string; colour: string }> = {
  upcoming: { text: 'Upcoming', colour: 'grey' },
  'in-progress': { text: 'In progress', colour: 'blue' },
  'awaiting-report': { text: 'Awaiting report', colour: 'orange' },
  'awaiting-validation': { text: 'Awaiting validation', colour: 'yellow' },
  rejected: { text: 'Rejected: to report again', colour: 'red' },
  validated: { text: 'Validated', colour: 'green' },
};
const REVIEW_TAGS: Record<ReviewState, { text: string; colour: string }> = {
  'awaiting-explanation': { text: 'Awaiting the provider', colour: 'yellow' },
  'explanation-overdue': { text: 'Explanation overdue', colour: 'red' },
  explained: { text: 'Explained: to conclude', colour: 'blue' },
  concluded: { text: 'Concluded', colour: 'green' },
};
const PAYMENT_TAGS: Record<string, { text: string; colour: string }> = {
  scheduled: { text: 'Scheduled', colour: 'grey' },
  due: { text: 'Due', colour: 'orange' },
  approved: { text: 'Approved', colour: 'blue' },
  paid: { text: 'Paid', colour: 'green' },
};
const CAP_WORDS: Record<CapName, string> = { period: 'the period’s cap', 'metric-total': 'the outcome’s total cap', contract: 'the contract’s outcome budget' };
const CONCLUSIONS: Record<string, string> = { no_action: 'No action', remedy_plan: 'A remedy plan', deduction: 'A deduction' };
const DECISIONS: Record<string, string> = { accepted: 'Accepted', adjusted: 'Adjusted', rejected: 'Rejected' };

/** Each metric's terms and its periods, read in context. */
export function metricPanels(board: Board) {
  return board.metrics.map((m) => ({
    id: m.id,
    heading: `${m.code}: ${m.title}`,
    definition: m.definition,
    unit: m.unit,
    baseline: percent(m.baseline),
    target: percent(m.target),
    frequency: m.frequency,
    measurement: m.measurement,
    validationMethod: m.validationMethod,
    dataSource: m.dataSource,
    milestones: m.milestones.map((x) => `${percent(x.target)} by ${x.by}`).join('; '),
    shared: m.sharedWith.length ? `With ${m.sharedWith.join(', ')}: this contract is paid ${percent(m.attributionShare)} of each outcome` : null,
    price: m.pricePerUnit ? `${pounds(m.pricePerUnit)} per ${m.unit}` : 'Measured, not paid for',
    caps: [m.periodCap && `${pounds(m.periodCap)} a period`, m.totalCap && `${pounds(m.totalCap)} in all`].filter(Boolean).join('; ') || null,
    model: m.contextModel,
    periods: m.periods.map((p) => ({
      number: p.number,
      dates: `${p.startsOn} to ${p.endsOn}`,
      target: percent(p.target),
      expected: p.result ? percent(p.result.expected) : '',
      result: p.result ? `${p.result.units} of ${p.result.cohort} (${percent(p.result.rate)})` : '',
      below: p.result?.belowExpected ?? false,
      tag: PERIOD_TAGS[p.state],
      payment: p.payment
        ? `${pounds(p.payment.amount)}${p.payment.cappedBy ? ` (earned ${pounds(p.payment.earned!)}, held to ${CAP_WORDS[p.payment.cappedBy as CapName]})` : ''}`
        : '',
    })),
    totals: `${m.totals.units} validated; ${pounds(m.totals.payable)} payable${m.totals.belowExpected ? `; ${m.totals.belowExpected} below what was expected` : ''}`,
  }));
}

/** Reports waiting for the contract manager: the newest of each period, not yet validated. */
export function reportsToValidate(board: Board, formErrors: Record<string, string[]>) {
  const code = new Map(board.metrics.map((m) => [m.id, m]));
  const labels = (metricId: string) => new Map((code.get(metricId)?.contextModel?.factors ?? []).map((f) => [f.key, f.label]));
  const newest = new Set(board.metrics.flatMap((m) => m.periods.map((p) => p.reportId)).filter(Boolean));
  return board.reports
    .filter((r) => !r.validation && newest.has(r.id))
    .map((r) => ({
      id: r.id,
      formId: `validate-${r.id}`,
      heading: `${code.get(r.metricId)?.code ?? ''} period ${r.period} (${r.periodStartsOn} to ${r.periodEndsOn})`,
      figures: `${r.achieved} of ${r.cohort}`,
      population: Object.entries(r.population).map(([k, v]) => ({ label: labels(r.metricId).get(k) ?? k, value: v })),
      narrative: r.narrative,
      evidence: r.evidence.length,
      errors: formErrors[`validate-${r.id}`] ?? [],
    }));
}

/** Every report as a history line, with its validation. */
export function reportHistory(board: Board) {
  const code = new Map(board.metrics.map((m) => [m.id, m.code]));
  return board.reports.map((r) => ({
    heading: `${code.get(r.metricId) ?? ''} period ${r.period}`,
    figures: `${r.achieved} of ${r.cohort}`,
    decision: r.validation
      ? `${DECISIONS[r.validation.decision]}${r.validation.decision === 'adjusted' ? ` to ${r.validation.units}` : ''}`
      : 'Awaiting validation',
    reason: r.validation?.reason ?? null,
  }));
}

export function reviewPanels(board: Board, formErrors: Record<string, string[]>) {
  const code = new Map(board.metrics.map((m) => [m.id, `${m.code}: ${m.title}`]));
  return board.reviews.map((r) => ({
    id: r.id,
    formId: `review-${r.id}`,
    heading: `${code.get(r.metricId) ?? ''}, period ${r.period}`,
    result: percent(r.resultRate),
    expected: percent(r.expected),
    explainBy: r.explainBy,
    tag: REVIEW_TAGS[r.state],
    open: r.state !== 'concluded',
    explained: !!r.explanation,
    explanation: r.explanation?.text ?? null,
    conclusion: r.conclusion
      ? `${CONCLUSIONS[r.conclusion.outcome]}${r.conclusion.deduction ? ` of ${pounds(r.conclusion.deduction)}` : ''}${r.conclusion.remedyDueOn ? `, due by ${r.conclusion.remedyDueOn}` : ''}: ${r.conclusion.note}`
      : null,
    version: r.version,
    errors: formErrors[`review-${r.id}`] ?? [],
  }));
}

export function paymentPanel(schedule: Schedule, formErrors: Record<string, string[]>, today: string) {
  return {
    lines: schedule.items.map((l) => ({
      id: l.id,
      formId: `payment-${l.id}`,
      label: l.label,
      dueOn: l.dueOn,
      amount: l.kind === 'deduction' ? `−${pounds(l.amount)}` : pounds(l.amount),
      note: l.cappedBy ? `Earned ${pounds(l.earned!)}, held to ${CAP_WORDS[l.cappedBy]}` : null,
      tag: PAYMENT_TAGS[l.state],
      due: l.state === 'due',
      approved: l.state === 'approved',
      paidOn: l.paid?.on ?? null,
      version: l.version,
      errors: formErrors[`payment-${l.id}`] ?? [],
    })),
    totals: {
      fixedFee: pounds(schedule.totals.fixedFee),
      outcomes: pounds(schedule.totals.outcomes),
      deductions: pounds(schedule.totals.deductions),
      changes: pounds(schedule.totals.changes),
      hasChanges: schedule.totals.changes !== '0.00',
      paid: pounds(schedule.totals.paid),
      net: pounds(schedule.totals.net),
    },
    today,
  };
}

/** What a provider may report: each metric's ended periods with no report waiting or validated, and the metric's context fields. */
export function reportForms(board: Board, formErrors: Record<string, string[]>) {
  return board.metrics
    .map((m) => ({
      metricId: m.id,
      formId: `report-${m.id}`,
      heading: `${m.code}: ${m.title}`,
      periods: m.periods
        .filter((p) => p.state === 'awaiting-report' || p.state === 'rejected')
        .map((p) => ({ value: p.number, text: `Period ${p.number}: ${p.startsOn} to ${p.endsOn}` })),
      factors: (m.contextModel?.factors ?? []).map((f) => ({ key: f.key, label: f.label, id: `report-${m.id}-${f.key}` })),
      errors: formErrors[`report-${m.id}`] ?? [],
    }))
    .filter((f) => f.periods.length);
}
