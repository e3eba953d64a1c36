import type { Config, InventoryConfig } from '../src/infrastructure/config.ts';
import type { Bot } from '../src/chat/bot.ts';
import { createBot } from '../src/chat/create-bot.ts';
import { loadCatalog } from '../src/features/catalog/load-catalog.ts';
import { FileSource } from '../src/infrastructure/inventory-sources/file-source.ts';
import { Inventory } from '../src/features/inventory/inventory.ts';
import { NetBoxSource } from '../src/infrastructure/inventory-sources/netbox-source.ts';
import type { InventoryLimits, InventorySource } from '../src/domain/fleet/types.ts';
import type { Logger } from '../src/infrastructure/log.ts';
import type { AdvisoryCatalog } from '../src/domain/matching/catalog.ts';
import { openConfiguredStore } from '../src/infrastructure/store/open-store.ts';
import type { RetryPolicy } from '../src/infrastructure/store/pg/pg-database.ts';
import type { Store } from '../src/infrastructure/store/store.ts';
import { systemClock, type Clock } from '../src/infrastructure/clock.ts';
import { randomUUID } from 'node:crypto';
import type { Platform } from '../src/chat/message.ts';
import type { Delivery } from '../src/features/reminders/delivery.ts';
import { Outbox } from '../src/features/reminders/outbox.ts';
import { ReminderService } from '../src/features/reminders/reminder-service.ts';
import { ReminderScheduler } from '../src/features/reminders/scheduler.ts';
import { BriefingService } from '../src/features/briefings/briefing-service.ts';
import { KevFeed } from '../src/features/catalog/kev-feed.ts';
import { announceKnownExploited } from '../src/features/briefings/kev-announcement.ts';
import { BotMetrics } from '../src/features/metrics/bot-metrics.ts';
import { ProgressRecorder } from '../src/features/progress/history-recorder.ts';

/** Everything the adapters share: the core, and the state behind it. */
export interface Runtime {
  readonly bot: Bot;
  readonly catalog: AdvisoryCatalog;
  readonly inventory: Inventory | null;
  readonly store: Store;
  readonly scheduler: ReminderScheduler;
  readonly briefings: BriefingService;
  /** The KEV data's refresh from `KEV_URL` (idle without it) and its status. */
  readonly kev: KevFeed;
  /** Filled in by the composition root as each adapter starts: how reminders reach each platform. */
  readonly deliveries: Partial<Record<Platform, Delivery>>;
  /** What `/metrics` exposes: commands, deliveries and syncs as they happen, the fleet when scraped. */
  readonly metrics: BotMetrics;
  /**
   * Stops the scheduler, the inventory and the KEV refresh, then closes the store. Reminder posts already
   * sent get `deliveryGraceMs` to be answered and recorded (default 0: abandoned at once, outcome unknown).
   */
  close(options?: { readonly deliveryGraceMs?: number }): Promise<void>;
}

const NETBOX_TIMEOUT_MS = 15_000;
const NETBOX_RETRIES = 3;

export interface RuntimeOptions {
  /**
   * False resolves as soon as the stored snapshot is loaded, with the first sync still running, so that a
   * listener starts at once whatever the source does (see `Inventory.firstSync`). True by default: the
   * console chat and scripts have nothing to do before the fleet is known.
   */
  readonly waitForFirstSync?: boolean;
  /** How PostgreSQL queries wait for a database that went away; tests make it short. */
  readonly storeRetry?: RetryPolicy;
}

/**
 * Builds the platform-neutral part of the bot from a configuration: advisories, the store, the
 * inventory (loaded from the store, then synced at once and on its schedule) and the command core.
 * Everything in it reads the time and waits on `clock`, which tests move.
 */
