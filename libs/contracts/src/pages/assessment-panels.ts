import { Decimal } from 'decimal.js';
import { KPI_RATINGS, type KpiRating, RATING_NAMES } from '../kpis/kpi-rules.js';
import type { AssessmentView, PerformanceAssessments } from '../assessments/performance-assessments.service.js';
import { RATING_COLOURS } from './kpi-panels.js';

/** The assessments section of a contract's pages, and the contract performance notice (s.71). Pure. */
type AssessmentList = Awaited<ReturnType<PerformanceAssessments['list']>>;
type KpiRow = AssessmentView['kpiResults'][number];

const DUE_TAGS = {
  'not-yet': { text: 'Not due yet', colour: 'grey' },
  open: { text: 'Due soon', colour: 'yellow' },
  overdue: { text: 'Overdue', colour: 'red' },
} as const;

const ratingTag = (r: KpiRating | null) => (r ? { text: RATING_NAMES[r], colour: RATING_COLOURS[r] } : { text: 'Not measured', colour: 'grey' });

/** Each KPI's line in an assessment: how often it was measured, its ratings and the one it earned for the period. */
export const kpiRows = (rows: readonly KpiRow[]) =>
  rows.map((r) => ({
    heading: `${r.code}: ${r.title}`,
    measured: r.measured,
    counts: KPI_RATINGS.filter((k) => r.counts[k] > 0)
      .map((k) => `${RATING_NAMES[k].toLowerCase()} ${r.counts[k]}`)
      .join(', '),
    latest: r.latest ? `${new Decimal(r.latest.value).toString()} ${r.unit}, period ending ${r.latest.periodEndsOn}` : '',
    tag: ratingTag(r.rating),
    ocds: r.ocdsRating ?? '',
  }));

export function assessmentPanels(list: AssessmentList, href: (id: string) => string) {
  const next = list.next;
  return {
    next: next && {
      from: next.from,
      dueBy: next.dueBy,
      final: next.final,
      tag: DUE_TAGS[next.status],
      latestTo: next.latestTo,
      canRecordNow: next.latestTo >= next.from,
      kpis: kpiRows(next.kpiResults),
      derived: next.derivedRatingName,
    },
    items: list.items.map((a) => ({
      href: href(a.id),
      number: a.number,
      period: `${a.periodFrom} to ${a.periodTo}`,
      occasion: a.occasion === 'final' ? 'Final' : 'Yearly',
      tag: ratingTag(a.rating),
      overridden: a.overridden,
    })),
  };
}

/** A recorded assessment as its printable notice. */
export function noticePage(n: Awaited<ReturnType<PerformanceAssessments['notice']>>, pounds: (v: string) => string) {
  const a = n.assessment;
  return {
    title: `Contract performance notice ${n.contract.reference}-${a.number}`,
    number: `${n.contract.reference}-${a.number}`,
    authority: n.authority.name ?? '',
    provider: n.provider.name ?? '',
    contract: {
      reference: n.contract.reference,
      title: n.contract.title,
      value: pounds(n.contract.awardedValue),
      period: `${n.contract.startsOn} to ${n.contract.endsOn}`,
    },
    occasion: a.occasion === 'final' ? 'On the contract’s end' : 'Yearly',
    period: `${a.periodFrom} to ${a.periodTo}`,
    tag: ratingTag(a.rating),
    ocds: a.ocdsRating,
    derived: a.derivedRating ? RATING_NAMES[a.derivedRating] : 'None: no KPI was measured in the period',
    overrideReason: a.overridden ? a.overrideReason : null,
    summary: a.summary,
    assessedAt: a.assessedAt,
    kpis: kpiRows(a.kpiResults),
  };
}

/** The rating choices on the assessment form: the KPIs' own, or another with a reason. */
export const ratingOptions = (derived: string | null, chosen: string) => [
  ...(derived ? [{ value: 'derived', text: `The rating the KPIs give: ${derived}`, checked: chosen === 'derived' || chosen === '' }] : []),
  ...KPI_RATINGS.map((r) => ({ value: r, text: derived ? `${RATING_NAMES[r]} (give the reason below)` : RATING_NAMES[r], checked: chosen === r })),
];
