import { cardReply, type Reply } from '../../chat/reply.ts';
import type { InventoryRead } from '../../domain/fleet/types.ts';
import type { HeldSync } from '../../chat/ports.ts';

/**
 * How many devices of `previous` the new read lacks (by name, case-insensitively), when that is more than
 * `maxLossPercent` of them; else null. Nothing is ever held against an empty previous snapshot, and a
 * share of 100 holds nothing.
 */
export function excessiveLoss(previous: InventoryRead | null, read: InventoryRead, maxLossPercent: number): number | null {
  const before = previous?.devices ?? [];
  if (before.length === 0) return null;
  const names = new Set(read.devices.map((d) => d.name.toLowerCase()));
  const lost = before.filter((d) => !names.has(d.name.toLowerCase())).length;
  return lost * 100 > maxLossPercent * before.length ? lost : null;
}

/** What answers say about a held sync; also its sync status's error, so that a restart still shows it. */
export function describeHeld(held: HeldSync, maxLossPercent: number): string {
  return `held: it would remove ${held.lost} of ${held.previous} devices, more than INVENTORY_MAX_LOSS_PERCENT (${maxLossPercent}%) allows; the last good snapshot stays until an admin types “inventory sync confirm”`;
}

/** The note each admin gets when a sync is first held. */
export function heldNotice(held: HeldSync, source: string): Reply {
  const found = held.snapshot.read.devices.length;
  return cardReply(
    {
      title: `Inventory sync held: it would remove ${held.lost} of ${held.previous} devices`,
      tone: 'warning',
      elements: [
        {
          kind: 'text',
          text: `The last read of ${source} found ${found} device${found === 1 ? '' : 's'} where there were ${held.previous}. That looks like a broken export or an empty answer, so answers and reminders keep using the last good snapshot. If the fleet really shrank, type: inventory sync confirm`,
        },
      ],
      actions: [{ label: 'Inventory', command: 'inventory' }],
    },
    'private',
  );
}
