import { CATEGORIES, type EngineResult } from '#scoring';
import { type EvaluationModel } from '#tendering';
import { markedCriteria } from '../evaluation-bundle.js';
import { label } from '#web';

/** The chart's scale: 100 points of the total across this many pixels. */
const BAR_WIDTH = 500;
const BAR_HEIGHT = 28;
const LABEL_WIDTH = 290;

/**
 * The evaluation matrix as the page shows it: bids (best first) by marked criteria, each cell's mark
 * with a heat level (the number is always printed too: colour is never the only cue), and the weighted
 * contributions of the four categories as a stacked bar chart drawn in SVG.
 */
export function evaluationMatrix(model: EvaluationModel, result: EngineResult, bidders: Map<string, string>) {
  const criteria = markedCriteria(model);
  const ordered = result.bids.slice().sort((a, b) => (a.rank ?? Infinity) - (b.rank ?? Infinity) || a.bidId.localeCompare(b.bidId));
  const rows = ordered.map((b) => ({
    bidder: bidders.get(b.bidId) ?? 'Bidder',
    rank: b.rank ?? 'Not ranked',
    total: b.total,
    priceScore: b.priceScore,
    status: b.rejected
      ? `Rejected: ${b.rejected}`
      : b.excludedFor?.length
        ? `Excluded: ${b.excludedFor.map((e) => e.detail).join('; ')}`
        : b.excludedBy.length
          ? `Excluded: below the minimum on ${b.excludedBy.map((e) => e.criterion).join(', ')}`
          : '',
    flags: b.flags.map(flagText).join('; '),
    cells: criteria.map((c) => {
      const cell = b.criteria.find((x) => x.key === c.key)!;
      const heat = cell.raw === null ? 'none' : String(Math.round((cell.raw / c.scaleMax) * 4));
      return { mark: cell.raw === null ? '–' : String(cell.raw), of: c.scaleMax, heat, contribution: cell.contribution };
    }),
  }));
  const bars = ordered.map((b, i) => {
    let x = LABEL_WIDTH;
    const segments = CATEGORIES.map((cat) => {
      const points = Number(b.categories[cat]);
      const width = (Math.max(0, points) / 100) * BAR_WIDTH;
      const seg = {
        category: cat.replace(/_/g, '-'),
        x: x.toFixed(2),
        width: width.toFixed(2),
        title: `${label(cat)}: ${b.categories[cat] ?? 'not scored'}${b.categories[cat] === null ? '' : ' points'}`,
      };
      x += width;
      return seg;
    });
    return {
      y: i * (BAR_HEIGHT + 10),
      textY: i * (BAR_HEIGHT + 10) + BAR_HEIGHT / 2 + 5,
      bidder: bidders.get(b.bidId) ?? 'Bidder',
      total: b.total,
      totalX: (x + 6).toFixed(2),
      segments,
    };
  });
  return {
    criteria: criteria.map((c) => ({ key: c.key, title: c.title })),
    rows,
    chart: {
      width: LABEL_WIDTH + BAR_WIDTH + 90,
      height: Math.max(1, bars.length) * (BAR_HEIGHT + 10),
      barHeight: BAR_HEIGHT,
      bars,
      legend: CATEGORIES.map((c) => ({ category: c.replace(/_/g, '-'), text: label(c) })),
      description: bars
        .map((b) => `${b.bidder}: ${b.total === null ? 'not scored' : `${b.total} points`} (${b.segments.map((s) => s.title).join(', ')})`)
        .join('. '),
    },
  };
}

const flagText = (flag: string) => {
  if (flag === 'abnormally-low:mean-of-others') return 'abnormally low (below the mean of the others)';
  if (flag === 'abnormally-low:next-lowest') return 'abnormally low (below the next lowest)';
  if (flag === 'tie-unbroken') return 'tie not broken by the declared rules';
  if (flag === 'passed-over:lot-cap') return 'passed over: lot cap';
  if (flag.startsWith('evaluator-variance:')) return `evaluators differed widely on ${flag.slice('evaluator-variance:'.length)}`;
  return flag;
};
