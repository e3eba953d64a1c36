import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { CommandTiming } from '../../chat/bot.ts';
import type { Platform } from '../../chat/message.ts';
import { DEVICE_STATUSES, type DeviceFinding } from '../../domain/fleet/fleet-audit.ts';
import type { Logger } from '../../infrastructure/log.ts';
import type { DeliveryOutcome, OutboxStatus } from '../reminders/outbox.ts';
import type { DeviceState, StoredSnapshot, SyncStatus } from '../../infrastructure/store/store.ts';
import { countFleet, type FleetCounts } from './fleet-counts.ts';

/** What the device gauges read at scrape time: the inventory, as narrow as the metrics need it. */
export interface FleetSource {
  /** Every device judged against every bulletin (cached by the inventory per snapshot). */
  findings(): readonly DeviceFinding[];
  /** Device states, keyed by lower-case device name; read from the store, so shared by every replica. */
  states(): Promise<ReadonlyMap<string, DeviceState>>;
  snapshot(): StoredSnapshot | null;
  syncStatus(): SyncStatus | null;
}

/** Why a sync of this process did not replace the snapshot: its read failed, or it was held for an admin. */
export type SyncFailureReason = 'error' | 'held';

const SYNC_FAILURE_REASONS: readonly SyncFailureReason[] = ['error', 'held'];

/** Latency buckets in seconds: a version check answers in milliseconds, a `devices` page of a big fleet in a second. */
const COMMAND_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * The bot's Prometheus metrics, in a registry of their own (never prom-client's global one), so that
 * every runtime, and every test, counts on its own.
 *
 * Counters are fed as things happen (commands, deliveries, sync failures); the fleet's gauges are
 * computed from the inventory when Prometheus scrapes, so they can never drift from what `devices`
 * says. Label values come from closed sets (statuses, outcomes, platforms), from the registry (command
 * names, never the text people typed), from the loaded bulletins, and from the inventory's sites,
 * which are capped (see `SITE_SERIES_LIMIT`): the number of series has a bound whatever arrives.
 */
export class BotMetrics {
  readonly registry = new Registry();
  /** For the bot: each command's duration, by its registered name. */
  readonly commandTiming: CommandTiming;
  private readonly commandSeconds: Histogram<'command'>;
  private readonly deliveries: Counter<'platform' | 'outcome'>;
  private readonly syncFailures: Counter<'reason'>;
  private processDefaults = false;
  private counting: Promise<FleetCounts | null> | null = null;

  constructor(
    private readonly now: () => Date,
    private readonly log: Logger,
  ) {
    const registers = [this.registry];
    this.commandSeconds = new Histogram({
      name: 'screenos_bot_command_duration_seconds',
      help: 'Time from a command reaching the bot to its answer, by registered command name.',
      labelNames: ['command'],
      buckets: COMMAND_BUCKETS,
      registers,
    });
    this.deliveries = new Counter({
      name: 'screenos_bot_deliveries_total',
      help: 'Outbox attempts by platform and outcome: sent, already_posted (found from an earlier attempt), retried (put back or retried), failed (given up).',
      labelNames: ['platform', 'outcome'],
      registers,
    });
    this.syncFailures = new Counter({
      name: 'screenos_bot_inventory_sync_failures_total',
      help: 'Inventory reads by this process that did not replace the snapshot: error (the source or the store failed) or held (too many devices would be removed).',
      labelNames: ['reason'],
      registers,
    });
    const histogram = this.commandSeconds;
    this.commandTiming = { start: (command) => histogram.startTimer({ command }) };
  }

  /** Starts every command's series at zero, so that a rate over a quiet period reads 0 rather than nothing. */
  watchCommands(names: readonly string[]): void {
    for (const command of names) this.commandSeconds.zero({ command });
  }

  recordDelivery(platform: Platform, outcome: DeliveryOutcome): void {
    this.deliveries.inc({ platform, outcome });
  }

  recordSyncFailure(reason: SyncFailureReason): void {
    this.syncFailures.inc({ reason });
  }

  /** The outbox gauges: what this process holds to post, and the conversations it cannot reach. */
  watchOutbox(status: () => OutboxStatus): void {
    new Gauge({
      name: 'screenos_bot_outbox_pending',
      help: 'Messages this process has leased from the outbox and not yet posted (being posted or waiting their turn).',
      registers: [this.registry],
      collect() {
        this.set(status().pending);
      },
    });
    new Gauge({
      name: 'screenos_bot_outbox_stuck_conversations',
      help: 'Conversations whose last delivery attempt from this process failed and has not succeeded since.',
      registers: [this.registry],
      collect() {
        this.set(status().stuck.length);
      },
    });
  }

