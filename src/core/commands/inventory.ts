import type { CommandSpec } from '../command.ts';
import { cardReply } from '../reply.ts';
import { countByStatus } from './devices.ts';
import { freshnessElement, inventoryOrReply, isReply } from './inventory-replies.ts';

const REJECTED_SHOWN = 20;

export const inventoryCommand: CommandSpec = {
  name: 'inventory',
  aliases: ['sync-status'],
  usage: 'inventory',
  summary: 'Where the device list comes from, when it was last synced, its counts and the rows that were rejected.',
  examples: ['inventory'],
  async run({ services }) {
    const inventory = inventoryOrReply(services);
    if (isReply(inventory)) return inventory;
    const now = services.now();
    const snapshot = inventory.snapshot();
    const rejected = snapshot?.read.rejected ?? [];
    const status = inventory.syncStatus();
    const views = await inventory.view(now);
    return cardReply({
      title: `Inventory: ${snapshot?.read.devices.length ?? 0} devices, ${rejected.length} rejected`,
      tone: status?.lastError != null || rejected.length > 0 ? 'warning' : 'info',
      elements: [
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
          ? [{
              kind: 'list' as const,
              title: 'Rejected rows (left out of the audit)',
              items: [...rejected.slice(0, REJECTED_SHOWN).map((r) => `${r.ref}: ${r.reason}`), ...(rejected.length > REJECTED_SHOWN ? [`…and ${rejected.length - REJECTED_SHOWN} more`] : [])],
            }]
          : []),
        freshnessElement(inventory, now),
      ],
      actions: [{ label: 'Affected devices', command: 'devices' }],
    });
  },
};
