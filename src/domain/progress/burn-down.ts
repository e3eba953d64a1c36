import { AFFECTED_STATUSES, DEVICE_STATUSES } from '../fleet/fleet-audit.ts';
import type { ProgressDay } from './progress-counts.ts';
import type { StatusCounts } from './progress-counts.ts';

/** How long the history is kept, and how far back a chart reaches. */
export const HISTORY_DAYS = 400;
/** The span the pace is measured over, when the history is that long. */
export const PACE_DAYS = 7;
/** Days without a device patched after which the pace gives way to "no progress in N days" (a weekend is not yet a stall). */
export const STALLED_DAYS = 3;

const DAY_MS = 86_400_000;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** One day of a burn-down. */
export interface BurnDownPoint {
  /** `2026-11-26` (UTC) */
  readonly day: string;
  /** Devices the bulletin affects, whoever has taken them in hand: what is left to patch. */
  readonly affected: number;
  /** Affected devices nobody has acknowledged, snoozed or accepted. */
  readonly unpatched: number;
  /** Devices counted at all, to tell devices patched from devices gone from the inventory. */
  readonly total: number;
}

/** The UTC day of an instant: `2026-11-26`. */
export function dayOf(instant: Date): string {
  return instant.toISOString().slice(0, 10);
}

/** The day `days` after `day` (before, when negative). */
export function addDays(day: string, days: number): string {
  return dayOf(new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS));
}

/** "26 Nov 2026" */
export function formatDay(day: string): string {
  const [year, month, date] = day.split('-');
  return `${Number(date)} ${MONTHS[Number(month) - 1] ?? month} ${year}`;
}

function point(day: string, counts: StatusCounts): BurnDownPoint {
  let affected = 0;
  let total = 0;
  for (const status of DEVICE_STATUSES) {
    const n = counts[status] ?? 0;
    total += n;
    if (AFFECTED_STATUSES.has(status)) affected += n;
  }
  return { day, affected, unpatched: counts.unpatched ?? 0, total };
}

/**
 * One point per day from the first recorded day (when the bulletin was first counted, or the inventory
 * first synced) to `today`, which shows `now`, the counts of this moment: the history may not have
 * recorded them yet. A day without a record (the bot was down) repeats the day before it.
 */
export function burnDown(days: readonly ProgressDay[], today: string, now: StatusCounts): BurnDownPoint[] {
  const recorded = new Map(days.filter((d) => d.day < today).map((d) => [d.day, d.counts]));
  const first = [...recorded.keys()].sort()[0] ?? today;
  const start = first < addDays(today, -(HISTORY_DAYS - 1)) ? addDays(today, -(HISTORY_DAYS - 1)) : first;
  const points: BurnDownPoint[] = [];
  let carried: StatusCounts = {};
  for (let day = start; day < today; day = addDays(day, 1)) {
    carried = recorded.get(day) ?? carried;
    points.push(point(day, carried));
  }
  points.push(point(today, now));
  return points;
}

/**
 * Devices patched from one point to a later one: the fall in affected devices, less the devices that left
 * the inventory (a device the inventory no longer lists is never counted as patched), never below zero.
 */
export function patchedBetween(from: BurnDownPoint, to: BurnDownPoint): number {
  return Math.max(0, from.affected - to.affected - Math.max(0, from.total - to.total));
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * The pace in words, from the last point of a burn-down: "7 patched in the last 7 days; at this pace
 * about 9 days to go", or, once nothing was patched for {@link STALLED_DAYS} days, "no progress in 5 days"
 * (with what the week did bring, if anything), or "nothing left to patch". Measured over the last
 * {@link PACE_DAYS} days, or the whole history when it is shorter.
 */
export function describePace(points: readonly BurnDownPoint[]): string {
  const last = points[points.length - 1];
  const first = points[0];
  if (last === undefined || first === undefined) return 'no history yet';
  if (last.affected === 0) {
    return first.affected > 0 && points.length > 1
      ? `nothing left to patch: ${first.affected} affected on ${formatDay(first.day)}, none now`
      : 'nothing to patch';
  }
  if (points.length === 1) return 'the history starts today: the pace shows from tomorrow';
  const span = Math.min(PACE_DAYS, points.length - 1);
  const from = points[points.length - 1 - span] ?? first;
  const patched = patchedBetween(from, last);
  let since = points.length - 1;
  while (since > 0 && patchedBetween(points[since - 1] ?? last, points[since] ?? last) === 0) since--;
  const stalled = points.length - 1 - since;
  if (patched > 0 && stalled < STALLED_DAYS) {
    const toGo = Math.max(1, Math.ceil((last.affected * span) / patched));
    return `${patched} patched in the last ${plural(span, 'day')}; at this pace about ${plural(toGo, 'day')} to go`;
  }
  if (patched > 0) return `no progress in ${plural(stalled, 'day')} (${patched} patched in the last ${plural(span, 'day')})`;
  const growth = last.affected - from.affected;
  return `no progress in ${plural(stalled, 'day')}${growth > 0 ? `; ${growth} more affected than on ${formatDay(from.day)}` : ''}`;
}
