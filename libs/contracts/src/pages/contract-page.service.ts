import { Injectable } from '@nestjs/common';
import { londonToday } from '#kernel';
import type { Principal } from '#platform';
import { errorFor, type FieldError, type FormFields, formText, pounds } from '#web';
import { CONTRACT_TAGS, PAYMENT_MECHANISMS } from '../contract/contract-rules.js';
import { Contracts, type ContractView } from '../contract/contracts.service.js';
import { OutcomeReports } from '../outcomes/outcome-reports.service.js';
import { FREQUENCIES } from '../outcomes/reporting-periods.js';
import { Payments } from '../payments/payments.service.js';
import { Kpis } from '../kpis/kpis.service.js';
import { kpiPanels } from './kpi-panels.js';
import { PerformanceAssessments } from '../assessments/performance-assessments.service.js';
import { assessmentPanels, ratingOptions } from './assessment-panels.js';
import { ContractChanges } from '../changes/contract-changes.service.js';
import { changePanels, groundOptions } from './change-panels.js';
import { metricPanels, paymentPanel, reportForms, reportHistory, reportsToValidate, reviewPanels } from './outcome-panels.js';

export const MANAGERS = ['commissioner', 'contract_manager'] as const;

const STATUS_TAGS: Record<ContractView['status'], { text: string; colour: string }> = {
  pending: { text: 'Pending signature', colour: 'yellow' },
  active: { text: 'Active', colour: 'green' },
  expired: { text: 'Expired', colour: 'grey' },
  terminated: { text: 'Terminated', colour: 'red' },
};
const MECHANISM_NAMES: Record<ContractView['paymentMechanism'], string> = {
  fixed_fee: 'Fixed fee',
  fixed_fee_plus_outcomes: 'Fixed fee plus outcome payments',
  payment_by_results: 'Payment by results only',
  grant: 'Grant',
};
const TAG_NAMES: Record<ContractView['tag'], string> = { operational: 'Operational', 'whole-system': 'Whole-system' };
/** The metric form's fields, each named `metric-<field>` on the page. */
const METRIC_FIELDS = [
  'code',
  'title',
  'definition',
  'unit',
  'baseline',
  'target',
  'measurement',
  'validationMethod',
  'dataSource',
  'frequency',
  'pricePerUnit',
  'periodCap',
  'totalCap',
  'sharedWith',
  'attributionShare',
  'modelSource',
];
const FACTOR_FIELDS = ['key', 'label', 'reference', 'coefficient'];
const KPI_FIELDS = ['code', 'title', 'unit', 'good', 'approaching', 'requiresImprovement'];
/** The metric form's factor rows: a context model of up to three characteristics from the page (the API takes ten). */
export const FACTOR_ROWS = [0, 1, 2];

/** A contract as a row of a list (and the top of its page). */
export const contractListRow = (c: ContractView, href: string) => ({
  href,
  reference: c.reference,
  title: c.title,
  provider: c.provider.name,
  value: pounds(c.awardedValue),
  valueNow: pounds(c.value),
  period: `${c.startsOn} to ${c.endsOn}`,
  mechanism: MECHANISM_NAMES[c.paymentMechanism],
  highRisk: c.highRisk,
  tag: STATUS_TAGS[c.status],
});

/** What both sides read at the top of a contract's page: its terms and the commitments it binds the provider to. */
const header = (c: ContractView & { commitments: { kind: string; title: string; statement: string }[] }) => ({
  ...contractListRow(c, ''),
  id: c.id,
  tagName: TAG_NAMES[c.tag],
  extensionOptions: c.extensionOptions.map((o) => ({ months: o.months, value: pounds(o.value), decideBy: o.decideBy })),
  termination: c.termination,
  commitments: c.commitments.map((x) => ({
    kind: x.kind === 'public_character' ? 'Public character' : 'Social value',
    title: x.title,
    statement: x.statement,
  })),
});

/** Errors sent back to one of a page's repeated forms (a report to validate, a review, a payment) by the form's id. */
const byForm = (errors: FieldError[]) => errors.reduce<Record<string, string[]>>((all, e) => ({ ...all, [e.field]: [...(all[e.field] ?? []), e.text] }), {});

