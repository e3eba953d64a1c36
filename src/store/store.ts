import type { Platform } from '../core/message.ts';
import type { InventoryRead } from '../inventory/types.ts';

/** A state a person put a device in. It ends by itself at `until`, or when someone clears it. */
export type DeviceStateKind = 'acknowledged' | 'snoozed' | 'accepted';

export interface DeviceState {
  /** The device's name as the inventory spells it; looked up case-insensitively. */
  readonly device: string;
  readonly kind: DeviceStateKind;
  /** When it lapses; null for an acknowledgement, which lasts until cleared or patched. */
  readonly until: Date | null;
  readonly reason: string | null;
  /** Who set it, as `platform:id` (and name in the audit log). */
  readonly actor: string;
  readonly changedAt: Date;
}

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
 * The bot's own durable state. SQLite implements it by default; every method is async so that a
 * PostgreSQL implementation can satisfy the same interface without touching callers.
 */
export interface Store {
  loadSnapshot(): Promise<StoredSnapshot | null>;
  saveSnapshot(snapshot: StoredSnapshot): Promise<void>;
  recordSyncAttempt(status: SyncStatus): Promise<void>;
  syncStatus(): Promise<SyncStatus | null>;
  deviceStates(): Promise<DeviceState[]>;
  /** Sets a device's state and appends the audit entry, both or neither. */
  setDeviceState(state: DeviceState, audit: AuditEntry): Promise<void>;
  /** Clears a device's state and appends the audit entry, both or neither. */
  clearDeviceState(device: string, audit: AuditEntry): Promise<void>;
  /** Audit entries, newest first; for one device when `subject` is given. */
  auditLog(query?: { readonly subject?: string; readonly limit?: number }): Promise<AuditEntry[]>;
  close(): Promise<void>;
}
