import { readingTrain } from '../../version/read-version.ts';
import { anySevere } from '../../matching/severity.ts';
import { AFFECTED_STATUSES, compareUrgency, isInternetExposed, needsCheckByHand, viewForBulletin } from '../../inventory/fleet-audit.ts';
import type { DeviceView } from '../../inventory/inventory.ts';
import { affectingFor, assessmentsFor, nearestBulletinFix } from '../../matching/bulletin-status.ts';
import { cveIds } from '../../matching/urgency.ts';
import { formatUtc } from '../args.ts';
import type { CommandSpec } from '../command.ts';
import { cardReply, span, type CardElement, type RichText, type Tone } from '../reply.ts';
import { countByStatus, countSentence, filterOptions, inScope, matchesStatus, readDeviceFilters, scopeText, STATUS_LABEL } from './device-selection.ts';
import { exportDevices } from './devices-export.ts';
import { freshnessElement, inventoryOrReply, isReply } from './inventory-replies.ts';

export const PAGE_SIZE = 20;

// The counts open the list and its export alike: one place for both (and for briefings, inventory, the CLI).
export { countByStatus } from './device-selection.ts';

/** Groups by a key, largest group first, as "key: counts" lines, then "…and N more". */
export function groupLines(views: readonly DeviceView[], key: (v: DeviceView) => string, limit: number): string[] {
  const groups = new Map<string, DeviceView[]>();
  for (const v of views) groups.set(key(v), [...(groups.get(key(v)) ?? []), v]);
  const sorted = [...groups].sort((a, b) => b[1].length - a[1].length || a[0].localeCompare(b[0]));
  const lines = sorted.slice(0, limit).map(([name, group]) => `${name}: ${countByStatus(group)}`);
  if (sorted.length > limit) lines.push(`…and ${sorted.length - limit} more`);
  return lines;
}

/** CVEs named on a device's line before "+N": the device's own card lists them all. */
const CVES_PER_LINE = 3;
/** On a line about one bulletin: its CVEs are few, and they are what the line is about. */
const CVES_PER_BULLETIN_LINE = 5;

/**
 * One device as a line: name, site, owner, version, status, CVEs (most urgent first, so that
 * CVE-2015-7755 leads wherever it applies), upgrade target, exposure. With `advisoryId`, the line is
 * about that bulletin: its CVEs, the nearest release on the device's train that clears it, and then,
 * as a second note, the release that clears every loaded bulletin.
 */
export function deviceLine(view: DeviceView, advisoryId?: string): RichText {
  const { device, verdict } = view.finding;
  const hits = affectingFor(verdict, advisoryId);
  const cves = cveIds(hits);
  const shown = advisoryId === undefined ? CVES_PER_LINE : CVES_PER_BULLETIN_LINE;
  const parts: RichText = [
    span.bold(device.name),
    span.plain(` (${device.site}, ${device.owner}) `),
    span.code(verdict.version ?? device.version),
    span.plain(`: ${STATUS_LABEL[view.status]}`),
  ];
  const extra: string[] = [];
  if (cves.length > 0) extra.push(cves.slice(0, shown).join(', ') + (cves.length > shown ? ` +${cves.length - shown}` : ''));
  if (advisoryId !== undefined && hits.length > 0) extra.push(bulletinFixNote(view, advisoryId));
  if (verdict.upgradeTo !== null) extra.push(advisoryId === undefined ? `→ ${verdict.upgradeTo}` : `every bulletin → ${verdict.upgradeTo}`);
  if (view.state?.until != null) extra.push(`until ${formatUtc(view.state.until)}`);
  if (isInternetExposed(device)) extra.push('internet-exposed');
  if (device.versionProblem !== undefined) extra.push(device.versionProblem);
  return extra.length > 0 ? [...parts, span.plain(` · ${extra.join(' · ')}`)] : parts;
}

/** "JSA10713 fix on 6.3.0: 6.3.0r19b", or that the bulletin names none later on the device's train. */
function bulletinFixNote(view: DeviceView, advisoryId: string): string {
  const { verdict } = view.finding;
  const [first] = assessmentsFor(verdict, advisoryId);
  const id = first?.advisory.id ?? advisoryId;
  const train = readingTrain(verdict.reading) ?? 'its train';
  const fix = nearestBulletinFix(verdict, advisoryId);
  return fix === null ? `no ${id} fix named on ${train}` : `${id} fix on ${train}: ${fix}`;
}

