import { Decimal } from 'decimal.js';
import { pounds2 as money } from '#kernel';

/**
 * Committed against delivered, by measure and contract year (docs/domain.md section 6; issue 6 item 9). Pure.
 * For each year the newest report counts: accepted (delivered), awaiting review, or queried (to report
 * again). Values are quantity × the proxy value committed at award, in pounds to 2 places.
 */
export interface CommitmentLine {
  id: string;
  code: string;
  title: string;
  unit: string;
  proxyValue: string;
  quantities: { year: number; quantity: string }[];
}
export interface ReportLine {
  id: string;
  commitmentId: string;
  year: number;
  quantity: string;
  reportedAt: string;
  review: { outcome: 'accepted' | 'queried'; note: string } | null;
}
export type YearStatus = 'not-reported' | 'awaiting-review' | 'accepted' | 'queried';

export interface DashboardYear {
  year: number;
  committed: string;
  reported: string | null;
  delivered: string;
  status: YearStatus;
  reportId: string | null;
  note: string | null;
  committedValue: string;
  deliveredValue: string;
}
export interface DashboardMeasure {
  commitmentId: string;
  code: string;
  title: string;
  unit: string;
  proxyValue: string;
  years: DashboardYear[];
  committedValue: string;
  deliveredValue: string;
}

export function deliveryDashboard(
  commitments: CommitmentLine[],
  reports: ReportLine[],
): { measures: DashboardMeasure[]; committedValue: string; deliveredValue: string } {
  let committedTotal = new Decimal(0);
  let deliveredTotal = new Decimal(0);
  const measures = commitments.map((c): DashboardMeasure => {
    const proxy = new Decimal(c.proxyValue);
    const years = new Set([...c.quantities.map((q) => q.year), ...reports.filter((r) => r.commitmentId === c.id).map((r) => r.year)]);
    let committedValue = new Decimal(0);
    let deliveredValue = new Decimal(0);
    const rows = [...years]
      .sort((a, b) => a - b)
      .map((year): DashboardYear => {
        const committed = new Decimal(c.quantities.find((q) => q.year === year)?.quantity ?? 0);
        const newest = reports.filter((r) => r.commitmentId === c.id && r.year === year).sort((a, b) => b.reportedAt.localeCompare(a.reportedAt))[0];
        const status: YearStatus = !newest ? 'not-reported' : !newest.review ? 'awaiting-review' : newest.review.outcome;
        const delivered = status === 'accepted' ? new Decimal(newest!.quantity) : new Decimal(0);
        committedValue = committedValue.plus(committed.times(proxy));
        deliveredValue = deliveredValue.plus(delivered.times(proxy));
        return {
          year,
          committed: committed.toFixed(),
          reported: newest ? new Decimal(newest.quantity).toFixed() : null,
          delivered: delivered.toFixed(),
          status,
          reportId: newest?.id ?? null,
          note: newest?.review?.note || null,
          committedValue: money(committed.times(proxy)),
          deliveredValue: money(delivered.times(proxy)),
        };
      });
    committedTotal = committedTotal.plus(committedValue);
    deliveredTotal = deliveredTotal.plus(deliveredValue);
    return {
      commitmentId: c.id,
      code: c.code,
      title: c.title,
      unit: c.unit,
      proxyValue: c.proxyValue,
      years: rows,
      committedValue: money(committedValue),
      deliveredValue: money(deliveredValue),
    };
  });
  return { measures, committedValue: money(committedTotal), deliveredValue: money(deliveredTotal) };
}
