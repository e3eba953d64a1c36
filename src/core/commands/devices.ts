import { AFFECTED_STATUSES, isInternetExposed, needsCheckByHand, type DeviceStatus } from '../../inventory/fleet-audit.ts';
import type { DeviceView } from '../../inventory/inventory.ts';
import { rateVulnerability } from '../../matching/severity.ts';
import { affecting } from '../../matching/verdict.ts';
import { formatUtc, parseArgs, unknownOptions } from '../args.ts';
import type { CommandSpec } from '../command.ts';
import { cardReply, span, type CardElement, type RichText, type Tone } from '../reply.ts';
import { freshnessElement, inventoryOrReply, isReply } from './inventory-replies.ts';

export const PAGE_SIZE = 20;
const FILTERS = ['affected', 'unpatched', 'all'] as const;
type StatusFilter = (typeof FILTERS)[number];

const STATUS_LABEL: Readonly<Record<DeviceStatus, string>> = {
  unpatched: 'unpatched',
  acknowledged: 'acknowledged',
  snoozed: 'snoozed',
  accepted: 'risk accepted',
  not_affected: 'not affected',
  unknown: 'unknown',
};
const STATUS_ORDER: readonly DeviceStatus[] = ['unpatched', 'acknowledged', 'snoozed', 'accepted', 'unknown', 'not_affected'];

function matchesFilter(status: DeviceStatus, filter: StatusFilter): boolean {
  if (filter === 'all') return true;
  if (filter === 'unpatched') return status === 'unpatched';
  return AFFECTED_STATUSES.has(status);
}

/** "3 unpatched, 1 snoozed" in the fixed status order, leaving out zeros. */
export function countByStatus(views: readonly DeviceView[]): string {
  const counts = new Map<DeviceStatus, number>();
  for (const v of views) counts.set(v.status, (counts.get(v.status) ?? 0) + 1);
  return STATUS_ORDER.filter((s) => counts.has(s)).map((s) => `${counts.get(s)} ${STATUS_LABEL[s]}`).join(', ') || 'none';
}

/** Groups by a key, largest group first, as "key: counts" lines, then "…and N more". */
export function groupLines(views: readonly DeviceView[], key: (v: DeviceView) => string, limit: number): string[] {
  const groups = new Map<string, DeviceView[]>();
  for (const v of views) groups.set(key(v), [...(groups.get(key(v)) ?? []), v]);
  const sorted = [...groups].sort((a, b) => b[1].length - a[1].length || a[0].localeCompare(b[0]));
  const lines = sorted.slice(0, limit).map(([name, group]) => `${name}: ${countByStatus(group)}`);
  if (sorted.length > limit) lines.push(`…and ${sorted.length - limit} more`);
  return lines;
}

/** One device as a line: name, site, owner, version, status, CVEs, upgrade target, exposure. */
export function deviceLine(view: DeviceView): RichText {
  const { device, verdict } = view.finding;
  // Most severe first, so that CVE-2015-7755 leads wherever it applies.
  const cves = affecting(verdict)
    .map((a) => ({ id: a.vulnerability.id, score: rateVulnerability(a.vulnerability).score?.score ?? 0 }))
    .sort((a, b) => b.score - a.score)
    .map((a) => a.id);
  const parts: RichText = [
    span.bold(device.name),
    span.plain(` (${device.site}, ${device.owner}) `),
    span.code(verdict.version ?? device.version),
    span.plain(`: ${STATUS_LABEL[view.status]}`),
  ];
  const extra: string[] = [];
  if (cves.length > 0) extra.push(cves.slice(0, 3).join(', ') + (cves.length > 3 ? ` +${cves.length - 3}` : ''));
  if (verdict.upgradeTo !== null) extra.push(`→ ${verdict.upgradeTo}`);
  if (view.state?.until != null) extra.push(`until ${formatUtc(view.state.until)}`);
  if (isInternetExposed(device)) extra.push('internet-exposed');
  if (device.versionProblem !== undefined) extra.push(device.versionProblem);
  return extra.length > 0 ? [...parts, span.plain(` · ${extra.join(' · ')}`)] : parts;
}

function toneFor(views: readonly DeviceView[]): Tone {
  const open = views.filter((v) => v.status === 'unpatched');
  if (open.some((v) => affecting(v.finding.verdict).some((a) => a.vulnerability.severity.some((s) => s.score >= 7)))) return 'danger';
  if (open.length > 0 || views.some((v) => v.status === 'unknown')) return 'warning';
  return 'good';
}

