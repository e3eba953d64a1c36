import { compareReads, describeSyncChanges } from '../../domain/fleet/changes.ts';
import type { InventoryPort } from '../ports.ts';
import type { CommandRequest, CommandSpec } from '../command.ts';
import { cardReply, span, type Reply } from '../reply.ts';
import { countByStatus } from '../render/device-lines.ts';
import { freshnessElement, inventoryOrReply, isReply } from './inventory-replies.ts';

const REJECTED_SHOWN = 20;
const USAGE = 'inventory [sync | sync confirm [reason]]';

export const inventoryCommand: CommandSpec = {
  name: 'inventory',
  // Anyone may read where the devices come from; syncing now, or accepting a held sync, is for admins.
  adminOnly: { action: 'sync the inventory', appliesTo: (args) => /^sync\b/i.test(args.trim()) },
  aliases: ['sync-status'],
  usage: USAGE,
  summary:
    'Where the device list comes from, when it was last synced, its counts and the rows that were rejected. Admins: “inventory sync” reads the source now; “inventory sync confirm” accepts a sync held for losing too many devices.',
  examples: ['inventory', 'inventory sync', 'inventory sync confirm the Paris site was decommissioned'],
  async run(request) {
    const { args, services } = request;
    const inventory = inventoryOrReply(services, { allowUnread: true });
    if (isReply(inventory)) return inventory;
    const words = args.split(/\s+/).filter((w) => w !== '');
    if (words.length === 0) return describeInventory(inventory, services.now());
    if (words[0]?.toLowerCase() !== 'sync') return answer('I did not understand that', `Usage: ${USAGE}`);
    if (words[1]?.toLowerCase() === 'confirm') return confirm(inventory, request, words.slice(2).join(' ').trim() || null);
    if (words.length > 1) return answer('I did not understand that', `Usage: ${USAGE}`);
    return syncNow(inventory, services.now);
  },
};

async function describeInventory(inventory: InventoryPort, now: Date): Promise<Reply> {
  const snapshot = inventory.snapshot();
  const rejected = snapshot?.read.rejected ?? [];
  const status = inventory.syncStatus();
  const held = inventory.held();
  const views = await inventory.view(now);
  return cardReply({
    title: `Inventory: ${snapshot?.read.devices.length ?? 0} devices, ${rejected.length} rejected${held === null ? '' : '; a sync is held'}`,
    tone: status?.lastError != null || rejected.length > 0 || held !== null ? 'warning' : 'info',
    elements: [
      ...(held === null
        ? []
        : [
            {
              kind: 'text' as const,
              text: [
                span.bold('Sync held: '),
                span.plain(
                  `the last read found ${held.snapshot.read.devices.length} devices where there were ${held.previous}, so the last good snapshot is still in use. If the fleet really shrank, an admin types `,
                ),
                span.code('inventory sync confirm'),
                span.plain('.'),
              ],
            },
          ]),
      {
        kind: 'fields',
        fields: [
          { label: 'Source', value: inventory.description },
          { label: 'Devices', value: String(snapshot?.read.devices.length ?? 0) },
          { label: 'By status', value: countByStatus(views) },
          { label: 'Rejected rows', value: String(rejected.length) },
        ],
      },
      ...(rejected.length > 0
        ? [
            {
              kind: 'list' as const,
              title: 'Rejected rows (left out of the audit)',
              items: [
                ...rejected.slice(0, REJECTED_SHOWN).map((r) => `${r.ref}: ${r.reason}`),
                ...(rejected.length > REJECTED_SHOWN ? [`…and ${rejected.length - REJECTED_SHOWN} more`] : []),
              ],
            },
          ]
        : []),
      freshnessElement(inventory, now),
    ],
    actions: [{ label: 'Affected devices', command: 'devices' }],
  });
}

/** `inventory sync`: reads the source now and says what changed, or why nothing did. */
async function syncNow(inventory: InventoryPort, now: () => Date): Promise<Reply> {
  const outcome = await inventory.syncReport();
  switch (outcome.kind) {
    case 'synced': {
      const changes = describeSyncChanges(compareReads(outcome.previous, outcome.read));
      return withFreshness(inventory, now(), `Inventory synced: ${outcome.read.devices.length} devices`, 'good', `From ${inventory.description}: ${changes}.`);
    }
    case 'held': {
      const { held } = outcome;
      return withFreshness(
        inventory,
        now(),
        `Inventory sync held: it would remove ${held.lost} of ${held.previous} devices`,
        'warning',
        `The source now lists ${held.snapshot.read.devices.length} devices. Answers and reminders keep the last good snapshot; if the fleet really shrank, type: inventory sync confirm`,
      );
    }
    case 'failed':
      return withFreshness(inventory, now(), 'Inventory sync failed', 'warning', `${outcome.error}. The last good snapshot stays in use.`);
    case 'stopped':
      return answer('The bot is stopping', 'The sync was abandoned; it runs again at the next start.');
    default: {
      const never: never = outcome;
      return never;
    }
  }
}

/** `inventory sync confirm`: the admin's word that the fleet really shrank; audited. */
async function confirm(inventory: InventoryPort, request: CommandRequest, reason: string | null): Promise<Reply> {
  const held = await inventory.confirmHeld(request.message.author, reason);
  const now = request.services.now();
  if (held === null) return withFreshness(inventory, now, 'No sync is held', 'info', 'There is nothing to confirm: the inventory in use is the last one read.');
  const text = `${held.snapshot.read.devices.length} devices from ${inventory.description} replace the ${held.previous} of the last good snapshot${reason === null ? '' : `: ${reason}`}. Recorded in the audit log.`;
  return cardReply(
    {
      title: 'Held inventory sync accepted',
      tone: 'good',
      elements: [{ kind: 'text', text }, freshnessElement(inventory, now)],
      actions: [{ label: 'Inventory', command: 'inventory' }],
    },
    'public',
  );
}

function withFreshness(inventory: InventoryPort, now: Date, title: string, tone: 'good' | 'info' | 'warning', text: string): Reply {
  return cardReply({
    title,
    tone,
    elements: [{ kind: 'text', text }, freshnessElement(inventory, now)],
    actions: [{ label: 'Inventory', command: 'inventory' }],
  });
}

function answer(title: string, text: string): Reply {
  return cardReply({ title, tone: 'info', elements: [{ kind: 'text', text }], actions: [] });
}
