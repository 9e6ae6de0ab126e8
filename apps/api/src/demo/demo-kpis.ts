import type { EntityManager } from 'typeorm';
import { type Contract, ContractKpi, derivedRating, KPI_RATINGS, KpiMeasurement, kpiRating, kpiResults, PerformanceAssessment, termEnd } from '#contracts';
import { addDays } from '#kernel';
import { newId } from '#platform';
import { at } from './demo-clock.js';

/** A demo KPI: its thresholds, and its value in each quarter by the quarter's number. */
export type DemoKpi = Pick<ContractKpi, 'code' | 'title' | 'unit' | 'direction' | 'good' | 'approaching' | 'requiresImprovement'> & {
  value: (quarter: number) => number;
};

/** One yearly assessment: its summary and, if the contract manager rated the year one step below the KPIs, why. */
export interface DemoAssessment {
  summary: string;
  ratedDown?: string;
}

/** KPIs set before signature, each measured a fortnight after every quarter that has ended, rated as the service rates them. */
export async function seedKpis(em: EntityManager, c: Contract, quarters: { number: number; endsOn: string }[], contractManager: string, defs: DemoKpi[]) {
  const kpis = defs.map(({ value: _value, ...k }) => ({
    id: newId(),
    tenantId: c.tenantId,
    contractId: c.id,
    ...k,
    createdBy: contractManager,
    createdAt: c.awardedAt,
    version: 1,
  }));
  await em.insert(ContractKpi, kpis);
  const measurements: KpiMeasurement[] = kpis.flatMap((k, i) =>
    quarters.map((q) => {
      const value = String(defs[i].value(q.number));
      return {
        id: newId(),
        tenantId: c.tenantId,
        kpiId: k.id,
        contractId: c.id,
        providerId: c.providerId,
        periodEndsOn: q.endsOn,
        value,
        rating: kpiRating(k, value),
        note: null,
        recordedBy: contractManager,
        recordedAt: at(addDays(q.endsOn, 14)),
      };
    }),
  );
  await em.insert(KpiMeasurement, measurements);
  return kpis.map((k) => ({ ...k, measurements: measurements.filter((m) => m.kpiId === k.id) }));
}

/**
 * The yearly performance assessments (s.71) made so far, one per DemoAssessment, each a month after its
 * contract year ended, rated from the KPIs' results as the service derives it.
 */
export async function seedAssessments(
  em: EntityManager,
  c: Contract,
  kpis: Parameters<typeof kpiResults>[0],
  contractManager: string,
  years: DemoAssessment[],
) {
  const rows: PerformanceAssessment[] = [];
  let from = c.startsOn;
  for (const [i, year] of years.entries()) {
    const to = termEnd(from, 1);
    const results = kpiResults(kpis, from, to);
    const derived = derivedRating(results)!;
    const ratedDown = year.ratedDown && derived !== 'inadequate' ? year.ratedDown : null;
    rows.push({
      id: newId(),
      tenantId: c.tenantId,
      contractId: c.id,
      providerId: c.providerId,
      sequence: i + 1,
      occasion: 'yearly',
      periodFrom: from,
      periodTo: to,
      kpiResults: results,
      derivedRating: derived,
      rating: ratedDown ? KPI_RATINGS[KPI_RATINGS.indexOf(derived) + 1] : derived,
      overrideReason: ratedDown,
      summary: year.summary,
      assessedBy: contractManager,
      assessedAt: at(addDays(to, 30)),
    });
    from = addDays(to, 1);
  }
  await em.insert(PerformanceAssessment, rows);
}
