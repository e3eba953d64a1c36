import { repeat, type CancelTimer, type Clock } from '../../infrastructure/clock.ts';
import type { AdminList } from '../../infrastructure/config/admins.ts';
import { platformKey, platformOf, type Author } from '../../chat/message.ts';
import type { Logger } from '../../infrastructure/log.ts';
import type { AdvisoryCatalog } from '../../domain/matching/catalog.ts';
import { randomUUID } from 'node:crypto';
import type {
  AuditStore,
  DeviceState,
  DeviceStateKind,
  DeviceStateStore,
  LeaseStore,
  OutboxStore,
  SnapshotStore,
  StoredSnapshot,
  SyncStatus,
} from '../../infrastructure/store/store.ts';
import { withLease } from '../../infrastructure/store/with-lease.ts';
import { describeHeld, excessiveLoss, heldNotice } from './held-sync.ts';
import { activeState, auditFleet, compareUrgency, deviceStatus, type DeviceFinding } from '../../domain/fleet/fleet-audit.ts';
import { DEFAULT_MAX_LOSS_PERCENT, type InventoryRead, type InventorySource } from '../../domain/fleet/types.ts';
import type { HeldSync, InventoryPort, InventoryUnavailable, SyncOutcome } from '../../chat/ports.ts';
import { describeFreshness } from '../../chat/render/freshness.ts';
import type { DeviceView } from '../../domain/fleet/fleet-audit.ts';

/** What changed, for whoever keeps a living message current (briefings, reminders). */
export type InventoryChange = { readonly kind: 'synced' } | { readonly kind: 'state'; readonly device: string };

/** The parts of the store the inventory uses. */
export type InventoryStore = SnapshotStore & DeviceStateStore & LeaseStore & Pick<OutboxStore, 'enqueue'>;

/** The lease that lets one process at a time read the source. */
const SYNC_LEASE = 'inventory-sync';
/** How long the lease lasts unless renewed: a holder that died frees it this long after. */
const SYNC_LEASE_MS = 2 * 60_000;

export interface InventoryOptions {
  readonly source: InventorySource;
  readonly store: InventoryStore;
  readonly catalog: AdvisoryCatalog;
  /** Dates syncs and states, and times the schedule, the sync lease and the wait for another replica's sync. */
  readonly clock: Clock;
  readonly log: Logger;
  /** A read that drops more than this share of the devices (percent) is held; 50 unless given. */
  readonly maxLossPercent?: number;
  /** Told (through the outbox) when a sync is held; nobody when absent. */
  readonly admins?: AdminList;
  /** Names this process in the sync lease; random unless given. */
  readonly owner?: string;
  /** How often a process waiting for another's sync looks whether it is done; tests make it short. */
  readonly leasePollMs?: number;
  /**
   * Told when a read of the source by this process fails (`error`) or is held (`held`): the sync
   * failures counter of `/metrics`. A failure another replica recorded is its own to count.
   */
  readonly onSyncFailure?: (reason: 'error' | 'held') => void;
}

/** What `/healthz` shows of the inventory. */
export interface InventoryHealth {
  readonly source: string;
  readonly devices: number;
  readonly lastSuccessAt: Date | null;
  readonly lastAttemptAt: Date | null;
  readonly lastError: string | null;
  readonly held: { readonly devices: number; readonly lost: number; readonly previous: number; readonly since: Date } | null;
}

/**
 * The linked inventory: the last good snapshot of the source (kept in the store across restarts and
 * failed syncs), its audit against every bulletin, and the states people set on devices.
 *
 * Replicas sharing a store read the source one at a time, under a lease with an expiry: a replica that
 * finds the lease taken waits for it, then takes the snapshot the holder stored when that is recent
 * enough (for a scheduled sync, from the last half interval; for one asked for, from after the asking)
 * instead of reading the source again. Device states are read from the store, never cached, so that an
 * `ack` through one replica shows through every other.
 */
