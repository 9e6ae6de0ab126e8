import { Decimal } from 'decimal.js';
import type { KpiRating } from '../kpis/kpi-rules.js';

/** The KPI section of a contract's pages: each KPI, its thresholds and its measurements with their ratings. Pure. */
type KpiList = {
  items: {
    id: string;
    code: string;
    title: string;
    unit: string;
    direction: 'higher' | 'lower';
    thresholds: { good: string; approaching: string; requiresImprovement: string };
    measurements: { periodEndsOn: string; value: string; rating: KpiRating; ratingName: string }[];
  }[];
};

/** Each rating's tag colour, wherever a rating shows (a measurement, an assessment). */
export const RATING_COLOURS: Record<KpiRating, string> = { good: 'green', approaching_target: 'yellow', requires_improvement: 'orange', inadequate: 'red' };
const number = (v: string) => new Decimal(v).toString();

export function kpiPanels(list: KpiList, formErrors: Record<string, string[]>) {
  return list.items.map((k) => {
    const [g, a, r] = [k.thresholds.good, k.thresholds.approaching, k.thresholds.requiresImprovement].map(number);
    const beyond = k.direction === 'higher' ? 'at least' : 'at most';
    return {
      id: k.id,
      formId: `kpi-${k.id}`,
      heading: `${k.code}: ${k.title}`,
      thresholds: `Good ${beyond} ${g}; approaching target ${beyond} ${a}; requires improvement ${beyond} ${r}; otherwise inadequate (${k.unit}, ${k.direction === 'higher' ? 'more' : 'less'} is better)`,
      measurements: k.measurements.map((m) => ({
        periodEndsOn: m.periodEndsOn,
        value: number(m.value),
        tag: { text: m.ratingName, colour: RATING_COLOURS[m.rating] },
      })),
      errors: formErrors[`kpi-${k.id}`] ?? [],
    };
  });
}