  /**
   * The inventory's gauges: devices by status (fleet-wide, per bulletin, per site and bulletin), the age
   * of the last good sync and the rows left out. While no snapshot has ever been read the device gauges
   * have no samples at all: zero devices there would read as an all-clear.
   */
  watchInventory(fleet: FleetSource, advisoryIds: () => readonly string[]): void {
    const registers = [this.registry];
    const counts = (): Promise<FleetCounts | null> => this.countOnce(fleet, advisoryIds);
    for (const sync of SYNC_FAILURE_REASONS) this.syncFailures.inc({ reason: sync }, 0);
    new Gauge({
      name: 'screenos_bot_fleet_devices',
      help: 'Devices by status across every loaded bulletin, as `devices` counts them.',
      labelNames: ['status'],
      registers,
      async collect() {
        const counted = await counts();
        this.reset();
        if (counted === null) return;
        for (const status of DEVICE_STATUSES) this.set({ status }, counted.fleet[status]);
      },
    });
    new Gauge({
      name: 'screenos_bot_devices',
      help: 'Devices by status for each bulletin alone, as `devices advisory=…` counts them.',
      labelNames: ['advisory', 'status'],
      registers,
      async collect() {
        const counted = await counts();
        this.reset();
        if (counted === null) return;
        for (const [advisory, byStatus] of counted.byAdvisory) {
          for (const status of DEVICE_STATUSES) this.set({ advisory, status }, byStatus[status]);
        }
      },
    });
    new Gauge({
      name: 'screenos_bot_site_devices',
      help: 'Devices by site, bulletin and status; the 50 largest sites by name, the rest under site="(other sites)".',
      labelNames: ['advisory', 'site', 'status'],
      registers,
      async collect() {
        const counted = await counts();
        this.reset();
        if (counted === null) return;
        for (const [site, byAdvisory] of counted.bySite) {
          for (const [advisory, byStatus] of byAdvisory) {
            for (const status of DEVICE_STATUSES) this.set({ advisory, site, status }, byStatus[status]);
          }
        }
      },
    });
    const now = this.now;
    new Gauge({
      name: 'screenos_bot_inventory_sync_age_seconds',
      help: 'Seconds since the inventory was last read successfully (by any replica); +Inf before the first good read.',
      registers,
      collect() {
        const last = fleet.syncStatus()?.lastSuccessAt ?? fleet.snapshot()?.fetchedAt ?? null;
        this.set(last === null ? Number.POSITIVE_INFINITY : Math.max(0, (now().getTime() - last.getTime()) / 1000));
      },
    });
    new Gauge({
      name: 'screenos_bot_inventory_rejected_rows',
      help: 'Rows of the last good inventory read that were left out of the audit (type `inventory` for each reason).',
      registers,
      collect() {
        this.set(fleet.snapshot()?.read.rejected.length ?? 0);
      },
    });
  }

  /** Node's and the process's own metrics (CPU, memory, event loop lag, GC): for the listener's process only. */
  includeProcessDefaults(): void {
    if (this.processDefaults) return;
    this.processDefaults = true;
    collectDefaultMetrics({ register: this.registry });
  }

  /** The text exposition format, version 0.0.4. */
  get contentType(): string {
    return this.registry.contentType;
  }

  /** Everything, in the text exposition format: what `GET /metrics` answers. */
  exposition(): Promise<string> {
    return this.registry.metrics();
  }

  /**
   * The fleet counted once per scrape: prom-client asks each gauge in the same turn, so the three device
   * gauges (and concurrent scrapes) share one pass over the fleet and one read of the states. When the
   * states cannot be read (the database is down) the device gauges have no samples for that scrape,
   * rather than counting acknowledged devices as unpatched; the process's other metrics still answer.
   */
  private countOnce(fleet: FleetSource, advisoryIds: () => readonly string[]): Promise<FleetCounts | null> {
    this.counting ??= (async () => {
      if (fleet.snapshot() === null) return null;
      const at = this.now();
      try {
        return countFleet(fleet.findings(), await fleet.states(), advisoryIds(), at);
      } catch (error) {
        this.log.warn('metrics: device states could not be read; the device gauges are left out of this scrape', { error });
        return null;
      }
    })().finally(() => {
      this.counting = null;
    });
    return this.counting;
  }
}
