import { activeState, DEVICE_STATUSES, deviceStatus, type DeviceFinding, type DeviceStatus } from '../../domain/fleet/fleet-audit.ts';
import { bulletinStatus } from '../../domain/matching/bulletin-status.ts';
import type { Verdict, VerdictStatus } from '../../domain/matching/verdict.ts';
import type { DeviceState } from '../../infrastructure/store/store.ts';

/**
 * The most sites that get series of their own; the rest are summed under {@link OTHER_SITES}. Each kept
 * site costs one series per bulletin and status (15 × 6 = 90 with the shipped bulletins), so this holds
 * the per-site series to at most (50 + 1) × 90 = 4,590 whatever the inventory lists.
 */
export const SITE_SERIES_LIMIT = 50;

/** The site label of the devices at sites beyond {@link SITE_SERIES_LIMIT}. */
export const OTHER_SITES = '(other sites)';

export type StatusCounts = Readonly<Record<DeviceStatus, number>>;

/** Devices counted by status, three ways: what `/metrics` exposes. */
export interface FleetCounts {
  /** Each device's status across every bulletin, as `devices` shows it. */
  readonly fleet: StatusCounts;
  /** Each device's status for one bulletin alone, as `devices advisory=…` shows it; by bulletin id. */
  readonly byAdvisory: ReadonlyMap<string, StatusCounts>;
  /** The same per site: the largest sites by name, then {@link OTHER_SITES} when there are more. */
  readonly bySite: ReadonlyMap<string, ReadonlyMap<string, StatusCounts>>;
}

const STATUS_INDEX: Readonly<Record<DeviceStatus, number>> = Object.fromEntries(DEVICE_STATUSES.map((s, i) => [s, i])) as Record<DeviceStatus, number>;

/**
 * Counts the fleet at `now`, for every bulletin in `advisoryIds`. The statuses are those of the
 * inventory's own view (see `viewForBulletin`): a state in force turns an affected device into
 * acknowledged, snoozed or accepted, and a lapsed one counts as unpatched again.
 *
 * Fleets repeat a few dozen versions, so each distinct verdict is seen through each bulletin once; a
 * device then costs a lookup per bulletin, which keeps a scrape of 100,000 devices to a few tens of
 * milliseconds. Sites are kept by their number of devices (ties by name), so the same sites keep their
 * series from one scrape to the next while the fleet stays the same.
 */
export function countFleet(
  findings: readonly DeviceFinding[],
  states: ReadonlyMap<string, DeviceState>,
  advisoryIds: readonly string[],
  now: Date,
  siteLimit = SITE_SERIES_LIMIT,
): FleetCounts {
  const width = DEVICE_STATUSES.length;
  const fleet = new Array<number>(width).fill(0);
  const perAdvisory = new Array<number>(width * advisoryIds.length).fill(0);
  const perSite = new Map<string, number[]>();
  const siteSizes = new Map<string, number>();
  const seen = new Map<Verdict, VerdictStatus[]>();
  for (const finding of findings) {
    const state = activeState(states.get(finding.device.name.toLowerCase()), now);
    bump(fleet, STATUS_INDEX[deviceStatus(finding, state, now)]);
    let statuses = seen.get(finding.verdict);
    if (statuses === undefined) {
      statuses = advisoryIds.map((id) => bulletinStatus(finding.verdict, id));
      seen.set(finding.verdict, statuses);
    }
    const site = finding.device.site;
    siteSizes.set(site, (siteSizes.get(site) ?? 0) + 1);
    let siteCounts = perSite.get(site);
    if (siteCounts === undefined) {
      siteCounts = new Array<number>(width * advisoryIds.length).fill(0);
      perSite.set(site, siteCounts);
    }
    for (let a = 0; a < statuses.length; a++) {
      const status = statuses[a];
      const index = a * width + STATUS_INDEX[status === 'affected' ? (state?.kind ?? 'unpatched') : (status ?? 'unknown')];
      bump(perAdvisory, index);
      bump(siteCounts, index);
    }
  }
  const kept = [...siteSizes]
    .sort((a, b) => b[1] - a[1] || compareText(a[0], b[0]))
    .slice(0, siteLimit)
    .map(([site]) => site);
  const bySite = new Map<string, ReadonlyMap<string, StatusCounts>>();
  for (const site of kept.sort(compareText)) bySite.set(site, byBulletin(perSite.get(site) ?? [], advisoryIds));
  if (perSite.size > kept.length) {
    const keptSet = new Set(kept);
    const other = new Array<number>(width * advisoryIds.length).fill(0);
    for (const [site, counts] of perSite) if (!keptSet.has(site)) counts.forEach((n, i) => (other[i] = (other[i] ?? 0) + n));
    bySite.set(OTHER_SITES, byBulletin(other, advisoryIds));
  }
  return { fleet: toCounts(fleet, 0), byAdvisory: byBulletin(perAdvisory, advisoryIds), bySite };
}

function bump(counts: number[], index: number): void {
  counts[index] = (counts[index] ?? 0) + 1;
}

function byBulletin(flat: readonly number[], advisoryIds: readonly string[]): Map<string, StatusCounts> {
  return new Map(advisoryIds.map((id, a) => [id, toCounts(flat, a * DEVICE_STATUSES.length)]));
}

function toCounts(flat: readonly number[], offset: number): StatusCounts {
  return Object.fromEntries(DEVICE_STATUSES.map((s, i) => [s, flat[offset + i] ?? 0])) as Record<DeviceStatus, number>;
}

/** A fixed order for names, independent of the locale the process runs in. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
