import type { DashboardMeasure } from '../delivery/dashboard.js';
import { pounds } from '#web';

const LABEL_WIDTH = 260;
const BAR_WIDTH = 420;
const BAR_HEIGHT = 14;
const ROW = 2 * BAR_HEIGHT + 14;

/**
 * Committed against delivered as an SVG chart (issue 6 item 9): for each measure and contract year two
 * bars on one scale of proxy pounds, committed (outline) and delivered as accepted (filled). Pure: numbers
 * for the template, which draws it; the same figures are in the table beside it for screen readers.
 */
export function deliveryChart(measures: DashboardMeasure[]) {
  const rows = measures.flatMap((m) =>
    m.years.map((y) => ({ label: `${m.code}, year ${y.year}`, committed: Number(y.committedValue), delivered: Number(y.deliveredValue), status: y.status })),
  );
  const top = Math.max(1, ...rows.map((r) => Math.max(r.committed, r.delivered)));
  const scale = (v: number) => ((v / top) * BAR_WIDTH).toFixed(2);
  return {
    width: LABEL_WIDTH + BAR_WIDTH + 120,
    height: Math.max(1, rows.length) * ROW,
    labelWidth: LABEL_WIDTH,
    barHeight: BAR_HEIGHT,
    rows: rows.map((r, i) => ({
      ...r,
      y: i * ROW,
      y2: i * ROW + BAR_HEIGHT + 2,
      textY: i * ROW + BAR_HEIGHT,
      committedWidth: scale(r.committed),
      deliveredWidth: scale(r.delivered),
      committedText: pounds(r.committed.toFixed(2)),
      deliveredText: pounds(r.delivered.toFixed(2)),
      endX: LABEL_WIDTH + BAR_WIDTH + 8,
    })),
    description: rows.map((r) => `${r.label}: committed ${pounds(r.committed.toFixed(2))}, delivered ${pounds(r.delivered.toFixed(2))}`).join('. '),
  };
}
