import type { Platform } from '../../chat/message.ts';
import type { Reply } from '../../chat/reply.ts';
import type { InventoryRead } from '../../domain/fleet/types.ts';

export type { DeviceState, DeviceStateKind } from '../../domain/fleet/device-state.ts';
import type { DeviceState } from '../../domain/fleet/device-state.ts';
import type { ProgressCount, ProgressDay } from '../../domain/progress/progress-counts.ts';

/** One line of the append-only audit log: who did what to which device, when and why. */
export interface AuditEntry {
  readonly at: Date;
  readonly platform: Platform;
  readonly actor: string;
  readonly actorName: string | null;
  readonly action: string;
  readonly subject: string;
  readonly detail: string | null;
  readonly reason: string | null;
}

/** The last good read of the inventory, kept across restarts and failed syncs. */
export interface StoredSnapshot {
  readonly source: string;
  readonly fetchedAt: Date;
  readonly read: InventoryRead;
}

export interface SyncStatus {
  readonly source: string;
  readonly lastSuccessAt: Date | null;
  readonly lastAttemptAt: Date;
  /** Why the last attempt failed, or null when it succeeded. */
  readonly lastError: string | null;
}

/**
 * A conversation the bot can post into without being asked (reminders, briefings): the platform's own
 * reference (a Bot Framework ConversationReference for Teams), kept as opaque JSON.
 */
export interface StoredConversation {
  /** `teams:<conversation id>`, `slack:<channel id>`. */
  readonly key: string;
  readonly platform: Platform;
  readonly name: string | null;
  readonly reference: unknown;
  /** False once the platform said the bot was removed (403/404); such conversations are skipped. */
  readonly active: boolean;
  readonly inactiveReason: string | null;
  readonly updatedAt: Date;
}

/** Which devices a reminder is about; null fields do not narrow. */
export interface ReminderScope {
  readonly site: string | null;
  readonly owner: string | null;
  readonly advisory: string | null;
}

export interface ReminderRecord {
  readonly id: number;
  /** Where it posts: `slack:C123`, `teams:<conversation id>`, `console:console`. */
  readonly conversationKey: string;
  readonly platform: Platform;
  readonly conversationName: string | null;
  readonly cron: string;
  readonly timezone: string;
  readonly scope: ReminderScope;
  readonly paused: boolean;
  readonly pausedReason: string | null;
  readonly createdBy: string;
  readonly createdAt: Date;
  /** Slots up to this instant have been planned; the next tick plans from here. */
  readonly checkedThrough: Date;
  /** The unpatched devices named by the last reminder posted, for "what changed"; null before the first. */
  readonly lastDigest: readonly string[] | null;
  readonly lastSentAt: Date | null;
}

export type NewReminder = Omit<ReminderRecord, 'id' | 'paused' | 'pausedReason' | 'lastDigest' | 'lastSentAt'>;

/** A message waiting to be delivered; leased by one process at a time. */
export interface OutboxEntry {
  readonly id: number;
  readonly conversationKey: string;
  readonly platform: Platform;
  /** The stored reply, or why it cannot be read (a format version this release does not know). */
  readonly content: StoredReply;
  readonly reminderId: number | null;
  readonly slotKey: string | null;
  readonly attempts: number;
  readonly nextAttemptAt: Date;
  /**
   * When an attempt to post this entry began whose outcome nobody learned (the process died or the
   * platform did not answer); null when the last attempt ended with a known outcome, or none was made.
   */
  readonly attemptStartedAt: Date | null;
}

/** A reply read back from the outbox. */
export type StoredReply = { readonly kind: 'reply'; readonly reply: Reply } | { readonly kind: 'unreadable'; readonly reason: string };

/**
 * How the attempts on an outbox entry under one lease ended. `attempts` is how many were made (1 when
 * absent): the outbox retries in place before it puts an entry back, and its limit counts every attempt.
 */
export type OutboxOutcome = (
  | { readonly kind: 'sent'; readonly at: Date }
  | { readonly kind: 'retry'; readonly at: Date; readonly error: string; readonly outcomeUnknown?: boolean }
  | { readonly kind: 'failed'; readonly error: string }
) & { readonly attempts?: number };

/** What a claimed slot does: post `reply` (and remember `digest`), or nothing (the all-clear was said). */
export type SlotAction = { readonly kind: 'post'; readonly reply: Reply; readonly digest: readonly string[] } | { readonly kind: 'quiet' };