export class Inventory implements InventoryPort {
  private current: StoredSnapshot | null = null;
  private status: SyncStatus | null = null;
  private findingsCache: DeviceFinding[] | null = null;
  /** The catalog revision the cached findings were judged at; verdicts carry KEV listings, which can change between syncs. */
  private findingsRevision = -1;
  private readonly listeners: ((change: InventoryChange) => void)[] = [];
  private syncing: Promise<SyncOutcome> | null = null;
  private first: Promise<SyncOutcome> | null = null;
  private heldSync: HeldSync | null = null;
  private stopSchedule: CancelTimer | null = null;
  private readonly aborter = new AbortController();
  private readonly maxLossPercent: number;
  private readonly owner: string;
  private intervalMs: number | null = null;

  constructor(private readonly options: InventoryOptions) {
    this.maxLossPercent = options.maxLossPercent ?? DEFAULT_MAX_LOSS_PERCENT;
    this.owner = options.owner ?? randomUUID();
  }

  get description(): string {
    return this.options.source.description;
  }

  /**
   * Loads the stored snapshot, so that answers work at once, and starts the first sync from the source.
   * Resolves once that sync has ended, unless `waitForFirstSync` is false: a listener should not wait for
   * a source that is slow, rate-limited or stuck (see {@link firstSync}).
   */
  async start(options: { readonly waitForFirstSync?: boolean } = {}): Promise<void> {
    this.current = await this.options.store.loadSnapshot();
    this.status = await this.options.store.syncStatus();
    this.first = this.syncReport();
    if (options.waitForFirstSync !== false) await this.first;
  }

  /** Resolves once the first sync after {@link start} has ended, whichever way; never rejects. */
  async firstSync(): Promise<void> {
    await this.first;
  }

  /** Syncs every `intervalMs` until {@link stop}. */
  schedule(intervalMs: number): void {
    this.intervalMs = intervalMs;
    this.stopSchedule = repeat(this.options.clock, intervalMs, () => void this.syncReport({ scheduled: true }));
  }

  /**
   * Stops the schedule, aborts a read in progress (a hung pipe, a NetBox backoff) and waits for the sync
   * to wind down, so that it never writes to a closed store.
   */
  async stop(): Promise<void> {
    this.stopSchedule?.();
    this.stopSchedule = null;
    this.aborter.abort(new Error('the inventory is stopping'));
    await this.syncing;
  }

  /**
   * Reads the source. On success the snapshot is replaced and stored; on failure the last good one
   * stays and the error is recorded for every answer to mention; a read that loses too many devices is
   * held (see {@link HeldSync}). True when the snapshot was replaced. Concurrent calls share one read.
   */
  async sync(): Promise<boolean> {
    return (await this.syncReport()).kind === 'synced';
  }

  /**
   * {@link sync}, telling how it ended. Never rejects: a periodic sync must not take the process down.
   * `scheduled` syncs take another replica's recent snapshot instead of reading the source again.
   */
  syncReport(options: { readonly scheduled?: boolean } = {}): Promise<SyncOutcome> {
    if (this.aborter.signal.aborted) return Promise.resolve({ kind: 'stopped' });
    this.syncing ??= this.syncUnderLease(options.scheduled === true)
      .catch((error: unknown): SyncOutcome => {
        this.options.log.error('inventory sync failed unexpectedly', { source: this.description, error });
        this.options.onSyncFailure?.('error');
        return { kind: 'failed', error: errorMessage(error) };
      })
      .finally(() => {
        this.syncing = null;
      });
    return this.syncing;
  }

  /** Takes the sync lease (waiting while another process holds it), then reads or adopts, then lets go. */
  private async syncUnderLease(scheduled: boolean): Promise<SyncOutcome> {
    const { store, clock, log } = this.options;
    const askedAt = clock.now();
    const lease = { store, name: SYNC_LEASE, owner: this.owner, ms: SYNC_LEASE_MS, now: clock.now, log };
    for (;;) {
      const synced = await withLease(lease, () => this.syncHoldingLease(scheduled, askedAt));
      if (synced.ran) return synced.value;
      if (!(await this.wait(this.options.leasePollMs ?? 1000))) return { kind: 'stopped' };
    }
  }

