/**
 * Which devices `devices` and `devices export` take (the filters) and how they are counted, in one place
 * so that a list and its export always agree.
 */
import { AFFECTED_STATUSES, type DeviceStatus, type StatusView } from '../../domain/fleet/fleet-audit.ts';
import type { AdvisoryCatalog } from '../../domain/matching/catalog.ts';
import { parseArgs, unknownOptions } from '../args.ts';
import { cardReply, span, type Reply } from '../reply.ts';
import { countByStatus } from '../render/device-lines.ts';
import { noSuchBulletin } from './advisory.ts';

/**
 * "35 devices (site Amsterdam), for JSA10713 alone: 7 unpatched, 2 acknowledged, 26 not affected": the
 * line that opens the device list and its export alike.
 */
export function countSentence(views: readonly StatusView[], scope: string, advisoryId: string | undefined): string {
  return `${views.length} device${views.length === 1 ? '' : 's'}${scope === '' ? '' : ` (${scope})`}${advisoryId === undefined ? '' : `, for ${advisoryId} alone`}: ${countByStatus(views)}`;
}

export const STATUS_FILTERS = ['affected', 'unpatched', 'all'] as const;
export type StatusFilter = (typeof STATUS_FILTERS)[number];

/**
 * The selection `devices` and `devices export` work on, read and checked once so that the list and its export
 * always select the same devices: one bulletin (by id, CVE or number), a site, an owner, a status.
 */
export interface DeviceFilters {
  /** The bulletin as loaded (`JSA10713` for `10713`), or undefined for every bulletin. */
  readonly advisoryId: string | undefined;
  /** As typed; matched without regard to case. */
  readonly site: string | undefined;
  readonly owner: string | undefined;
  readonly status: StatusFilter;
  readonly page: number;
  /** The options as given, the bulletin spelled as loaded, `page` left out: to build a command again. */
  readonly options: readonly (readonly [string, string])[];
}

export interface FilterRules {
  /** The usage line shown with a problem. */
  readonly usage: string;
  /** The status when none is given. */
  readonly defaultStatus: StatusFilter;
  /** Whether `page=N` is taken (a list pages; an export holds every device). */
  readonly paged: boolean;
}

/** The filters of `args`, or the answer that names every problem at once (or the unknown bulletin). */
export function readDeviceFilters(args: string, catalog: AdvisoryCatalog, rules: FilterRules): DeviceFilters | Reply {
  const parsed = parseArgs(args);
  const known = ['advisory', 'site', 'owner', 'status', ...(rules.paged ? ['page'] : [])];
  const unknown = unknownOptions(parsed, known);
  const status = (parsed.options.get('status') ?? rules.defaultStatus).toLowerCase();
  const page = Number(parsed.options.get('page') ?? '1');
  const problems = [
    ...unknown.map((k) => `“${k}” is not an option (${known.join(', ')})`),
    ...parsed.words.map((w) => `“${w}” is not an option: write site=${w} or owner=${w}`),
    ...(STATUS_FILTERS.includes(status as StatusFilter) ? [] : [`status “${status}” is not one of ${STATUS_FILTERS.join(', ')}`]),
    ...(Number.isInteger(page) && page >= 1 ? [] : [`page “${parsed.options.get('page')}” is not a page number`]),
  ];
  if (problems.length > 0) {
    return cardReply({
      title: 'I could not read that filter',
      tone: 'info',
      elements: [
        { kind: 'list', items: problems },
        { kind: 'text', text: [span.plain('Usage: '), span.code(rules.usage)] },
      ],
      actions: [],
    });
  }
  const query = parsed.options.get('advisory');
  const advisory = query === undefined ? undefined : catalog.findAdvisory(query);
  if (query !== undefined && advisory === undefined) return noSuchBulletin(query, catalog);
  const id = advisory?.id;
  return {
    advisoryId: id,
    site: parsed.options.get('site'),
    owner: parsed.options.get('owner'),
    status: status as StatusFilter,
    page,
    options: [...parsed.options].filter(([k]) => k !== 'page').map(([k, v]) => (k === 'advisory' && id !== undefined ? [k, id] : [k, v])),
  };
}

/** Whether a device is at the site and of the owner asked for (any case). */
export function inScope(view: StatusView, filters: DeviceFilters): boolean {
  const { site, owner } = view.finding.device;
  return (
    (filters.site === undefined || site.toLowerCase() === filters.site.toLowerCase()) &&
    (filters.owner === undefined || owner.toLowerCase() === filters.owner.toLowerCase())
  );
}

/** Whether a status passes `status=`: affected takes every status a bulletin's CVE put there, handled or not. */
export function matchesStatus(status: DeviceStatus, filter: StatusFilter): boolean {
  if (filter === 'all') return true;
  if (filter === 'unpatched') return status === 'unpatched';
  return AFFECTED_STATUSES.has(status);
}

/** "site Amsterdam, owner netops@…", or empty: what the filters narrowed the fleet to, in words. */
export function scopeText(filters: DeviceFilters): string {
  return [filters.site === undefined ? null : `site ${filters.site}`, filters.owner === undefined ? null : `owner ${filters.owner}`]
    .filter((x) => x !== null)
    .join(', ');
}

/** The filters as options of a command again: `advisory=JSA10713 site="New York"`. */
export function filterOptions(filters: DeviceFilters): string[] {
  return filters.options.map(([k, v]) => `${k}=${/\s/.test(v) ? `"${v}"` : v}`);
}
