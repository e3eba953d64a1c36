import { formatDay, type BurnDownPoint } from './burn-down.ts';

/** Columns of a text chart: fits an 80-column terminal with its labels. */
export const TEXT_CHART_COLUMNS = 56;
const BARS = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

/**
 * The burn-down for a terminal: one sparkline per line (affected, unpatched) on a shared scale, with
 * the first and last counts, and the first and last day under them. A long history is bucketed, each
 * column showing the last day of its bucket, so that the last column is always today.
 *
 * ```
 * affected   40 ███▇▇▇▆▆▅▅▄▄▃ 33
 * unpatched  40 ██▇▆▅▄▄▃▂▂▁▁▁ 20
 *               1 Nov 2026 … 26 Nov 2026
 * ```
 */
export function textChart(points: readonly BurnDownPoint[]): string[] {
  if (points.length === 0) return [];
  const columns = Math.min(TEXT_CHART_COLUMNS, points.length);
  const sampled = Array.from(
    { length: columns },
    (_, c) => points[Math.ceil(((c + 1) * points.length) / columns) - 1] ?? points[points.length - 1],
  ) as BurnDownPoint[];
  const max = Math.max(1, ...sampled.map((p) => Math.max(p.affected, p.unpatched)));
  const spark = (value: (p: BurnDownPoint) => number): string =>
    sampled.map((p) => (value(p) === 0 ? '·' : BARS[Math.min(BARS.length - 1, Math.ceil((value(p) / max) * BARS.length) - 1)])).join('');
  const first = points[0] as BurnDownPoint;
  const last = points[points.length - 1] as BurnDownPoint;
  const width = String(Math.max(first.affected, first.unpatched)).length;
  const row = (label: string, value: (p: BurnDownPoint) => number): string =>
    `${label.padEnd(10)} ${String(value(first)).padStart(width)} ${spark(value)} ${value(last)}`;
  const axis = points.length === 1 ? formatDay(last.day) : `${formatDay(first.day)} … ${formatDay(last.day)}`;
  return [row('affected', (p) => p.affected), row('unpatched', (p) => p.unpatched), `${' '.repeat(11 + width)} ${axis}`];
}
