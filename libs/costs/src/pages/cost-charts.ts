import { daysBetween } from '#kernel';
import { pounds } from '#web';

/**
 * The whole-life cost page's two charts as numbers for the template to draw (issue 15, item 6). Pure.
 * Screen geometry only: the figures themselves are decimal strings from the core, and every one is in the
 * table beside its chart, which is what a screen reader reads.
 */
const WIDTH = 640;
const HEIGHT = 240;
const LEFT = 90;
const px = (n: number) => n.toFixed(1);

/** Cumulative actual cost over time, against the value at award and the comparator (horizontal lines). */
export function cumulativeChart(series: { on: string; total: string }[], lines: { label: string; value: string | null; css: string }[], until: string) {
  if (!series.length) return null;
  const from = series[0].on;
  const span = Math.max(1, daysBetween(from, until > series.at(-1)!.on ? until : series.at(-1)!.on));
  const top = Math.max(1, ...series.map((p) => Number(p.total)), ...lines.map((l) => Number(l.value ?? 0)));
  const x = (on: string) => LEFT + (daysBetween(from, on) / span) * (WIDTH - LEFT - 10);
  const y = (v: number) => HEIGHT - 20 - (v / top) * (HEIGHT - 40);
  // A step line: the running total holds until the next day something is paid.
  const points = series.flatMap((p, i) => [...(i ? [`${px(x(p.on))},${px(y(Number(series[i - 1].total)))}`] : []), `${px(x(p.on))},${px(y(Number(p.total)))}`]);
  points.push(`${px(x(until > series.at(-1)!.on ? until : series.at(-1)!.on))},${px(y(Number(series.at(-1)!.total)))}`);
  return {
    width: WIDTH,
    height: HEIGHT,
    points: points.join(' '),
    axisY: HEIGHT - 20,
    left: LEFT,
    right: WIDTH - 10,
    from,
    until,
    levels: lines
      .filter((l) => l.value !== null)
      .map((l) => ({ label: `${l.label} ${pounds(l.value!)}`, y: px(y(Number(l.value))), textY: px(y(Number(l.value)) - 4), css: l.css })),
    topLabel: pounds(top.toFixed(2)),
    description: `Spent so far: ${pounds(series.at(-1)!.total)} by ${series.at(-1)!.on}. ${lines
      .filter((l) => l.value !== null)
      .map((l) => `${l.label}: ${pounds(l.value!)}`)
      .join('. ')}.`,
  };
}

/** From the saving claimed to the saving now: a bar for the claim, one for each step (up or down), one for now. */
export function waterfallChart(claimed: string, steps: { name: string; amount: string }[], now: string) {
  const bars: { label: string; from: number; to: number; kind: 'total' | 'up' | 'down' }[] = [
    { label: 'Claimed at award', from: 0, to: Number(claimed), kind: 'total' },
  ];
  let level = Number(claimed);
  for (const s of steps.filter((x) => Number(x.amount) !== 0)) {
    const next = level + Number(s.amount);
    bars.push({ label: s.name, from: level, to: next, kind: next >= level ? 'up' : 'down' });
    level = next;
  }
  bars.push({ label: 'Saving now', from: 0, to: Number(now), kind: 'total' });
  const hi = Math.max(0, ...bars.flatMap((b) => [b.from, b.to]));
  const lo = Math.min(0, ...bars.flatMap((b) => [b.from, b.to]));
  const range = Math.max(1, hi - lo);
  const slot = (WIDTH - LEFT) / bars.length;
  const y = (v: number) => 10 + ((hi - v) / range) * (HEIGHT - 60);
  return {
    width: WIDTH,
    height: HEIGHT,
    zeroY: px(y(0)),
    left: LEFT,
    right: WIDTH,
    bars: bars.map((b, i) => ({
      label: b.label,
      x: px(LEFT + i * slot + 6),
      width: px(slot - 12),
      y: px(y(Math.max(b.from, b.to))),
      height: px(Math.max(1, Math.abs(y(b.from) - y(b.to)))),
      textX: px(LEFT + i * slot + slot / 2),
      css: b.kind === 'total' ? 'cw-wlc-total' : b.kind === 'up' ? 'cw-wlc-up' : 'cw-wlc-down',
      amount: pounds((b.kind === 'total' ? b.to : b.to - b.from).toFixed(2)),
    })),
    labelY: HEIGHT - 32,
    amountY: HEIGHT - 14,
    description: bars.map((b) => `${b.label}: ${pounds((b.kind === 'total' ? b.to : b.to - b.from).toFixed(2))}`).join('. '),
  };
}
