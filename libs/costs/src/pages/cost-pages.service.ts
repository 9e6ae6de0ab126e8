import { Injectable } from '@nestjs/common';
import { Decimal } from 'decimal.js';
import type { Principal } from '#platform';
import { errorFor, type FieldError, type FormFields, formText, pounds } from '#web';
import { COST_CLASSIFICATIONS, COST_PHASES, PHASE_NAMES } from '../core/classifications.js';
import { COST_BEARERS, COST_TYPES } from '../core/ledger-rules.js';
import { ContractCosts } from '../figures/contract-costs.service.js';
import { Ledgers } from '../ledger/ledgers.service.js';
import { PAYMENT_MECHANISMS } from '../portfolio/portfolio.dto.js';
import { Portfolio } from '../portfolio/portfolio.service.js';
import { cumulativeChart, waterfallChart } from './cost-charts.js';
import { COST_RECORDERS } from '../cost-roles.js';

const BEARER_NAMES: Record<string, string> = { authority: 'The authority', provider: 'The provider', other: 'Someone else' };
const TYPE_NAMES: Record<string, string> = { purchased: 'Purchased', staff_time: 'Staff time (hours × rate)', in_kind: 'In kind', other: 'Other' };
const SOURCE_NAMES: Record<string, string> = {
  entered: 'Recorded',
  imported: 'Imported',
  payment: 'Payment paid',
  signature: 'Contract signed',
  change: 'Change signed',
  reversal: 'Reversal',
};
const MECHANISM_NAMES: Record<string, string> = {
  fixed_fee: 'Fixed fee',
  fixed_fee_plus_outcomes: 'Fixed fee plus outcomes',
  payment_by_results: 'Payment by results',
  grant: 'Grant',
};
const money = (v: string | null) => (v === null ? '–' : pounds(v));
const percent = (ratio: string | null) => (ratio === null ? '–' : `${new Decimal(ratio).times(100).toFixed(1)}%`);
const signed = (v: string) => (new Decimal(v).isPositive() ? `+${pounds(v)}` : pounds(v));

/**
 * The whole-life cost pages' data (issue 15, items 6 and 8): a contract's figures, charts with their
 * tables, the ten-year view, its ledger with the forms to record and reverse; and the portfolio. Built from
 * the same services as the API, in the request's transaction.
 */
@Injectable()
export class CostPages {
  constructor(
    private readonly costs: ContractCosts,
    private readonly ledgers: Ledgers,
    private readonly portfolio: Portfolio,
  ) {}

  async contract(principal: Principal, id: string, form: FormFields, errors: FieldError[], notice: string | null) {
    const f = await this.costs.figures(id);
    const entries = await this.ledgers.list({ contractId: id }, { limit: 500 });
    const canRecord = principal.roles.some((r) => (COST_RECORDERS as readonly string[]).includes(r));
    const e = f.erosion;
    const v = (name: string) => formText(form[`entry-${name}`]);
    return {
      title: `Whole-life cost: ${f.contract.reference}`,
      notice,
      errors,
      contract: f.contract,
      asOf: f.asOf,
      settingsNote:
        f.settings.source === 'default'
          ? 'an illustrative GDP deflator and the Green Book discount schedule (the defaults)'
          : `the authority's settings, version ${f.settings.version}`,
      summary: [
        { key: 'Spent so far (nominal)', value: pounds(f.actual.nominal) },
        { key: `In ${f.baseYear} prices (real)`, value: pounds(f.actual.real) },
        { key: `Present cost at the award, ${f.baseDate}`, value: pounds(f.actual.present) },
        { key: 'Paid for the service', value: pounds(f.actual.servicePayments) },
        { key: 'Everything else (transaction costs)', value: pounds(f.actual.transactionCosts) },
        { key: 'Transaction cost ratio', value: percent(f.actual.transactionCostRatio) },
        { key: 'Committed (value at award and changes)', value: pounds(f.committed.total) },
      ],
      byPhase: f.actual.byPhase.map((p) => ({ name: p.name, nominal: pounds(p.nominal) })),
      cycleNote: f.cycle
        ? new Decimal(f.cycle.share.value).eq(f.cycle.share.of)
          ? 'Its commissioning cycle’s costs count in full: the cycle led to this contract alone.'
          : `Its commissioning cycle’s costs count in proportion to its value at award, ${pounds(f.cycle.share.value)} of ${pounds(f.cycle.share.of)}.`
        : 'It came from no commissioning cycle: no development or procurement costs are shared in.',
      cumulative: cumulativeChart(
        f.cumulative,
        [
          { label: 'Value at award', value: f.contract.awardedValue, css: 'cw-wlc-award' },
          { label: 'In-house comparator', value: e?.comparatorNow ?? null, css: 'cw-wlc-comparator' },
        ],
        f.asOf,
      ),
      cumulativeRows: f.cumulative.map((p) => ({ on: p.on, total: pounds(p.total) })),
      erosion: e && {
        claimed: pounds(e.claimed),
        now: pounds(e.now),
        eroded: percent(e.erodedShare),
        comparatorAtAward: pounds(e.comparatorAtAward),
        comparatorNow: pounds(e.comparatorNow),
        steps: e.steps.map((s) => ({ name: s.name, amount: signed(s.amount) })),
        chart: waterfallChart(e.claimed, e.steps, e.now),
        series: e.series.map((p) => ({ on: p.on, comparator: pounds(p.comparator), cost: pounds(p.cost), saving: pounds(p.saving) })),
      },
      coproduction: {
        any: f.coproduction.people > 0,
        rate: pounds(f.coproduction.shadowWageRate),
        hours: f.coproduction.hours,
        people: f.coproduction.people,
        value: pounds(f.coproduction.value),
        individual: f.coproduction.individual,
        collective: f.coproduction.collective,
        perOutcome: f.coproduction.costPerOutcome && {
          outcomes: f.coproduction.costPerOutcome.outcomes,
          without: pounds(f.coproduction.costPerOutcome.withoutCitizens),
          with: pounds(f.coproduction.costPerOutcome.withCitizens),
        },
      },
      tenYear: {
        years: f.tenYear.years.map((y) => ({
          year: y.year,
          from: y.from,
          to: y.to,
          actual: pounds(y.actual),
          forecast: pounds(y.forecast),
          options: pounds(y.options),
          comparator: money(y.comparator),
          comparatorWithOptions: money(y.comparatorWithOptions),
        })),
        runRate: pounds(f.tenYear.runRatePerMonth),
        beforeStart: pounds(f.tenYear.beforeStart),
        totals: Object.fromEntries(Object.entries(f.tenYear.totals).map(([k, x]) => [k, money(x)])),
      },
      entries: entries.items.map((x) => ({
        ...x,
        amountText: pounds(x.amount),
        bearerText: BEARER_NAMES[x.bearer],
        typeText: x.type === 'staff_time' ? `${x.hours} hours at ${pounds(x.hourlyRate!)}` : TYPE_NAMES[x.type],
        sourceText: SOURCE_NAMES[x.source],
        committed: x.basis === 'committed',
        reversible: canRecord && (x.source === 'entered' || x.source === 'imported') && !x.reversedBy,
        reasonError: errorFor(errors, `reversal-${x.id}`),
      })),
      moreEntries: entries.next !== null,
      canRecord,
      form: {
        occurredOn: v('occurredOn'),
        amount: v('amount'),
        hours: v('hours'),
        hourlyRate: v('hourlyRate'),
        description: v('description'),
      },
      formError: Object.fromEntries(
        ['occurredOn', 'amount', 'bearer', 'type', 'classification', 'hours', 'hourlyRate', 'description', 'form'].map((k) => [
          k,
          errorFor(errors, `entry-${k}`),
        ]),
      ),
      bearerOptions: COST_BEARERS.map((b) => ({ value: b, text: BEARER_NAMES[b], checked: (v('bearer') || 'authority') === b })),
      typeOptions: COST_TYPES.map((t) => ({ value: t, text: TYPE_NAMES[t], selected: (v('type') || 'purchased') === t })),
      classificationGroups: COST_PHASES.map((phase) => ({
        label: PHASE_NAMES[phase],
        options: COST_CLASSIFICATIONS.filter((c) => c.phase === phase && !c.service).map((c) => ({
          value: c.code,
          text: c.name,
          selected: v('classification') === c.code,
        })),
      })),
    };
  }

