/**
 * The features as the commands see them: narrow ports, declared here where they are used, that the
 * features under src/features/ implement (the inventory, the reminder service, the briefing service).
 * Chat never imports a feature; the composition root hands the features in through {@link BotServices}
 * (src/chat/command.ts), and a test can hand in anything that keeps these promises.
 */
import type { DeviceFinding, DeviceView } from '../domain/fleet/fleet-audit.ts';
import type { DeviceState, DeviceStateKind } from '../domain/fleet/device-state.ts';
import type { InventoryRead } from '../domain/fleet/types.ts';
import type { AuditEntry, ReminderRecord, ReminderScope, StoredSnapshot, SyncStatus } from '../infrastructure/store/store.ts';
import type { Author, Conversation } from './message.ts';
import type { Reply } from './reply.ts';

/**
 * A read that would have removed too many devices at once (an export caught mid-write that left only its
 * header, `[]`, NetBox answering `results: []`): kept aside, unused, until an admin confirms it.
 */
export interface HeldSync {
  readonly snapshot: StoredSnapshot;
  /** Devices of the last good snapshot that the held read lacks. */
  readonly lost: number;
  /** Devices of the last good snapshot. */
  readonly previous: number;
  /** When the source first looked like this; later reads that still do keep the date. */
  readonly since: Date;
}

/** How one sync ended, for whoever asked for it (`inventory sync`). */
export type SyncOutcome =
  | { readonly kind: 'synced'; readonly previous: InventoryRead | null; readonly read: InventoryRead }
  | { readonly kind: 'held'; readonly held: HeldSync }
  | { readonly kind: 'failed'; readonly error: string }
  | { readonly kind: 'stopped' };

/**
 * Why no answer about the fleet can be given (see {@link InventoryPort.unavailable}, {@link fleetUnavailable});
 * `reason` is a sentence without its capital or full stop.
 */
export interface InventoryUnavailable {
  readonly kind: 'not_configured' | 'not_read_yet' | 'failed';
  readonly reason: string;
}

/** Short titles for each way the fleet can be out of reach, as answers, reminders and briefings head them. */
export const UNAVAILABLE_TITLE: Readonly<Record<InventoryUnavailable['kind'], string>> = {
  not_configured: 'No inventory configured',
  not_read_yet: 'The inventory has not been read yet',
  failed: 'The inventory could not be read',
};

/** Why `inventory` cannot answer for the fleet, null included (none configured), or null when it can. */
export function fleetUnavailable(inventory: Pick<InventoryPort, 'unavailable'> | null): InventoryUnavailable | null {
  if (inventory === null) return { kind: 'not_configured', reason: 'no inventory configured: set INVENTORY_FILE, or NETBOX_URL and NETBOX_TOKEN' };
  return inventory.unavailable();
}

/** The linked inventory, for the commands that read the fleet, set device states or sync it. */
export interface InventoryPort {
  /** Where the devices come from: "examples/fleet.csv", "NetBox at https://netbox.example.com". */
  readonly description: string;
  /** Why no answer about the fleet can be given now, or null when it can. */
  unavailable(): InventoryUnavailable | null;
  /** "inventory synced 3 h ago; …": said under every answer about the fleet. */
  freshness(now?: Date): string;
  findings(): readonly DeviceFinding[];
  /** Every device with its verdict and the state in force at `now`. */
  view(now?: Date): Promise<DeviceView[]>;
  /** A device by name, any case. */
  findDevice(name: string): DeviceFinding | undefined;
  states(): Promise<Map<string, DeviceState>>;
  setState(device: string, kind: DeviceStateKind, author: Author, until: Date | null, reason: string | null): Promise<void>;
  clearState(device: string, author: Author, reason: string | null): Promise<void>;
  /** The audit log of one device, newest first. */
  history(device: string, limit?: number): Promise<AuditEntry[]>;
  snapshot(): StoredSnapshot | null;
  syncStatus(): SyncStatus | null;
  held(): HeldSync | null;
  /** Reads the source now (`inventory sync`). */
  syncReport(): Promise<SyncOutcome>;
  /** Takes the held read as the new snapshot (`inventory sync confirm`); null when none is held. */
  confirmHeld(author: Author, reason: string | null): Promise<HeldSync | null>;
}

/** How a post made at once went (`remind test`). */
export type PostNowOutcome = { readonly kind: 'posted' } | { readonly kind: 'queued' } | { readonly kind: 'failed'; readonly reason: string };

/** Reminders, for `remind`. */
export interface ReminderPort {
  /** The zone of a reminder added without `tz=`. */
  readonly defaultTimezone: string;
  /** Adds a reminder; a bad cron or zone comes back as a problem to show. */
  add(
    conversation: Conversation,
    author: Author,
    cron: string,
    timezone: string,
    scope: ReminderScope,
  ): Promise<{ reminder: ReminderRecord; next: string; cannotPost: string | null } | { problem: string }>;
  /** The reminders of one conversation (by key), or of every one with null. */
  list(conversationKey: string | null): Promise<{ reminder: ReminderRecord; next: string }[]>;
  find(id: number): Promise<ReminderRecord | undefined>;
  remove(reminder: ReminderRecord, author: Author): Promise<void>;
  setPaused(reminder: ReminderRecord, author: Author, paused: boolean): Promise<void>;
  /** Posts the reminder now, outside its schedule. */
  test(reminder: ReminderRecord, author: Author): Promise<PostNowOutcome>;
}

/** Incident briefings, for `brief`. */
export interface BriefingPort {
  /** The bulletin of `brief` without one (BRIEFING_DEFAULT_ADVISORY). */
  readonly defaultAdvisory: string;
  /** Posts (or reposts) the briefing of `advisoryId` in `conversation`; the reply is the answer when it could not be posted. */
  post(conversation: Conversation, advisoryId: string): Promise<{ posted: true } | { posted: false; reply: Reply } | { missing: string }>;
}
