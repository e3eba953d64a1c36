import { anySevere } from '../../matching/severity.ts';
import { AFFECTED_STATUSES, compareUrgency, needsCheckByHand, viewForBulletin, type DeviceStatus } from '../../inventory/fleet-audit.ts';
import type { DeviceView } from '../../inventory/inventory.ts';
import { affectingFor } from '../../matching/bulletin-status.ts';
import { parseArgs, unknownOptions } from '../args.ts';
import type { CommandSpec } from '../command.ts';
import { cardReply, span, type CardElement, type Tone } from '../reply.ts';
import { countByStatus, deviceLine, groupLines } from '../render/device-lines.ts';
import { noSuchBulletin } from './advisory.ts';
import { freshnessElement, inventoryOrReply, isReply } from './inventory-replies.ts';

export const PAGE_SIZE = 20;
const FILTERS = ['affected', 'unpatched', 'all'] as const;
type StatusFilter = (typeof FILTERS)[number];

function matchesFilter(status: DeviceStatus, filter: StatusFilter): boolean {
  if (filter === 'all') return true;
  if (filter === 'unpatched') return status === 'unpatched';
  return AFFECTED_STATUSES.has(status);
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
  usage: 'devices [advisory=ID] [site=…] [owner=…] [status=affected|unpatched|all] [page=N]',
  summary:
    'Our devices against every bulletin, or against one (advisory=JSA10713, a CVE, or 10713): counts by status, site and owner, then the devices, most urgent first.',
  examples: ['devices', 'devices advisory=JSA10713', 'devices site=Amsterdam status=unpatched', 'devices owner=netops-ams@example.com'],
  async run({ args, services }) {
    const inventory = inventoryOrReply(services);
    if (isReply(inventory)) return inventory;
    const parsed = parseArgs(args);
    const unknown = unknownOptions(parsed, ['advisory', 'site', 'owner', 'status', 'page']);
    const status = (parsed.options.get('status') ?? 'affected').toLowerCase();
    const page = Number(parsed.options.get('page') ?? '1');
    const problems = [
      ...unknown.map((k) => `“${k}” is not an option (advisory, site, owner, status, page)`),
      ...parsed.words.map((w) => `“${w}” is not an option: write site=${w} or owner=${w}`),
      ...(FILTERS.includes(status as StatusFilter) ? [] : [`status “${status}” is not one of ${FILTERS.join(', ')}`]),
      ...(Number.isInteger(page) && page >= 1 ? [] : [`page “${parsed.options.get('page')}” is not a page number`]),
    ];
    if (problems.length > 0) {
      return cardReply({ title: 'I could not read that filter', tone: 'info', elements: [{ kind: 'list', items: problems }, { kind: 'text', text: [span.plain('Usage: '), span.code(this.usage)] }], actions: [] });
    }
    const query = parsed.options.get('advisory');
    const advisory = query === undefined ? undefined : services.catalog.findAdvisory(query);
    if (query !== undefined && advisory === undefined) return noSuchBulletin(query, services.catalog);
    const id = advisory?.id;
    const now = services.now();
    const site = parsed.options.get('site')?.toLowerCase();
    const owner = parsed.options.get('owner')?.toLowerCase();
    const inScope = (await inventory.view(now)).filter(
      (v) => (site === undefined || v.finding.device.site.toLowerCase() === site) && (owner === undefined || v.finding.device.owner.toLowerCase() === owner),
    );
    // One bulletin: each device's status and urgency come from that bulletin's CVEs alone.
    const scoped = id === undefined ? inScope : inScope.map((v) => viewForBulletin(v, id)).sort((a, b) => compareUrgency(a.finding, b.finding, id));
    const shown = scoped.filter((v) => matchesFilter(v.status, status as StatusFilter));
    const pages = Math.max(1, Math.ceil(shown.length / PAGE_SIZE));
    const pageViews = shown.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE);
    const scopeText = [site === undefined ? null : `site ${parsed.options.get('site')}`, owner === undefined ? null : `owner ${parsed.options.get('owner')}`].filter((x) => x !== null).join(', ');
    const elements: CardElement[] = [
      {
        kind: 'text',
        text: `${scoped.length} device${scoped.length === 1 ? '' : 's'}${scopeText === '' ? '' : ` (${scopeText})`}${id === undefined ? '' : `, for ${id} alone`}: ${countByStatus(scoped)}.`,
      },
    ];
    const affected = scoped.filter((v) => AFFECTED_STATUSES.has(v.status));
    if (affected.length > 0) {
      elements.push({ kind: 'list', title: 'Affected by site', items: groupLines(affected, (v) => v.finding.device.site, 10) });
      elements.push({ kind: 'list', title: 'Affected by owner', items: groupLines(affected, (v) => v.finding.device.owner, 10) });
    }
    const what = status === 'all' ? 'All' : status === 'unpatched' ? 'Unpatched' : 'Affected';
    elements.push(
      pageViews.length === 0
        ? { kind: 'text', text: `No ${status === 'all' ? '' : `${status} `}devices${id === undefined ? '' : ` for ${id}`}${scopeText === '' ? '' : ` for ${scopeText}`}.` }
        : { kind: 'list', title: `${what} devices${id === undefined ? '' : ` (${id})`}, most urgent first (page ${page} of ${pages})`, items: pageViews.map((v) => deviceLine(v, id)) },
    );
    // Devices whose version cannot be judged are never affected nor clear: list them whatever the filter,
    // or they would be counted above and shown nowhere.
    const byHand = status === 'all' ? [] : scoped.filter((v) => needsCheckByHand(v.finding));
    if (byHand.length > 0) {
      elements.push({ kind: 'list', title: `Version cannot be judged, check by hand (${byHand.length})`, items: [...byHand.slice(0, PAGE_SIZE).map((v) => deviceLine(v)), ...(byHand.length > PAGE_SIZE ? [`…and ${byHand.length - PAGE_SIZE} more: devices status=all`] : [])] });
    }
    elements.push(freshnessElement(inventory, now));
    const options = [...parsed.options].filter(([k]) => k !== 'page').map(([k, v]) => (k === 'advisory' && id !== undefined ? [k, id] : [k, v]));
    const base = ['devices', ...options.map(([k, v]) => `${k}=${/\s/.test(v ?? '') ? `"${v}"` : v}`)].join(' ');
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
