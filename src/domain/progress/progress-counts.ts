import { DEVICE_STATUSES, type DeviceStatus, type StatusView } from '../fleet/fleet-audit.ts';
import { bulletinStatus } from '../matching/bulletin-status.ts';
import type { Verdict, VerdictStatus } from '../matching/verdict.ts';

/** The bulletin key under which devices are counted by their status against every bulletin together. */
export const ALL_BULLETINS = '*';

/**
 * How many devices of one site stood in one status for one bulletin (or {@link ALL_BULLETINS}) when
 * counted. Sites are kept in lower case, the way `site=` matches them.
 */
export interface ProgressCount {
  readonly advisory: string;
  readonly site: string;
  readonly status: DeviceStatus;
  readonly devices: number;
}

/** One UTC day of a bulletin's history: devices by status, summed over the sites asked for; absent statuses are zero. */
export interface ProgressDay {
  /** `2026-11-26` */
  readonly day: string;
  readonly counts: Readonly<Partial<Record<DeviceStatus, number>>>;
}

/** Devices by status; absent statuses are zero. */
export type StatusCounts = Partial<Record<DeviceStatus, number>>;

const STATUS_INDEX = new Map(DEVICE_STATUSES.map((s, i) => [s, i]));

/**
 * Every device counted by site and status, once against every bulletin together ({@link ALL_BULLETINS})
 * and once against each bulletin alone (its status for that bulletin, as `devices advisory=…` sees it),
 * as the rows of one history record. Sites are counted in lower case, the way `site=` matches them.
 *
 * A fleet of 100,000 devices and 15 bulletins makes 1.6 million counts, so they go into one flat array
 * indexed by site, bulletin and status (no key strings per device), and a bulletin's status is worked
 * out once per verdict: devices on the same version share one.
 */
export function countProgress(views: readonly StatusView[], advisoryIds: readonly string[]): ProgressCount[] {
  const keys = [ALL_BULLETINS, ...advisoryIds];
  const width = keys.length * DEVICE_STATUSES.length;
  const sites = new Map<string, number>();
  let counts = new Int32Array(16 * width);
  const statuses = new BulletinStatuses(advisoryIds);
  for (const view of views) {
    const name = view.finding.device.site.toLowerCase();
    let site = sites.get(name);
    if (site === undefined) {
      site = sites.size;
      sites.set(name, site);
      if ((site + 1) * width > counts.length) {
        const grown = new Int32Array(counts.length * 2);
        grown.set(counts);
        counts = grown;
      }
    }
    const base = site * width;
    counts[base + index(view.status)] = (counts[base + index(view.status)] ?? 0) + 1;
    const perBulletin = statuses.of(view.finding.verdict);
    for (let b = 0; b < advisoryIds.length; b++) {
      const status = perBulletin[b] === 'affected' ? (view.state?.kind ?? 'unpatched') : (perBulletin[b] as DeviceStatus);
      const at = base + (b + 1) * DEVICE_STATUSES.length + index(status);
      counts[at] = (counts[at] ?? 0) + 1;
    }
  }
  const rows: ProgressCount[] = [];
  for (const [site, s] of sites) {
    for (let k = 0; k < keys.length; k++) {
      for (let i = 0; i < DEVICE_STATUSES.length; i++) {
        const devices = counts[s * width + k * DEVICE_STATUSES.length + i] ?? 0;
        if (devices > 0) rows.push({ advisory: keys[k] ?? ALL_BULLETINS, site, status: DEVICE_STATUSES[i] ?? 'unknown', devices });
      }
    }
  }
  return rows;
}

/**
 * The devices of one site (any case) or of all, by status against one bulletin or every one: the count
 * of now, which a chart's last point shows whether or not the history has recorded it yet.
 */
export function countNow(views: readonly StatusView[], advisoryId: string, site: string | null): StatusCounts {
  const wanted = site?.toLowerCase() ?? null;
  const statuses = new BulletinStatuses(advisoryId === ALL_BULLETINS ? [] : [advisoryId]);
  const counts: StatusCounts = {};
  for (const view of views) {
    if (wanted !== null && view.finding.device.site.toLowerCase() !== wanted) continue;
    const bulletin = advisoryId === ALL_BULLETINS ? undefined : statuses.of(view.finding.verdict)[0];
    const status = bulletin === undefined ? view.status : bulletin === 'affected' ? (view.state?.kind ?? 'unpatched') : bulletin;
    counts[status] = (counts[status] ?? 0) + 1;
  }
  return counts;
}

function index(status: DeviceStatus): number {
  return STATUS_INDEX.get(status) ?? 0;
}

/** Each verdict's status for each bulletin, worked out once per verdict. */
class BulletinStatuses {
  private readonly cache = new Map<Verdict, VerdictStatus[]>();

  constructor(private readonly advisoryIds: readonly string[]) {}

  of(verdict: Verdict): readonly VerdictStatus[] {
    let statuses = this.cache.get(verdict);
    if (statuses === undefined) {
      statuses = this.advisoryIds.map((id) => bulletinStatus(verdict, id));
      this.cache.set(verdict, statuses);
    }
    return statuses;
  }
}
