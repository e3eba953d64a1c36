import type { InventoryPort } from '../ports.ts';
import type { DeviceStateKind } from '../../infrastructure/store/store.ts';
import { formatUtc, parseUntil } from '../args.ts';
import type { CommandRequest, CommandSpec } from '../command.ts';
import { cardReply, type Reply } from '../reply.ts';
import { deviceFromArgs, freshnessElement, inventoryOrReply, isReply } from './inventory-replies.ts';

/** A state change's words after the device: `until <date>` where needed, then the reason. */
interface StateRequest {
  readonly kind: DeviceStateKind | 'clear';
  readonly needsUntil: boolean;
  readonly needsReason: boolean;
}

function answer(title: string, text: string, tone: 'good' | 'info' | 'warning' = 'info'): Reply {
  return cardReply({ title, tone, elements: [{ kind: 'text', text }], actions: [] });
}

/**
 * Shared by ack, snooze, accept and unack: only admins may change a device's state; the device must
 * be in the inventory; `until` must be a future date; every change goes to the audit log with it.
 */
async function changeState(request: CommandRequest, spec: StateRequest, usage: string): Promise<Reply> {
  const { args, message, services } = request;
  const inventory = inventoryOrReply(services);
  if (isReply(inventory)) return inventory;
  const { name, finding, rest } = deviceFromArgs(inventory, args);
  if (name === '') return answer('Which device?', `Usage: ${usage}`);
  if (finding === undefined) return answer(`No device “${name}”`, `It is not in the inventory (${inventory.description}). Usage: ${usage}`);
  const device = finding.device.name;

  let until: Date | null = null;
  let words = rest === '' ? [] : rest.split(/\s+/);
  const now = services.now();
  if (spec.needsUntil) {
    if (words[0]?.toLowerCase() !== 'until' || words[1] === undefined) return answer('Until when?', `Usage: ${usage}`);
    const parsed = parseUntil(words[1], now);
    if (!(parsed instanceof Date)) return answer('I could not read that date', parsed.reason);
    until = parsed;
    words = words.slice(2);
  }
  const reason = words.join(' ').trim() || null;
  if (spec.needsReason && reason === null) return answer('A reason is required', `Risk acceptance is recorded with its reason. Usage: ${usage}`);

  if (spec.kind === 'clear') {
    const states = await inventory.states();
    if (!states.has(device.toLowerCase())) return answer(`${device} has no state to clear`, 'It is not acknowledged, snoozed or accepted.');
    await inventory.clearState(device, message.author, reason);
  } else {
    await inventory.setState(device, spec.kind, message.author, until, reason);
  }
  return confirmation(inventory, spec.kind, device, until, reason, now);
}

function confirmation(inventory: InventoryPort, kind: StateRequest['kind'], device: string, until: Date | null, reason: string | null, now: Date): Reply {
  const verb = { acknowledged: 'acknowledged', snoozed: 'snoozed', accepted: 'risk accepted', clear: 'cleared' }[kind];
  const text = `${device} ${verb}${until === null ? '' : ` until ${formatUtc(until)}`}${reason === null ? '' : `: ${reason}`}. Recorded in the audit log.`;
  return cardReply(
    {
      title: `${device}: ${verb}`,
      tone: 'good',
      elements: [{ kind: 'text', text }, freshnessElement(inventory, now)],
      actions: [{ label: 'Show device', command: `device ${device}` }],
    },
    'public',
  );
}

/** Every state change is for admins, and written to the audit log with who made it. */
const CHANGES_STATE = { action: 'change a device’s state' } as const;

export const ackCommand: CommandSpec = {
  name: 'ack',
  adminOnly: CHANGES_STATE,
  aliases: ['acknowledge'],
  usage: 'ack <device> [reason]',
  summary: 'Acknowledges an affected device (admins): reminders leave it out until it is cleared or patched.',
  examples: ['ack ams-edge-fw1 upgrade booked for Saturday'],
  run(request) {
    return changeState(request, { kind: 'acknowledged', needsUntil: false, needsReason: false }, this.usage);
  },
};

export const snoozeCommand: CommandSpec = {
  name: 'snooze',
  adminOnly: CHANGES_STATE,
  aliases: [],
  usage: 'snooze <device> until <date|12h|3d|2w> [reason]',
  summary: 'Snoozes a device’s reminders until a date (admins); it comes back by itself.',
  examples: ['snooze fra-dc-fw2 until 2026-12-01 change freeze'],
  run(request) {
    return changeState(request, { kind: 'snoozed', needsUntil: true, needsReason: false }, this.usage);
  },
};

export const acceptCommand: CommandSpec = {
  name: 'accept',
  adminOnly: CHANGES_STATE,
  aliases: [],
  usage: 'accept <device> until <date> <reason>',
  summary: 'Accepts the risk of a device until a date, with a reason (admins); it lapses by itself.',
  examples: ['accept sgp-lab-fw1 until 2026-12-31 isolated lab, no management access'],
  run(request) {
    return changeState(request, { kind: 'accepted', needsUntil: true, needsReason: true }, this.usage);
  },
};

export const unackCommand: CommandSpec = {
  name: 'unack',
  adminOnly: CHANGES_STATE,
  aliases: ['unsnooze', 'clear'],
  usage: 'unack <device> [reason]',
  summary: 'Clears an acknowledgement, snooze or acceptance (admins).',
  examples: ['unack ams-edge-fw1'],
  run(request) {
    return changeState(request, { kind: 'clear', needsUntil: false, needsReason: false }, this.usage);
  },
};