  /** Reads or adopts while this process holds the sync lease, renewing it however long a slow source takes. */
  private async syncHoldingLease(scheduled: boolean, askedAt: Date): Promise<SyncOutcome> {
    const { store, clock, log } = this.options;
    const { now } = clock;
    const stopRenewing = repeat(clock, SYNC_LEASE_MS / 3, () => {
      store
        .acquireLease(SYNC_LEASE, this.owner, now(), new Date(now().getTime() + SYNC_LEASE_MS))
        .catch((error: unknown) => log.warn('inventory: could not renew the sync lease', { error }));
    });
    try {
      const adopted = await this.adoptRecent(scheduled, askedAt);
      return adopted ?? (await this.readSource());
    } finally {
      stopRenewing();
    }
  }

  /**
   * When another process synced since this one last looked, recently enough, takes its stored snapshot
   * and status instead of reading the source; null when this process should read.
   */
  private async adoptRecent(scheduled: boolean, askedAt: Date): Promise<SyncOutcome | null> {
    const { store, clock, log } = this.options;
    const stored = await store.syncStatus();
    if (stored === null || stored.lastAttemptAt.getTime() === this.status?.lastAttemptAt.getTime()) return null;
    const recent = scheduled
      ? stored.lastAttemptAt.getTime() > clock.now().getTime() - (this.intervalMs ?? 0) / 2
      : stored.lastAttemptAt.getTime() >= askedAt.getTime();
    if (!recent) return null;
    const snapshot = await store.loadSnapshot();
    this.status = stored;
    const previous = this.current?.read ?? null;
    const changed = snapshot !== null && snapshot.fetchedAt.getTime() !== this.current?.fetchedAt.getTime();
    if (changed) {
      this.current = snapshot;
      this.findingsCache = null;
      log.info('inventory: took the snapshot another replica synced', { source: this.description, devices: snapshot.read.devices.length });
      this.emit({ kind: 'synced' });
    }
    if (stored.lastError !== null) return { kind: 'failed', error: stored.lastError };
    return { kind: 'synced', previous: changed ? previous : (this.current?.read ?? null), read: this.current?.read ?? { devices: [], rejected: [] } };
  }

  /** Sleeps `ms`; false when the inventory stopped meanwhile. */
  private wait(ms: number): Promise<boolean> {
    return this.options.clock.sleep(ms, this.aborter.signal).then(
      () => true,
      () => false,
    );
  }

  private async readSource(): Promise<SyncOutcome> {
    const { source, store, clock, log } = this.options;
    const attemptAt = clock.now();
    let read: InventoryRead;
    try {
      read = await source.read(this.aborter.signal);
    } catch (error) {
      if (this.aborter.signal.aborted) {
        log.info('inventory sync abandoned: the bot is stopping', { source: source.description });
        return { kind: 'stopped' };
      }
      return this.fail(attemptAt, errorMessage(error));
    }
    const snapshot: StoredSnapshot = { source: source.description, fetchedAt: attemptAt, read };
    const lost = excessiveLoss(this.current?.read ?? null, read, this.maxLossPercent);
    if (lost !== null) return this.hold(snapshot, lost, attemptAt);
    try {
      await store.saveSnapshot(snapshot);
    } catch (error) {
      // Disk full, a read-only volume: the read was good, but a snapshot the store lacks would vanish at
      // the next restart, so the last stored one stays in use and the failure is reported like any other.
      log.error('inventory snapshot could not be stored', { source: source.description, error });
      return this.fail(attemptAt, `the store could not save the snapshot: ${errorMessage(error)}`);
    }
    const previous = this.current?.read ?? null;
    this.current = snapshot;
    this.findingsCache = null;
    if (this.heldSync !== null) log.info('inventory sync no longer held: the source recovered', { source: source.description });
    this.heldSync = null;
    await this.recordStatus({ source: source.description, lastSuccessAt: attemptAt, lastAttemptAt: attemptAt, lastError: null });
    log.info('inventory synced', { source: source.description, devices: read.devices.length, rejected: read.rejected.length });
    this.emit({ kind: 'synced' });
    return { kind: 'synced', previous, read };
  }