  async portfolioPage(query: { serviceCategory?: string; paymentMechanism?: string; provider?: string }) {
    // A filter from an edited address that is no filter shows every contract.
    const filter = {
      serviceCategory: query.serviceCategory && /^[a-z0-9][a-z0-9-]{0,59}$/.test(query.serviceCategory) ? query.serviceCategory : undefined,
      paymentMechanism: (PAYMENT_MECHANISMS as readonly string[]).includes(query.paymentMechanism ?? '') ? query.paymentMechanism : undefined,
      providerId: query.provider && /^[0-9a-f-]{36}$/i.test(query.provider) ? query.provider : undefined,
    };
    const { items, totals, every } = await this.portfolio.view(filter);
    const categories = [...new Set(every.map((i) => i.serviceCategory).filter((c): c is string => !!c))].sort();
    const providers = [...new Map(every.map((i) => [i.provider.id, i.provider.name])).entries()].sort((a, b) => a[1].localeCompare(b[1]));
    const csv = new URLSearchParams(
      Object.entries({ serviceCategory: filter.serviceCategory, paymentMechanism: filter.paymentMechanism, provider: filter.providerId }).filter(
        (x): x is [string, string] => !!x[1],
      ),
    ).toString();
    return {
      title: 'Whole-life cost',
      rows: items.map((i) => ({
        href: `/contracts/${i.contract.id}/costs`,
        reference: i.contract.reference,
        title: i.contract.title,
        provider: i.provider.name,
        mechanism: MECHANISM_NAMES[i.paymentMechanism] ?? i.paymentMechanism,
        awardedValue: pounds(i.awardedValue),
        value: pounds(i.value),
        actual: pounds(i.actual),
        transactionCosts: pounds(i.transactionCosts),
        ratio: percent(i.transactionCostRatio),
        comparator: money(i.comparator),
        savingClaimed: money(i.savingClaimed),
        savingNow: money(i.savingNow),
        variance: signed(i.variance),
        eroding: new Decimal(i.variance).isPositive(),
      })),
      totals: {
        ...totals,
        awardedValue: pounds(totals.awardedValue),
        value: pounds(totals.value),
        actual: pounds(totals.actual),
        transactionCosts: pounds(totals.transactionCosts),
        variance: signed(totals.variance),
      },
      categoryOptions: [
        { value: '', text: 'Any service', selected: !filter.serviceCategory },
        ...categories.map((c) => ({ value: c, text: c, selected: c === filter.serviceCategory })),
      ],
      providerOptions: [
        { value: '', text: 'Any provider', selected: !filter.providerId },
        ...providers.map(([id, name]) => ({ value: id, text: name, selected: id === filter.providerId })),
      ],
      mechanismOptions: [
        { value: '', text: 'Any payment mechanism', selected: !filter.paymentMechanism },
        ...PAYMENT_MECHANISMS.map((m) => ({ value: m, text: MECHANISM_NAMES[m], selected: m === filter.paymentMechanism })),
      ],
      csvHref: `/costs/portfolio.csv${csv ? `?${csv}` : ''}`,
    };
  }
}
