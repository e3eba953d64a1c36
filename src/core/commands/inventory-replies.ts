import type { DeviceFinding } from '../../inventory/fleet-audit.ts';
import type { Inventory } from '../../inventory/inventory.ts';
import { describeFreshness } from '../../inventory/inventory.ts';
import { MAX_FIELD_LENGTH } from '../../inventory/device-rows.ts';
import type { BotServices } from '../command.ts';
import { cardReply, span, type CardElement, type Reply } from '../reply.ts';
import { normaliseName } from '../text.ts';

/** The inventory, or the answer to give when none is configured. */
export function inventoryOrReply(services: BotServices): Inventory | Reply {
  if (services.inventory !== null) return services.inventory;
  return cardReply({
    title: 'No inventory is configured',
    tone: 'info',
    elements: [
      {
        kind: 'text',
        text: [
          span.plain('Set '),
          span.code('INVENTORY_FILE'),
          span.plain(' (CSV, JSON or YAML) or '),
          span.code('NETBOX_URL'),
          span.plain(' and '),
          span.code('NETBOX_TOKEN'),
          span.plain(' to let me audit your devices. Version checks work without it.'),
        ],
      },
    ],
    actions: [],
  });
}

export function isReply(value: Inventory | Reply): value is Reply {
  return 'cards' in value;
}

/**
 * The freshness line every inventory answer carries. A held sync is named even when a later failure has
 * taken its place in the status, since the held read still waits for an admin.
 */
export function freshnessElement(inventory: Inventory, now: Date): CardElement {
  const rejected = inventory.snapshot()?.read.rejected.length ?? 0;
  const status = inventory.syncStatus();
  const held = inventory.heldNotice();
  const heldSuffix = held !== null && status?.lastError !== held ? `; a sync is ${held}` : '';
  const suffix = rejected > 0 ? `; ${rejected} row${rejected === 1 ? '' : 's'} rejected (see inventory)` : '';
  return { kind: 'context', text: `${inventory.description}: ${describeFreshness(status, now)}${heldSuffix}${suffix}` };
}

/**
 * The device named at the start of `args`, and the words after it. Names may contain spaces (NetBox
 * allows them), so the longest run of leading words that names a device wins; a quoted name works too.
 * Typed names are compared as the inventory stores them ({@link normaliseName}): `fw‐ams1` with a
 * typographic hyphen, or in fullwidth letters, finds `fw-ams1`. Only runs of words that fit in a stored
 * name are tried, so a message of thousands of words costs no more than a short one.
 */
export function deviceFromArgs(inventory: Pick<Inventory, 'findDevice'>, args: string): { name: string; finding: DeviceFinding | undefined; rest: string[] } {
  const quoted = /^\s*["“']([^"”']+)["”']\s*(.*)$/s.exec(args);
  if (quoted !== null) {
    const [, typed = '', tail = ''] = quoted;
    const name = normaliseName(typed);
    const finding = inventory.findDevice(name);
    return { name: finding?.device.name ?? name, finding, rest: tail.split(/\s+/).filter((w) => w !== '') };
  }
  const words = args.split(/\s+/).filter((w) => w !== '');
  const candidates: string[] = [];
  for (const word of words) {
    const candidate = candidates.length === 0 ? normaliseName(word) : `${candidates[candidates.length - 1]} ${normaliseName(word)}`;
    if (candidate.length > MAX_FIELD_LENGTH) break;
    candidates.push(candidate);
  }
  for (let n = candidates.length; n > 0; n--) {
    const finding = inventory.findDevice(candidates[n - 1] ?? '');
    if (finding !== undefined) return { name: finding.device.name, finding, rest: words.slice(n) };
  }
  // Not found: the first word as it would be compared, so that suggestions look for the plain spelling.
  return { name: normaliseName(words[0] ?? ''), finding: undefined, rest: words.slice(1) };
}