  private async fail(attemptAt: Date, message: string): Promise<SyncOutcome> {
    const { source, log } = this.options;
    this.options.onSyncFailure?.('error');
    await this.recordStatus({ source: source.description, lastSuccessAt: this.status?.lastSuccessAt ?? null, lastAttemptAt: attemptAt, lastError: message });
    log.warn('inventory sync failed; keeping the last good snapshot', { source: source.description, error: message });
    return { kind: 'failed', error: message };
  }

  private async hold(snapshot: StoredSnapshot, lost: number, attemptAt: Date): Promise<SyncOutcome> {
    const { source, log } = this.options;
    const first = this.heldSync === null;
    const held: HeldSync = { snapshot, lost, previous: this.current?.read.devices.length ?? 0, since: this.heldSync?.since ?? attemptAt };
    this.heldSync = held;
    this.options.onSyncFailure?.('held');
    await this.recordStatus({
      source: source.description,
      lastSuccessAt: this.status?.lastSuccessAt ?? null,
      lastAttemptAt: attemptAt,
      lastError: describeHeld(held, this.maxLossPercent),
    });
    log.warn('inventory sync held: it would remove too many devices; keeping the last good snapshot', {
      source: source.description,
      devices: snapshot.read.devices.length,
      lost,
      previous: held.previous,
      maxLossPercent: this.maxLossPercent,
    });
    if (first) await this.tellAdmins(held);
    return { kind: 'held', held };
  }

  /** Keeps the status for answers at once, and in the store when it can: a store failure is only logged. */
  private async recordStatus(status: SyncStatus): Promise<void> {
    this.status = status;
    try {
      await this.options.store.recordSyncAttempt(status);
    } catch (error) {
      this.options.log.error('inventory sync status could not be stored', { source: status.source, error });
    }
  }

  /** Puts a notice for each admin in the outbox, the way a paused reminder is reported. */
  private async tellAdmins(held: HeldSync): Promise<void> {
    const { admins, store, clock, log } = this.options;
    const notice = heldNotice(held, this.description);
    for (const key of admins?.conversationKeys() ?? []) {
      try {
        await store.enqueue(key, platformOf(key), notice, clock.now());
      } catch (error) {
        log.error('inventory: could not queue the held-sync notice', { to: key, error });
      }
    }
  }

  /** The read kept aside because it lost too many devices, or null. */
  held(): HeldSync | null {
    return this.heldSync;
  }

  /** What answers say about a held sync (and what its status records), or null when none is held. */
  heldNotice(): string | null {
    return this.heldSync === null ? null : describeHeld(this.heldSync, this.maxLossPercent);
  }

  /**
   * Accepts the held read as the fleet (an admin's word that it really shrank): stores it, writes the
   * audit entry, and tells the listeners. Null when nothing is held.
   */
  async confirmHeld(author: Author, reason: string | null): Promise<HeldSync | null> {
    const held = this.heldSync;
    if (held === null) return null;
    const { store, clock, source } = this.options;
    const at = clock.now();
    await store.saveSnapshot(held.snapshot);
    await store.appendAudit({
      at,
      platform: author.platform,
      actor: actorId(author),
      actorName: author.name ?? author.email ?? null,
      action: 'inventory sync confirm',
      subject: 'inventory',
      detail: `${held.snapshot.read.devices.length} devices from ${source.description} replace ${held.previous}`,
      reason,
    });
    this.current = held.snapshot;
    this.findingsCache = null;
    this.heldSync = null;
    await this.recordStatus({
      source: source.description,
      lastSuccessAt: held.snapshot.fetchedAt,
      lastAttemptAt: this.status?.lastAttemptAt ?? at,
      lastError: null,
    });
    this.options.log.warn('inventory: held sync confirmed by an admin', {
      source: source.description,
      actor: actorId(author),
      devices: held.snapshot.read.devices.length,
    });
    this.emit({ kind: 'synced' });
    return held;
  }