export const devicesCommand: CommandSpec = {
  name: 'devices',
  aliases: ['fleet'],
  usage: 'devices [site=…] [owner=…] [status=affected|unpatched|all] [page=N]',
  summary: 'Our devices against every bulletin: counts by status, site and owner, then the devices, most urgent first.',
  examples: ['devices', 'devices site=Amsterdam status=unpatched', 'devices owner=netops-ams@example.com'],
  async run({ args, services }) {
    const inventory = inventoryOrReply(services);
    if (isReply(inventory)) return inventory;
    const parsed = parseArgs(args);
    const unknown = unknownOptions(parsed, ['site', 'owner', 'status', 'page']);
    const status = (parsed.options.get('status') ?? 'affected').toLowerCase();
    const page = Number(parsed.options.get('page') ?? '1');
    const problems = [
      ...unknown.map((k) => `“${k}” is not an option (site, owner, status, page)`),
      ...parsed.words.map((w) => `“${w}” is not an option: write site=${w} or owner=${w}`),
      ...(FILTERS.includes(status as StatusFilter) ? [] : [`status “${status}” is not one of ${FILTERS.join(', ')}`]),
      ...(Number.isInteger(page) && page >= 1 ? [] : [`page “${parsed.options.get('page')}” is not a page number`]),
    ];
    if (problems.length > 0) {
      return cardReply({ title: 'I could not read that filter', tone: 'info', elements: [{ kind: 'list', items: problems }, { kind: 'text', text: [span.plain('Usage: '), span.code(this.usage)] }], actions: [] });
    }
    const now = services.now();
    const site = parsed.options.get('site')?.toLowerCase();
    const owner = parsed.options.get('owner')?.toLowerCase();
    const scoped = (await inventory.view(now)).filter(
      (v) => (site === undefined || v.finding.device.site.toLowerCase() === site) && (owner === undefined || v.finding.device.owner.toLowerCase() === owner),
    );
    const shown = scoped.filter((v) => matchesFilter(v.status, status as StatusFilter));
    const pages = Math.max(1, Math.ceil(shown.length / PAGE_SIZE));
    const pageViews = shown.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE);
    const scopeText = [site === undefined ? null : `site ${parsed.options.get('site')}`, owner === undefined ? null : `owner ${parsed.options.get('owner')}`].filter((x) => x !== null).join(', ');
    const elements: CardElement[] = [
      { kind: 'text', text: `${scoped.length} device${scoped.length === 1 ? '' : 's'}${scopeText === '' ? '' : ` (${scopeText})`}: ${countByStatus(scoped)}.` },
    ];
    const affected = scoped.filter((v) => AFFECTED_STATUSES.has(v.status));
    if (affected.length > 0) {
      elements.push({ kind: 'list', title: 'Affected by site', items: groupLines(affected, (v) => v.finding.device.site, 10) });
      elements.push({ kind: 'list', title: 'Affected by owner', items: groupLines(affected, (v) => v.finding.device.owner, 10) });
    }
    elements.push(
      pageViews.length === 0
        ? { kind: 'text', text: `No ${status === 'all' ? '' : `${status} `}devices${scopeText === '' ? '' : ` for ${scopeText}`}.` }
        : { kind: 'list', title: `${status === 'all' ? 'All' : status === 'unpatched' ? 'Unpatched' : 'Affected'} devices, most urgent first (page ${page} of ${pages})`, items: pageViews.map(deviceLine) },
    );
    // Devices whose version cannot be judged are never affected nor clear: list them whatever the filter,
    // or they would be counted above and shown nowhere.
    const byHand = status === 'all' ? [] : scoped.filter((v) => needsCheckByHand(v.finding));
    if (byHand.length > 0) {
      elements.push({ kind: 'list', title: `Version cannot be judged, check by hand (${byHand.length})`, items: [...byHand.slice(0, PAGE_SIZE).map(deviceLine), ...(byHand.length > PAGE_SIZE ? [`…and ${byHand.length - PAGE_SIZE} more: devices status=all`] : [])] });
    }
    elements.push(freshnessElement(inventory, now));
    const base = ['devices', ...[...parsed.options].filter(([k]) => k !== 'page').map(([k, v]) => `${k}=${/\s/.test(v) ? `"${v}"` : v}`)].join(' ');
    return cardReply(
      {
        title: `Devices: ${affected.filter((v) => v.status === 'unpatched').length} unpatched of ${scoped.length}`,
        tone: toneFor(scoped),
        elements,
        actions: page < pages ? [{ label: `Next page (${page + 1} of ${pages})`, command: `${base} page=${page + 1}` }] : [],
      },
      'private',
    );
  },
};