export async function createRuntime(config: Config, log: Logger, clock: Clock = systemClock, options: RuntimeOptions = {}): Promise<Runtime> {
  const { now } = clock;
  const catalog = await loadCatalog(config.advisoriesDir, log, now);
  const store = await openConfiguredStore(config, log, clock, options.storeRetry);
  const metrics = new BotMetrics(now, log);
  // Names this process in slot claims, outbox leases and the inventory and briefing leases.
  const instanceId = randomUUID();
  const inventory =
    config.inventory === null
      ? null
      : new Inventory({
          source: createSource(config.inventory, config.inventoryLimits, log, clock),
          store,
          catalog,
          clock,
          log,
          maxLossPercent: config.inventoryMaxLossPercent,
          admins: config.admins,
          owner: instanceId,
          onSyncFailure: (reason) => metrics.recordSyncFailure(reason),
        });
  if (inventory !== null) {
    await inventory.start({ waitForFirstSync: options.waitForFirstSync !== false });
    inventory.schedule(config.inventorySyncMinutes * 60_000);
  }
  const deliveries: Partial<Record<Platform, Delivery>> = {};
  // The outbox reports permanent failures to the scheduler, which pauses the reminder and tells admins.
  const failures: { scheduler: ReminderScheduler | null } = { scheduler: null };
  const outbox = new Outbox({
    store,
    deliveries,
    clock,
    log,
    owner: instanceId,
    onPermanent: (entry, reason) => failures.scheduler?.onPermanentFailure(entry, reason) ?? Promise.resolve(),
    onOutcome: (platform, outcome) => metrics.recordDelivery(platform, outcome),
  });
  const scheduler = new ReminderScheduler({
    store,
    inventory,
    outbox,
    admins: config.admins,
    clock,
    log,
    instanceId,
    graceMs: config.reminderGraceMinutes * 60_000,
  });
  failures.scheduler = scheduler;
  const reminders = new ReminderService(store, scheduler, now, config.reminderTimezone);
  const briefings = new BriefingService({
    store,
    catalog,
    inventory,
    clock,
    log,
    owner: instanceId,
    channelPattern: config.briefingChannelPattern,
    defaultAdvisory: config.briefingDefaultAdvisory,
  });
  // Every sync and state change is counted into the progress history (the first sync may be over
  // already: the snapshot at start is counted too), and may change what a briefing shows.
  const recorder = inventory === null ? null : new ProgressRecorder({ store, inventory, catalog, now, log });
  inventory?.onChange(() => void recorder?.record());
  void recorder?.record();
  inventory?.onChange(() => void briefings.refresh());
  // The snapshot came with the catalog; the feed keeps it current when KEV_URL is set, and new listings
  // that touch our devices are announced.
  const kev = new KevFeed({ registry: catalog.kev, url: config.kev.url, refreshMs: config.kev.refreshHours * 3_600_000, clock, log });
  kev.onUpdate(async (added) => {
    await announceKnownExploited(added, { store, catalog, inventory, admins: config.admins, now, log });
  });
  kev.start();
  const bot = createBot({ catalog, now, log, inventory, admins: config.admins, reminders, briefings, history: store }, metrics.commandTiming);
  metrics.watchCommands(bot.commandNames());
  metrics.watchOutbox(() => scheduler.deliveryStatus());
  if (inventory !== null) metrics.watchInventory(inventory, () => catalog.advisories.map((a) => a.id));
  return {
    bot,
    catalog,
    inventory,
    store,
    scheduler,
    briefings,
    kev,
    deliveries,
    metrics,
    async close(options = {}) {
      await scheduler.stop(options.deliveryGraceMs ?? 0);
      // The inventory first: an announcement in progress waits for its first sync, which stopping ends.
      await inventory?.stop();
      await kev.stop();
      await briefings.idle();
      await recorder?.idle();
      await store.close();
    },
  };
}

/** The inventory source a configuration names: a file, or NetBox (also what `cli audit` reads). */
export function createSource(config: InventoryConfig, limits: InventoryLimits, log: Logger, clock: Clock): InventorySource {
  if (config.kind === 'file') return new FileSource(config.path, limits);
  return new NetBoxSource({
    url: config.url,
    token: config.token,
    filters: config.filters,
    versionField: config.versionField,
    owner: config.owner,
    pageSize: config.pageSize,
    timeoutMs: NETBOX_TIMEOUT_MS,
    retries: NETBOX_RETRIES,
    limits,
    log,
    clock,
  });
}
