import type { ImageElement } from '../reply.ts';
import type { StatusView } from '../../domain/fleet/fleet-audit.ts';
import { type ProgressStore } from '../../infrastructure/store/store.ts';
import { ALL_BULLETINS } from '../../domain/progress/progress-counts.ts';
import { addDays, burnDown, dayOf, describePace, formatDay, HISTORY_DAYS, type BurnDownPoint } from '../../domain/progress/burn-down.ts';
import { CHART_HEIGHT, CHART_WIDTH, chartSvg, rasterise } from './chart-image.ts';
import { countNow } from '../../domain/progress/progress-counts.ts';
import { textChart } from '../../domain/progress/text-chart.ts';

/** The burn-down of one bulletin (or every one), at one site or all, up to now. */
export interface ProgressReport {
  /** The bulletin id, or {@link ALL_BULLETINS}. */
  readonly advisory: string;
  /** The site asked for, as typed, or null for every site. */
  readonly site: string | null;
  readonly points: readonly BurnDownPoint[];
  /** The pace in words (see {@link describePace}). */
  readonly pace: string;
}

/**
 * The report from the stored history (the last {@link HISTORY_DAYS} days) and the devices as they
 * stand at `now`, which give today's point.
 */
export async function loadProgress(
  store: Pick<ProgressStore, 'progressHistory'>,
  views: readonly StatusView[],
  query: { readonly advisory: string; readonly site: string | null; readonly now: Date },
): Promise<ProgressReport> {
  const today = dayOf(query.now);
  const days = await store.progressHistory({
    advisory: query.advisory,
    from: addDays(today, -(HISTORY_DAYS - 1)),
    ...(query.site === null ? {} : { site: query.site }),
  });
  const points = burnDown(days, today, countNow(views, query.advisory, query.site));
  return { advisory: query.advisory, site: query.site, points, pace: describePace(points) };
}

/** "JSA10713", "every bulletin", with "at Amsterdam" when one site. */
export function progressSubject(report: Pick<ProgressReport, 'advisory' | 'site'>): string {
  return `${report.advisory === ALL_BULLETINS ? 'Every bulletin' : report.advisory}${report.site === null ? '' : ` at ${report.site}`}`;
}

/** "JSA10713: 20 unpatched of 33 affected" */
export function progressHeadline(report: ProgressReport): string {
  const last = report.points[report.points.length - 1];
  return `${progressSubject(report)}: ${last?.unpatched ?? 0} unpatched of ${last?.affected ?? 0} affected`;
}

/** "1 Nov 2026 – 26 Nov 2026 (UTC)", or the one day. */
export function progressSpan(report: ProgressReport): string {
  const first = report.points[0]?.day;
  const last = report.points[report.points.length - 1]?.day;
  if (first === undefined || last === undefined) return '';
  return first === last ? `${formatDay(last)} (UTC)` : `${formatDay(first)} – ${formatDay(last)} (UTC)`;
}

/**
 * The burn-down as a picture for a reply: a PNG drawn by ECharts and resvg, its description, and the
 * same drawn in text for a terminal.
 */
export function progressChart(report: ProgressReport): ImageElement {
  const first = report.points[0];
  const last = report.points[report.points.length - 1];
  const title = progressHeadline(report);
  const png = rasterise(
    chartSvg(report.points, {
      title: progressSubject(report),
      subtitle: `${last?.unpatched ?? 0} unpatched of ${last?.affected ?? 0} affected · ${progressSpan(report)}`,
    }),
  );
  const alt =
    first === undefined || last === undefined
      ? `Burn-down chart of ${progressSubject(report)}`
      : `Burn-down chart of ${progressSubject(report)} from ${formatDay(first.day)}: affected ${first.affected} → ${last.affected}, unpatched ${first.unpatched} → ${last.unpatched}; ${report.pace}.`;
  return {
    kind: 'image',
    png: png.toString('base64'),
    width: CHART_WIDTH,
    height: CHART_HEIGHT,
    title,
    alt,
    fileName: `progress-${slug(report.advisory === ALL_BULLETINS ? 'all' : report.advisory)}${report.site === null ? '' : `-${slug(report.site)}`}-${last?.day ?? 'today'}.png`,
    text: textChart(report.points),
  };
}

/** Letters, digits and dashes only, so that a site name can be part of a file name. */
function slug(text: string): string {
  return (
    text
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 40) || 'site'
  );
}