/** A message for the outbox: where it goes and what it says. */
export interface QueuedMessage {
  readonly conversationKey: string;
  readonly platform: Platform;
  readonly reply: Reply;
}

/** Where a briefing was posted, so that it can be edited in place after a restart. */
export interface StoredBriefing {
  readonly conversationKey: string;
  readonly advisory: string;
  readonly platform: Platform;
  /** The platform's id of the posted message: Slack's `ts`, a Teams activity id. */
  readonly messageRef: string;
  /** What the briefing last showed (JSON), to tell whether it needs an edit. */
  readonly digest: string;
  readonly updatedAt: Date;
}

/** The last good inventory read and how the last sync went. */
export interface SnapshotStore {
  loadSnapshot(): Promise<StoredSnapshot | null>;
  saveSnapshot(snapshot: StoredSnapshot): Promise<void>;
  recordSyncAttempt(status: SyncStatus): Promise<void>;
  syncStatus(): Promise<SyncStatus | null>;
}

/** The append-only audit log. */
export interface AuditStore {
  /** Appends an audit entry on its own (reminder changes). */
  appendAudit(entry: AuditEntry): Promise<void>;
  /** Audit entries, newest first; for one device when `subject` is given. */
  auditLog(query?: { readonly subject?: string; readonly limit?: number }): Promise<AuditEntry[]>;
}

/** States people put devices in, each change written to the audit log with it. */
export interface DeviceStateStore extends AuditStore {
  deviceStates(): Promise<DeviceState[]>;
  /** Sets a device's state and appends the audit entry, both or neither. */
  setDeviceState(state: DeviceState, audit: AuditEntry): Promise<void>;
  /** Clears a device's state and appends the audit entry, both or neither. */
  clearDeviceState(device: string, audit: AuditEntry): Promise<void>;
}

/** Conversations the bot may post into without being asked. */
export interface ConversationStore {
  /** Saves or refreshes a conversation reference; saving makes it active again. */
  saveConversation(conversation: Omit<StoredConversation, 'active' | 'inactiveReason'>): Promise<void>;
  conversation(key: string): Promise<StoredConversation | null>;
  conversations(platform?: Platform): Promise<StoredConversation[]>;
  markConversationInactive(key: string, reason: string, at: Date): Promise<void>;
}

/** Messages waiting to be posted, leased by one process at a time. */
export interface OutboxStore {
  /** Queues a message outside any reminder (a test post, a note to admins). */
  enqueue(conversationKey: string, platform: Platform, reply: Reply, now: Date): Promise<void>;
  /** Leases up to `limit` due messages to `owner` until `leaseUntil`; no other process gets them meanwhile. */
  leaseOutbox(owner: string, now: Date, leaseUntil: Date, limit: number): Promise<OutboxEntry[]>;
  /**
   * Records that an attempt to post entry `id` begins at `at`, before anything is sent: should the
   * process die before {@link completeOutbox}, whoever leases the entry next knows that a post may
   * have gone out and looks for it before posting again.
   */
  startAttempt(id: number, at: Date): Promise<void>;
  completeOutbox(id: number, outcome: OutboxOutcome): Promise<void>;
}

/** Reminders, the slots claimed for them, and (through {@link OutboxStore}) what they post. */
export interface ReminderStore extends AuditStore, OutboxStore {
  addReminder(reminder: NewReminder, audit: AuditEntry): Promise<ReminderRecord>;
  /** Reminders not removed, oldest first. */
  reminders(): Promise<ReminderRecord[]>;
  updateReminder(
    id: number,
    patch: { readonly paused?: boolean; readonly pausedReason?: string | null; readonly checkedThrough?: Date },
    audit?: AuditEntry,
  ): Promise<void>;
  removeReminder(id: number, audit: AuditEntry): Promise<void>;
  /**
   * Claims one slot of a reminder for this process, exactly once across every process sharing the
   * store. Only the winner's action happens: its message goes into the outbox in the same transaction.
   * Resolves false when the slot was already claimed.
   */
  claimSlot(reminder: ReminderRecord, slot: { readonly key: string; readonly at: Date }, claimedBy: string, action: SlotAction, now: Date): Promise<boolean>;
}

/** Where briefings were posted. */
export interface BriefingStore {
  saveBriefing(briefing: StoredBriefing): Promise<void>;
  briefings(): Promise<StoredBriefing[]>;
}

