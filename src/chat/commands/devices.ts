import { anySevere } from '../../domain/matching/severity.ts';
import { AFFECTED_STATUSES, compareUrgency, needsCheckByHand, viewForBulletin } from '../../domain/fleet/fleet-audit.ts';
import type { DeviceView } from '../../domain/fleet/fleet-audit.ts';
import { affectingFor } from '../../domain/matching/bulletin-status.ts';
import type { CommandSpec } from '../command.ts';
import { cardReply, type CardElement, type Tone } from '../reply.ts';
import { deviceLine, groupLines } from '../render/device-lines.ts';
import { countSentence, filterOptions, inScope, matchesStatus, readDeviceFilters, scopeText } from './device-selection.ts';
import { exportDevices } from './devices-export.ts';
import { freshnessElement, inventoryOrReply, isReply } from './inventory-replies.ts';

export const PAGE_SIZE = 20;

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
  examples: [
    'devices',
    'devices advisory=JSA10713',
    'devices site=Amsterdam status=unpatched',
    'devices owner=netops-ams@example.com',
    'devices export advisory=JSA10713',
  ],
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
        ? {
            kind: 'text',
            text: `No ${status === 'all' ? '' : `${status} `}devices${id === undefined ? '' : ` for ${id}`}${scope === '' ? '' : ` for ${scope}`}.`,
          }
        : {
            kind: 'list',
            title: `${what} devices${id === undefined ? '' : ` (${id})`}, most urgent first (page ${page} of ${pages})`,
            items: pageViews.map((v) => deviceLine(v, id)),
          },
    );
    // Devices whose version cannot be judged are never affected nor clear: list them whatever the filter,
    // or they would be counted above and shown nowhere.
    const byHand = status === 'all' ? [] : scoped.filter((v) => needsCheckByHand(v.finding));
    if (byHand.length > 0) {
      elements.push({
        kind: 'list',
        title: `Version cannot be judged, check by hand (${byHand.length})`,
        items: [
          ...byHand.slice(0, PAGE_SIZE).map((v) => deviceLine(v)),
          ...(byHand.length > PAGE_SIZE ? [`…and ${byHand.length - PAGE_SIZE} more: devices status=all`] : []),
        ],
      });
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