  snapshot(): StoredSnapshot | null {
    return this.current;
  }

  syncStatus(): SyncStatus | null {
    return this.status;
  }

  /**
   * The freshness line for answers, reminders and briefings: when the source was last read, how the last
   * attempt went, a held sync, and how many rows were rejected. A held sync is named even when a later
   * failure has taken its place in the status, since the held read still waits for an admin.
   */
  freshness(now: Date = this.options.clock.now()): string {
    return describeFreshness(this.status, now, this.current?.read.rejected.length ?? 0, this.heldNotice());
  }

  /**
   * Why no answer about the fleet can be given, or null when one can: with no good snapshot (none stored,
   * and no read has succeeded yet), "0 devices" would read as "nothing to patch". Says whether the first
   * read is still running or why it failed (the source's error names the setting at fault).
   */
  unavailable(): InventoryUnavailable | null {
    if (this.current !== null) return null;
    const error = this.status?.lastError ?? null;
    return error === null
      ? { kind: 'not_read_yet', reason: `the inventory (${this.description}) has not been read yet` }
      : { kind: 'failed', reason: `the inventory (${this.description}) could not be read: ${error}` };
  }

  health(): InventoryHealth {
    const held = this.heldSync;
    return {
      source: this.description,
      devices: this.current?.read.devices.length ?? 0,
      lastSuccessAt: this.status?.lastSuccessAt ?? null,
      lastAttemptAt: this.status?.lastAttemptAt ?? null,
      lastError: this.status?.lastError ?? null,
      held: held === null ? null : { devices: held.snapshot.read.devices.length, lost: held.lost, previous: held.previous, since: held.since },
    };
  }

  /** Every device judged, computed once per snapshot and KEV change. */
  findings(): readonly DeviceFinding[] {
    if (this.findingsRevision !== this.options.catalog.revision) this.findingsCache = null;
    this.findingsRevision = this.options.catalog.revision;
    this.findingsCache ??= auditFleet(this.current?.read.devices ?? [], this.options.catalog);
    return this.findingsCache;
  }

  /** Every device with its state and status at `now`, most urgent first. */
  async view(now: Date = this.options.clock.now()): Promise<DeviceView[]> {
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

  /** Read from the store every time: another replica may have changed one since. */
  async states(): Promise<Map<string, DeviceState>> {
    const list = await this.options.store.deviceStates();
    return new Map(list.map((s) => [s.device.toLowerCase(), s]));
  }

  /** Puts a device in a state and writes the audit entry with it. */
  async setState(device: string, kind: DeviceStateKind, author: Author, until: Date | null, reason: string | null): Promise<void> {
    const at = this.options.clock.now();
    const action = { acknowledged: 'ack', snoozed: 'snooze', accepted: 'accept' }[kind];
    await this.options.store.setDeviceState(
      { device, kind, until, reason, actor: actorId(author), changedAt: at },
      {
        at,
        platform: author.platform,
        actor: actorId(author),
        actorName: author.name ?? author.email ?? null,
        action,
        subject: device,
        detail: until === null ? null : `until ${until.toISOString()}`,
        reason,
      },
    );
    this.emit({ kind: 'state', device });
  }

  /** Clears whatever state a device is in, with an audit entry. */
  async clearState(device: string, author: Author, reason: string | null): Promise<void> {
    const at = this.options.clock.now();
    await this.options.store.clearDeviceState(device, {
      at,
      platform: author.platform,
      actor: actorId(author),
      actorName: author.name ?? author.email ?? null,
      action: 'unack',
      subject: device,
      detail: null,
      reason,
    });
    this.emit({ kind: 'state', device });
  }

  history(device: string, limit = 10): ReturnType<AuditStore['auditLog']> {
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

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** `slack:U123`: the form admins are configured in and the audit log records. */
export function actorId(author: Author): string {
  return platformKey(author);
}