function toneFor(views: readonly DeviceView[], advisoryId?: string): Tone {
  const open = views.filter((v) => v.status === 'unpatched');
  if (open.some((v) => anySevere(affectingFor(v.finding.verdict, advisoryId)))) return 'danger';
  if (open.length > 0 || views.some((v) => v.status === 'unknown')) return 'warning';
  return 'good';
}

export const devicesCommand: CommandSpec = {
  name: 'devices',
  aliases: ['fleet'],
  usage: 'devices [export] [advisory=ID] [site=…] [owner=…] [status=affected|unpatched|all] [page=N]',
  summary:
    'Our devices against every bulletin, or against one (advisory=JSA10713, a CVE, or 10713): counts by status, site and owner, then the devices, most urgent first. devices export, with the same filters (every status unless status= is given), hands them over as the CSV of cli audit --csv.',
  examples: ['devices', 'devices advisory=JSA10713', 'devices site=Amsterdam status=unpatched', 'devices owner=netops-ams@example.com', 'devices export advisory=JSA10713'],
  async run({ args, services }) {
    const [first, ...rest] = args.split(/\s+/);
    if (first?.toLowerCase() === 'export') return exportDevices(rest.join(' '), services);
    const inventory = inventoryOrReply(services);
    if (isReply(inventory)) return inventory;
    const filters = readDeviceFilters(args, services.catalog, { usage: this.usage, defaultStatus: 'affected', paged: true });
    if (isReply(filters)) return filters;
    const { advisoryId: id, status, page } = filters;
    const now = services.now();
    const inScopeViews = (await inventory.view(now)).filter((v) => inScope(v, filters));
    // One bulletin: each device's status and urgency come from that bulletin's CVEs alone.
    const scoped = id === undefined ? inScopeViews : inScopeViews.map((v) => viewForBulletin(v, id)).sort((a, b) => compareUrgency(a.finding, b.finding, id));
    const shown = scoped.filter((v) => matchesStatus(v.status, status));
    const pages = Math.max(1, Math.ceil(shown.length / PAGE_SIZE));
    const pageViews = shown.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE);
    const scope = scopeText(filters);
    const elements: CardElement[] = [{ kind: 'text', text: `${countSentence(scoped, scope, id)}.` }];
    const affected = scoped.filter((v) => AFFECTED_STATUSES.has(v.status));
    if (affected.length > 0) {
      elements.push({ kind: 'list', title: 'Affected by site', items: groupLines(affected, (v) => v.finding.device.site, 10) });
      elements.push({ kind: 'list', title: 'Affected by owner', items: groupLines(affected, (v) => v.finding.device.owner, 10) });
    }
    const what = status === 'all' ? 'All' : status === 'unpatched' ? 'Unpatched' : 'Affected';
    elements.push(
      pageViews.length === 0
        ? { kind: 'text', text: `No ${status === 'all' ? '' : `${status} `}devices${id === undefined ? '' : ` for ${id}`}${scope === '' ? '' : ` for ${scope}`}.` }
        : { kind: 'list', title: `${what} devices${id === undefined ? '' : ` (${id})`}, most urgent first (page ${page} of ${pages})`, items: pageViews.map((v) => deviceLine(v, id)) },
    );
    // Devices whose version cannot be judged are never affected nor clear: list them whatever the filter,
    // or they would be counted above and shown nowhere.
    const byHand = status === 'all' ? [] : scoped.filter((v) => needsCheckByHand(v.finding));
    if (byHand.length > 0) {
      elements.push({ kind: 'list', title: `Version cannot be judged, check by hand (${byHand.length})`, items: [...byHand.slice(0, PAGE_SIZE).map((v) => deviceLine(v)), ...(byHand.length > PAGE_SIZE ? [`…and ${byHand.length - PAGE_SIZE} more: devices status=all`] : [])] });
    }
    elements.push(freshnessElement(inventory, now));
    const base = ['devices', ...filterOptions(filters)].join(' ');
    return cardReply(
      {
        title: `Devices${id === undefined ? '' : ` for ${id}`}: ${affected.filter((v) => v.status === 'unpatched').length} unpatched of ${scoped.length}`,
        tone: toneFor(scoped, id),
        elements,
        actions: page < pages ? [{ label: `Next page (${page + 1} of ${pages})`, command: `${base} page=${page + 1}` }] : [],
      },
      'private',
    );
  },
};