/**
 * One contract's page, for the authority and for the provider that holds it: the terms and their forms,
 * the commitments, the outcomes read in context with the results to validate, the reviews, and the
 * payment schedule. Built from the same services as the API, in the page's own transaction.
 */
@Injectable()
export class ContractPage {
  constructor(
    private readonly contracts: Contracts,
    private readonly reports: OutcomeReports,
    private readonly payments: Payments,
    private readonly kpis: Kpis,
    private readonly assessments: PerformanceAssessments,
    private readonly changes: ContractChanges,
  ) {}

  async staff(principal: Principal, id: string, form: FormFields, errors: FieldError[], notice: string | null) {
    const c = await this.contracts.one(id);
    const manages = principal.roles.some((r) => (MANAGERS as readonly string[]).includes(r));
    const pending = c.status === 'pending';
    const value = (field: keyof FormFields & string, fallback: string) => (field in form ? formText(form[field]) : fallback);
    const mechanism = value('paymentMechanism', c.paymentMechanism);
    const tag = value('tag', c.tag);
    const frequency = value('metric-frequency', 'quarterly');
    const board = await this.reports.board(id);
    const schedule = await this.payments.schedule(id);
    const forms = byForm(errors);
    const kpis = await this.kpis.list(id);
    const assessments = assessmentPanels(await this.assessments.list(id, kpis), (a) => `/contracts/${id}/assessments/${a}`);
    const changes = changePanels(await this.changes.list(id), pounds, londonToday(), forms, principal.userId ?? null);
    return {
      title: `${errors.length ? 'Error: ' : ''}${c.reference}: ${c.title}`,
      notice,
      errors,
      contract: {
        ...header(c),
        version: c.version,
        tenderHref: `/authority/tenders/${c.tenderId}`,
        minimumFixedFee: c.minimumFixedFee ? pounds(c.minimumFixedFee) : null,
        kpiExemptionReason: c.kpiExemptionReason,
        riskAcceptance: c.riskAcceptance,
        activated: c.activated,
      },
      canEdit: manages && pending,
      canAcceptRisk:
        pending && c.highRisk && !c.riskAcceptance && principal.roles.some((r) => ['commissioner', 'contract_manager', 'authority_admin'].includes(r)),
      canActivate: manages && pending,
      canTerminate: manages && (c.status === 'pending' || c.status === 'active'),
      manages,
      kpis: kpiPanels(kpis, forms),
      canAddKpi: manages && pending,
      assessments,
      canAssess: manages,
      changes,
      canChange: manages && c.status === 'active' && !changes.open,
      canSettleChange: manages && c.status === 'active',
      changeForm: {
        rationale: value('change-rationale', ''),
        valueChange: value('change-valueChange', ''),
        newEndsOn: value('change-newEndsOn', ''),
        signedOn: value('change-signedOn', ''),
      },
      changeError: Object.fromEntries(['classification', 'rationale', 'valueChange', 'newEndsOn', 'form'].map((f) => [f, errorFor(errors, `change-${f}`)])),
      groundOptions: groundOptions(value('change-classification', '')),
      assessmentForm: {
        periodTo: value('assessment-periodTo', ''),
        overrideReason: value('assessment-overrideReason', ''),
        summary: value('assessment-summary', ''),
      },
      assessmentError: Object.fromEntries(['periodTo', 'rating', 'overrideReason', 'summary', 'form'].map((f) => [f, errorFor(errors, `assessment-${f}`)])),
      ratingOptions: ratingOptions(assessments.next?.derived ?? null, value('assessment-rating', '')),
      canMeasure: manages && c.status === 'active',
      kpiForm: Object.fromEntries(KPI_FIELDS.map((f) => [f, value(`kpi-${f}`, '')])),
      kpiError: Object.fromEntries([...KPI_FIELDS, 'form'].map((f) => [f, errorFor(errors, `kpi-${f}`)])),
      directionOptions: [
        { value: 'higher', text: 'More is better', checked: value('kpi-direction', 'higher') === 'higher' },
        { value: 'lower', text: 'Less is better', checked: value('kpi-direction', 'higher') === 'lower' },
      ],
      metrics: metricPanels(board),
      toValidate: manages ? reportsToValidate(board, forms) : [],
      history: reportHistory(board),
      reviews: reviewPanels(board, forms),
      payments: paymentPanel(schedule, forms, londonToday()),
      canAddMetric: manages && pending,
      frequencyOptions: FREQUENCIES.map((f) => ({ value: f, text: f[0].toUpperCase() + f.slice(1), checked: f === frequency })),
      metricForm: Object.fromEntries(METRIC_FIELDS.map((f) => [f, value(`metric-${f}`, '')])),
      metricError: Object.fromEntries(METRIC_FIELDS.map((f) => [f, errorFor(errors, `metric-${f}`)])),
      factorRows: FACTOR_ROWS.map((i) => ({
        n: i + 1,
        ...Object.fromEntries(
          FACTOR_FIELDS.map((f) => [
            f,
            { id: `metric-factor-${i}-${f}`, value: value(`metric-factor-${i}-${f}`, ''), error: errorFor(errors, `metric-factor-${i}-${f}`) },
          ]),
        ),
      })),
      form: {
        startsOn: value('startsOn', c.startsOn),
        endsOn: value('endsOn', c.endsOn),
        minimumFixedFee: value('minimumFixedFee', c.minimumFixedFee ?? ''),
        kpiExemptionReason: value('kpiExemptionReason', c.kpiExemptionReason ?? ''),
        riskNote: value('riskNote', ''),
        terminatedOn: value('terminatedOn', ''),
        terminationReason: value('terminationReason', ''),
      },
      tagOptions: CONTRACT_TAGS.map((t) => ({ value: t, text: TAG_NAMES[t], checked: t === tag })),
      mechanismOptions: PAYMENT_MECHANISMS.map((m) => ({ value: m, text: MECHANISM_NAMES[m], checked: m === mechanism })),
      error: {
        startsOn: errorFor(errors, 'startsOn'),
        endsOn: errorFor(errors, 'endsOn'),
        tag: errorFor(errors, 'tag'),
        paymentMechanism: errorFor(errors, 'paymentMechanism'),
        minimumFixedFee: errorFor(errors, 'minimumFixedFee'),
        kpiExemptionReason: errorFor(errors, 'kpiExemptionReason'),
        riskNote: errorFor(errors, 'riskNote'),
        terminatedOn: errorFor(errors, 'terminatedOn'),
        terminationReason: errorFor(errors, 'terminationReason'),
        terms: errorFor(errors, 'terms-form'),
        risk: errorFor(errors, 'risk-form'),
        activated: errorFor(errors, 'activated-form'),
        terminated: errorFor(errors, 'terminated-form'),
        metric: errorFor(errors, 'metric-form'),
      },
    };
  }

  async provider(id: string, errors: FieldError[], notice: string | null) {
    const c = await this.contracts.mineOne(id);
    const kpis = await this.kpis.list(id);
    const board = await this.reports.board(id);
    const schedule = await this.payments.schedule(id);
    const forms = byForm(errors);
    return {
      title: `${errors.length ? 'Error: ' : ''}${c.reference}: ${c.title}`,
      notice,
      errors,
      contract: header(c),
      manages: false,
      canMeasure: false,
      kpis: kpiPanels(kpis, forms),
      assessments: assessmentPanels(await this.assessments.list(id, kpis), (a) => `/my-contracts/${id}/assessments/${a}`),
      changes: changePanels(await this.changes.list(id), pounds, londonToday(), forms),
      canChange: false,
      canSettleChange: false,
      canAssess: false,
      metrics: metricPanels(board),
      history: reportHistory(board),
      reportForms: c.status === 'active' ? reportForms(board, forms) : [],
      reviews: reviewPanels(board, forms),
      payments: paymentPanel(schedule, forms, londonToday()),
    };
  }
}
