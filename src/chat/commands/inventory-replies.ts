import type { DeviceFinding } from '../../domain/fleet/fleet-audit.ts';
import type { InventoryPort } from '../ports.ts';
import { UNAVAILABLE_TITLE, type InventoryUnavailable } from '../ports.ts';
import { MAX_FIELD_LENGTH } from '../../domain/fleet/device-rows.ts';
import type { BotServices } from '../command.ts';
import { cardReply, span, type CardElement, type Reply } from '../reply.ts';
import { normaliseName } from '../../domain/text.ts';

/**
 * The inventory, or the answer to give when none is configured, or when it has no good snapshot to
 * answer from (the first read failed or is still running): "0 devices" would then read as "all clear".
 * `inventory` itself passes `allowUnread`, since it is where the failure is looked into and retried.
 */
export function inventoryOrReply(services: BotServices, options: { readonly allowUnread?: boolean } = {}): InventoryPort | Reply {
  const inventory = services.inventory;
  if (inventory !== null) {
    const unavailable = options.allowUnread === true ? null : inventory.unavailable();
    return unavailable === null ? inventory : inventoryUnavailableReply(unavailable);
  }
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

/** The answer when the inventory cannot be used: never a count of zero that reads as "nothing to patch". */
export function inventoryUnavailableReply({ kind, reason }: InventoryUnavailable): Reply {
  const failed = kind === 'failed';
  return cardReply({
    title: UNAVAILABLE_TITLE[kind],
    tone: 'warning',
    elements: [
      { kind: 'text', text: `${reason.charAt(0).toUpperCase()}${reason.slice(1)}.` },
      {
        kind: 'text',
        text: failed
          ? [
              span.plain('No device can be judged until it is read: this is not an all-clear. Fix the setting named above; an admin can retry with '),
              span.code('inventory sync'),
              span.plain('.'),
            ]
          : 'Try again in a moment.',
      },
    ],
    actions: [{ label: 'Inventory', command: 'inventory' }],
  });
}

/** Whether a handler's step gave its answer (a Reply) rather than what it was asked for (an inventory, filters). */
export function isReply<T extends object>(value: T | Reply): value is Reply {
  return 'cards' in value;
}

/** The freshness line every inventory answer carries (see {@link InventoryPort.freshness}). */
export function freshnessElement(inventory: InventoryPort, now: Date): CardElement {
  return { kind: 'context', text: `${inventory.description}: ${inventory.freshness(now)}` };
}

/**
 * The device named at the start of `args`, and the text after it. Names may contain spaces (NetBox
 * allows them), so the longest run of leading words that names a device wins; a quoted name works too.
 * Typed names are compared as the inventory stores them ({@link normaliseName}): `fw‐ams1` with a
 * typographic hyphen, or in fullwidth letters, finds `fw-ams1`. Only the leading words that fit in a
 * stored name are read and tried, so a message of thousands of words costs no more than a short one.
 */
export function deviceFromArgs(inventory: Pick<InventoryPort, 'findDevice'>, args: string): { name: string; finding: DeviceFinding | undefined; rest: string } {
  const quoted = /^\s*["“']([^"”']+)["”']\s*(.*)$/s.exec(args);
  if (quoted !== null) {
    const [, typed = '', tail = ''] = quoted;
    const name = normaliseName(typed);
    const finding = inventory.findDevice(name);
    return { name: finding?.device.name ?? name, finding, rest: tail.trim() };
  }
  // Each run of leading words that fits in a stored name, with the offset where its last word ends.
  const candidates: { name: string; end: number }[] = [];
  const word = /\S+/g;
  for (let match = word.exec(args); match !== null; match = word.exec(args)) {
    const typed = normaliseName(match[0]);
    const name = candidates.length === 0 ? typed : `${candidates[candidates.length - 1]?.name ?? ''} ${typed}`;
    if (name.length > MAX_FIELD_LENGTH) break;
    candidates.push({ name, end: word.lastIndex });
  }
  for (let n = candidates.length; n > 0; n--) {
    const { name, end } = candidates[n - 1] ?? { name: '', end: 0 };
    const finding = inventory.findDevice(name);
    if (finding !== undefined) return { name: finding.device.name, finding, rest: args.slice(end).trim() };
  }
  // Not found: the first word as it would be compared, so that suggestions look for the plain spelling.
  const first = /\S+/.exec(args);
  return { name: normaliseName(first?.[0] ?? ''), finding: undefined, rest: first === null ? '' : args.slice(first.index + first[0].length).trim() };
}