/** Platform delivery ids already handled (Slack retries, duplicate events). */
export interface DeliveryKeyStore {
  /**
   * Announces a CVE newly listed in CISA's KEV catalog, once across restarts and processes: records the
   * CVE and queues `messages` in the outbox in the same transaction. Resolves false, queuing nothing,
   * when the CVE was announced before.
   */
  announceKnownExploited(cveId: string, messages: readonly QueuedMessage[], now: Date): Promise<boolean>;
  /**
   * Remembers a platform's delivery id (a Slack event or trigger id) until `expiresAt`. Resolves true the
   * first time, false while the id is remembered, across restarts and processes: a replayed request runs
   * once. Forgets expired ids as it goes.
   */
  markDelivery(key: string, at: Date, expiresAt: Date): Promise<boolean>;
}

/**
 * Named leases with an expiry, so that one process at a time does a job every replica could do (the
 * inventory sync, editing briefings). A lease whose holder died ends by itself at its expiry. Jobs take
 * one through `withLease` (./with-lease.ts), which lets it go when the job is done.
 */
export interface LeaseStore {
  /** True when `owner` now holds `name` until `until`: it was free, expired, or already `owner`'s. */
  acquireLease(name: string, owner: string, now: Date, until: Date): Promise<boolean>;
  /** Gives the lease up if `owner` holds it. */
  releaseLease(name: string, owner: string): Promise<void>;
}

/**
 * The history behind burn-down charts: one row per UTC day, bulletin, site and status, holding the
 * count of the day's last record. A day costs at most 6 rows per bulletin and site, so 400 days of 15
 * bulletins over a dozen sites stay well under half a million rows, however many devices there are.
 */
export interface ProgressStore {
  /**
   * Records the counts of `day` (`2026-11-26`), in one statement whatever the fleet's size: each
   * (bulletin, site, status) of the day takes the new count, and one the new counts no longer name
   * drops to zero, so that the day holds the last record and nothing older.
   */
  recordProgress(day: string, counts: readonly ProgressCount[]): Promise<void>;
  /** The recorded days of one bulletin (or {@link ALL_BULLETINS}) from `from` on, oldest first; one site's alone with `site` (any case). */
  progressHistory(query: { readonly advisory: string; readonly site?: string; readonly from?: string }): Promise<ProgressDay[]>;
  /** Forgets the days before `before`. */
  pruneProgress(before: string): Promise<void>;
}

/** What a link serves: the bytes, how to serve them, and the name to save them under. */
export interface LinkedFileContent {
  readonly bytes: Buffer;
  /** `image/png` (a chart), `text/csv` (an export). */
  readonly mediaType: string;
  readonly fileName: string;
}

/**
 * A picture or a file kept for a while behind an unguessable link: Teams fetches card images by URL, and
 * a bot cannot attach a file in a Teams channel.
 */
export interface StoredLinkedFile extends LinkedFileContent {
  readonly token: string;
  readonly createdAt: Date;
  readonly expiresAt: Date;
}

/** Pictures and files served at their links until they expire, by whichever replica is asked. */
export interface LinkedFileStore {
  /** Keeps the file, and forgets every file that expired by its `createdAt`. */
  saveLinkedFile(file: StoredLinkedFile): Promise<void>;
  /** The file behind `token`, or null when there is none or it expired by `now`. */
  linkedFile(token: string, now: Date): Promise<LinkedFileContent | null>;
}

/** Which database holds the store, for `/healthz`. */
export type StoreKind = 'sqlite' | 'postgres';

/** Whether the store can be reached right now. */
export interface StoreHealth {
  readonly kind: StoreKind;
  /** False while the database cannot be reached (PostgreSQL down, the network cut). */
  readonly reachable: boolean;
  /** The last connection error while unreachable, without credentials. */
  readonly lastError: string | null;
}

/**
 * The bot's own durable state, every part together. SQLite implements it by default and PostgreSQL when
 * `DATABASE_URL` names one; each consumer is typed with the parts it uses.
 */
export interface Store
  extends SnapshotStore, DeviceStateStore, ConversationStore, ReminderStore, BriefingStore, DeliveryKeyStore, LeaseStore, ProgressStore, LinkedFileStore {
  readonly kind: StoreKind;
  health(): StoreHealth;
  close(): Promise<void>;
}
