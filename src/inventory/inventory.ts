import type { Author } from '../core/message.ts';
import type { Logger } from '../log.ts';
import type { AdvisoryCatalog } from '../matching/catalog.ts';
import type { DeviceState, DeviceStateKind, Store, StoredSnapshot, SyncStatus } from '../store/store.ts';
import { activeState, auditFleet, compareUrgency, deviceStatus, type DeviceFinding, type DeviceStatus } from './fleet-audit.ts';
import type { InventorySource } from './types.ts';

/** A device with its verdict, its state in force (if any) and where that leaves it. */
export interface DeviceView {
  readonly finding: DeviceFinding;
  readonly state: DeviceState | undefined;
  readonly status: DeviceStatus;
}

/** What changed, for whoever keeps a living message current (briefings, reminders). */
export type InventoryChange = { readonly kind: 'synced' } | { readonly kind: 'state'; readonly device: string };

export interface InventoryOptions {
  readonly source: InventorySource;
  readonly store: Store;
  readonly catalog: AdvisoryCatalog;
  readonly now: () => Date;
  readonly log: Logger;
}

/**
 * The linked inventory: the last good snapshot of the source (kept in the store across restarts and
 * failed syncs), its audit against every bulletin, and the states people set on devices.
 */
export class Inventory {
  private current: StoredSnapshot | null = null;
  private status: SyncStatus | null = null;
  private findingsCache: DeviceFinding[] | null = null;
  private statesCache: Map<string, DeviceState> | null = null;
  private readonly listeners: ((change: InventoryChange) => void)[] = [];
  private syncing: Promise<boolean> | null = null;
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly options: InventoryOptions) {}

  get description(): string {
    return this.options.source.description;
  }

  /** Loads the stored snapshot, so that answers work at once, then syncs from the source. */
  async start(): Promise<void> {
    this.current = await this.options.store.loadSnapshot();
    this.status = await this.options.store.syncStatus();
    await this.sync();
  }

  /** Syncs every `intervalMs` until {@link stop}. */
  schedule(intervalMs: number): void {
    this.timer = setInterval(() => void this.sync(), intervalMs);
    this.timer.unref();
  }

  /** Stops the schedule and waits for a sync already running, so that it never writes to a closed store. */
  async stop(): Promise<void> {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
    await this.syncing;
  }

  /**
   * Reads the source. On success the snapshot is replaced and stored; on failure the last good one
   * stays and the error is recorded for every answer to mention. Concurrent calls share one read.
   */
  sync(): Promise<boolean> {
    this.syncing ??= this.readSource().finally(() => {
      this.syncing = null;
    });
    return this.syncing;
  }

  private async readSource(): Promise<boolean> {
    const { source, store, now, log } = this.options;
    const attemptAt = now();
    try {
      const read = await source.read();
      const snapshot: StoredSnapshot = { source: source.description, fetchedAt: attemptAt, read };
      await store.saveSnapshot(snapshot);
      this.current = snapshot;
      this.findingsCache = null;
      this.status = { source: source.description, lastSuccessAt: attemptAt, lastAttemptAt: attemptAt, lastError: null };
      await store.recordSyncAttempt(this.status);
      log.info('inventory synced', { source: source.description, devices: read.devices.length, rejected: read.rejected.length });
      this.emit({ kind: 'synced' });
      return true;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.status = { source: source.description, lastSuccessAt: this.status?.lastSuccessAt ?? null, lastAttemptAt: attemptAt, lastError: message };
      await store.recordSyncAttempt(this.status);
      log.warn('inventory sync failed; keeping the last good snapshot', { source: source.description, error: message });
      return false;
    }
  }

  snapshot(): StoredSnapshot | null {
    return this.current;
  }

  syncStatus(): SyncStatus | null {
    return this.status;
  }

  /** Every device judged, computed once per snapshot. */
  findings(): readonly DeviceFinding[] {
    this.findingsCache ??= auditFleet(this.current?.read.devices ?? [], this.options.catalog);
    return this.findingsCache;
  }

  /** Every device with its state and status at `now`, most urgent first. */
  async view(now: Date = this.options.now()): Promise<DeviceView[]> {
    const states = await this.states();
    return this.findings()
      .map((finding) => {
        const stored = states.get(finding.device.name.toLowerCase());
        return { finding, state: activeState(stored, now), status: deviceStatus(finding, stored, now) };
      })
      .sort((a, b) => compareUrgency(a.finding, b.finding));
  }

  findDevice(name: string): DeviceFinding | undefined {
    const key = name.trim().toLowerCase();
    return this.findings().find((f) => f.device.name.toLowerCase() === key);
  }

  async states(): Promise<Map<string, DeviceState>> {
    if (this.statesCache === null) {
      const list = await this.options.store.deviceStates();
      this.statesCache = new Map(list.map((s) => [s.device.toLowerCase(), s]));
    }
    return this.statesCache;
  }

  /** Puts a device in a state and writes the audit entry with it. */
  async setState(device: string, kind: DeviceStateKind, author: Author, until: Date | null, reason: string | null): Promise<void> {
    const at = this.options.now();
    const action = { acknowledged: 'ack', snoozed: 'snooze', accepted: 'accept' }[kind];
    await this.options.store.setDeviceState(
      { device, kind, until, reason, actor: actorId(author), changedAt: at },
      { at, platform: author.platform, actor: actorId(author), actorName: author.name ?? author.email ?? null, action, subject: device, detail: until === null ? null : `until ${until.toISOString()}`, reason },
    );
    this.statesCache = null;
    this.emit({ kind: 'state', device });
  }

  /** Clears whatever state a device is in, with an audit entry. */
  async clearState(device: string, author: Author, reason: string | null): Promise<void> {
    const at = this.options.now();
    await this.options.store.clearDeviceState(device, { at, platform: author.platform, actor: actorId(author), actorName: author.name ?? author.email ?? null, action: 'unack', subject: device, detail: null, reason });
    this.statesCache = null;
    this.emit({ kind: 'state', device });
  }

  history(device: string, limit = 10): ReturnType<Store['auditLog']> {
    return this.options.store.auditLog({ subject: device, limit });
  }

  onChange(listener: (change: InventoryChange) => void): void {
    this.listeners.push(listener);
  }

  private emit(change: InventoryChange): void {
    for (const listener of this.listeners) {
      try {
        listener(change);
      } catch (error) {
        this.options.log.error('inventory change listener failed', { error });
      }
    }
  }
}

/** `slack:U123`: the form admins are configured in and the audit log records. */
export function actorId(author: Author): string {
  return `${author.platform}:${author.id}`;
}

/** "inventory synced 3 h ago; last attempt failed: HTTP 503": said by every answer that uses it. */
export function describeFreshness(status: SyncStatus | null, now: Date): string {
  if (status === null) return 'inventory not synced yet';
  const synced = status.lastSuccessAt === null ? 'inventory never synced successfully' : `inventory synced ${ago(status.lastSuccessAt, now)}`;
  return status.lastError === null ? synced : `${synced}; last attempt failed ${ago(status.lastAttemptAt, now)}: ${status.lastError}`;
}

function ago(then: Date, now: Date): string {
  const seconds = Math.max(0, Math.round((now.getTime() - then.getTime()) / 1000));
  if (seconds < 60) return 'just now';
  const minutes = Math.round(seconds / 60);
  if (minutes < 90) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `${hours} h ago`;
  return `${Math.round(hours / 24)} days ago`;
}
