import { auditCsv, auditRows, auditViews } from '../../domain/fleet/audit-export.ts';
import { formatUtc } from '../args.ts';
import type { BotServices } from '../command.ts';
import { cardReply, span, type FileElement, type Reply, type RichText } from '../reply.ts';
import { countSentence, inScope, matchesStatus, readDeviceFilters, scopeText, type DeviceFilters } from './device-selection.ts';
import { freshnessElement, inventoryOrReply, isReply } from './inventory-replies.ts';

export const EXPORT_USAGE = 'devices export [advisory=ID] [site=…] [owner=…] [status=affected|unpatched|all]';

/**
 * `devices export [filters]`: the devices `devices` would select, every status unless `status=` narrows
 * them, as the CSV of `npm run cli -- audit --csv` (the same rows, columns, order and spreadsheet-safe
 * cells, built by audit-export.ts), handed over as a file with a one-line summary. Posted visibly: a
 * platform cannot upload a file to one person of a channel, and the summary belongs with the file.
 */
export async function exportDevices(args: string, services: BotServices): Promise<Reply> {
  const inventory = inventoryOrReply(services);
  if (isReply(inventory)) return inventory;
  const filters = readDeviceFilters(args, services.catalog, { usage: EXPORT_USAGE, defaultStatus: 'all', paged: false });
  if (isReply(filters)) return filters;
  const { advisoryId: id, status } = filters;
  const now = services.now();
  const views = auditViews(inventory.findings(), await inventory.states(), now, id).filter((v) => inScope(v, filters) && matchesStatus(v.status, status));
  const scope = scopeText(filters);
  const freshness = freshnessElement(inventory, now);
  if (views.length === 0) {
    const none = `No ${status === 'all' ? '' : `${status} `}devices${id === undefined ? '' : ` for ${id}`}${scope === '' ? '' : ` for ${scope}`}: nothing to export.`;
    return cardReply({ title: 'Nothing to export', tone: 'info', elements: [{ kind: 'text', text: none }, freshness], actions: [] });
  }
  const rows = auditRows(views, id);
  const summary = `${countSentence(views, scope, id)}.`;
  const file: FileElement = {
    kind: 'file',
    content: auditCsv(rows, id !== undefined),
    mediaType: 'text/csv',
    fileName: `devices-${fileStamp(now)}.csv`,
    title: `Devices${id === undefined ? '' : ` for ${id}`}${scope === '' ? '' : ` (${scope})`}${status === 'all' ? '' : `, ${status}`}, ${formatUtc(now)}`,
    description: `CSV of ${rows.length} device${rows.length === 1 ? '' : 's'}, one a row, most urgent first`,
    elsewhere: cliEquivalent(filters),
  };
  const unpatched = views.filter((v) => v.status === 'unpatched').length;
  const title = `Devices${id === undefined ? '' : ` for ${id}`} as CSV: ${unpatched} unpatched of ${rows.length}`;
  return cardReply(
    {
      title,
      tone: 'info',
      elements: [
        { kind: 'text', text: summary },
        file,
        {
          kind: 'context',
          text: [
            span.plain('The rows and columns of '),
            span.code('npm run cli -- audit --csv'),
            span.plain(`; a cell that starts with =, +, - or @ begins with ' so that a spreadsheet shows it as text.`),
          ],
        },
        freshness,
      ],
      actions: [],
    },
    'public',
    `${title}. ${summary}`,
  );
}

/** `20261126T090000Z`: a time stamp a file name can hold on every system. */
function fileStamp(now: Date): string {
  return now
    .toISOString()
    .replace(/\.\d+Z$/, 'Z')
    .replace(/[-:]/g, '');
}

/** The CLI command that writes the same file, and what it cannot narrow (it exports every device). */
function cliEquivalent(filters: DeviceFilters): RichText {
  const command = `npm run cli -- audit --csv${filters.advisoryId === undefined ? '' : ` --advisory ${filters.advisoryId}`}`;
  const narrowed = filters.site !== undefined || filters.owner !== undefined || filters.status !== 'all';
  return [
    span.code(command),
    span.plain(
      `, run where the bot runs, writes ${narrowed ? 'the same columns for every device (it takes no site, owner or status filter)' : 'the same file'}.`,
    ),
  ];
}
