import { Injectable, StreamableFile } from '@nestjs/common';
import { Decimal } from 'decimal.js';
import { csvFile } from '#kernel';
import { RequestDb } from '#platform';
import { portfolioRow } from '../core/portfolio.js';
import { type PortfolioFilter, portfolioSums, type PortfolioSumsRow } from './portfolio.query.js';

const row = (r: PortfolioSumsRow) => ({
  contract: { id: r.id, reference: r.reference, title: r.title, status: r.status },
  provider: { id: r.provider_id, name: r.provider },
  paymentMechanism: r.payment_mechanism,
  serviceCategory: r.service_category,
  awardedValue: r.awarded_value,
  value: r.value,
  ...portfolioRow({
    awardedValue: r.awarded_value,
    value: r.value,
    startsOn: r.starts_on,
    endsOn: r.ends_on,
    endsOnAtAward: r.ends_on_at_award,
    actual: r.actual,
    service: r.service,
    deductions: r.deductions,
    comparator: r.comparator_cost === null || !r.comparator_months ? null : { cost: r.comparator_cost, lengthMonths: r.comparator_months },
  }),
});

export type PortfolioRow = ReturnType<typeof row>;

export const PORTFOLIO_COLUMNS = [
  'reference',
  'title',
  'provider',
  'service_category',
  'payment_mechanism',
  'awarded_value',
  'value',
  'actual',
  'transaction_costs',
  'transaction_cost_ratio',
  'comparator',
  'saving_claimed',
  'saving_now',
  'variance',
] as const;

/**
 * Every contract's whole-life cost against its value at award and the in-house comparator, largest
 * variance first (then by reference), with the totals; filtered by service category, provider and payment mechanism.
 */
@Injectable()
export class Portfolio {
  constructor(private readonly db: RequestDb) {}

  async rows(filter: PortfolioFilter) {
    const { items, totals } = await this.view(filter);
    return { items, totals };
  }

  /** The rows the filter chooses with their totals, and every row (the page offers its choices from them), from one read. */
  async view(filter: PortfolioFilter) {
    // Each row's variance as a decimal once, not once a comparison.
    const every = (await portfolioSums(this.db.manager))
      .map((sums) => {
        const r = row(sums);
        return { r, by: new Decimal(r.variance) };
      })
      .sort((a, b) => b.by.cmp(a.by) || (a.r.contract.reference < b.r.contract.reference ? -1 : a.r.contract.reference > b.r.contract.reference ? 1 : 0))
      .map((x) => x.r);
    const items = every.filter(
      (i) =>
        (!filter.serviceCategory || i.serviceCategory === filter.serviceCategory) &&
        (!filter.providerId || i.provider.id === filter.providerId) &&
        (!filter.paymentMechanism || i.paymentMechanism === filter.paymentMechanism),
    );
    const total = (k: 'awardedValue' | 'value' | 'actual' | 'transactionCosts' | 'variance') => items.reduce((s, i) => s.plus(i[k]), new Decimal(0)).toFixed(2);
    return {
      items,
      totals: {
        contracts: items.length,
        awardedValue: total('awardedValue'),
        value: total('value'),
        actual: total('actual'),
        transactionCosts: total('transactionCosts'),
        variance: total('variance'),
      },
      every,
    };
  }

  async export(filter: PortfolioFilter): Promise<StreamableFile> {
    const { items } = await this.rows(filter);
    const lines = items.map((i) => [
      i.contract.reference,
      i.contract.title,
      i.provider.name,
      i.serviceCategory ?? '',
      i.paymentMechanism,
      i.awardedValue,
      i.value,
      i.actual,
      i.transactionCosts,
      i.transactionCostRatio ?? '',
      i.comparator ?? '',
      i.savingClaimed ?? '',
      i.savingNow ?? '',
      i.variance,
    ]);
    return new StreamableFile(Buffer.from(csvFile(PORTFOLIO_COLUMNS, lines), 'utf8'), {
      type: 'text/csv; charset=utf-8',
      disposition: 'attachment; filename="whole-life-cost-portfolio.csv"',
    });
  }
}
