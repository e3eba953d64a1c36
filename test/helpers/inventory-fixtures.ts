import path from 'node:path';
import { loadAdvisories } from '../../src/domain/advisories/load-advisories.ts';
import { AdminList } from '../../src/infrastructure/config/admins.ts';
import { Bot } from '../../src/chat/bot.ts';
import { createRegistry } from '../../src/chat/create-bot.ts';
import type { Author, IncomingMessage } from '../../src/chat/message.ts';
import { Inventory } from '../../src/features/inventory/inventory.ts';
import type { Device, InventoryRead, InventorySource } from '../../src/domain/fleet/types.ts';
import { silentLogger } from '../../src/infrastructure/log.ts';
import { AdvisoryCatalog } from '../../src/domain/matching/catalog.ts';
import { SqliteStore } from '../../src/infrastructure/store/sqlite-store.ts';
import { ManualClock } from './manual-clock.ts';
import { PROJECT_ROOT } from './run-process.ts';

const { advisories } = await loadAdvisories(path.join(PROJECT_ROOT, 'advisories'));
export const catalog = new AdvisoryCatalog(advisories);

/** A device with sensible defaults; tests override what they look at. */
export function device(name: string, version: string, extra: Partial<Device> = {}): Device {
  return {
    name,
    version,
    site: 'Amsterdam',
    owner: 'netops-ams@example.com',
    product: 'ScreenOS',
    platform: null,
    managementIp: null,
    tags: [],
    ref: `row ${name}`,
    ...extra,
  };
}

/** A hand-written source whose next reads a test decides: a list of devices, or an error. */
export class ScriptedSource implements InventorySource {
  readonly description = 'scripted test source';
  reads = 0;
  private next: InventoryRead | Error;

  constructor(devices: readonly Device[]) {
    this.next = { devices, rejected: [] };
  }

  willReturn(devices: readonly Device[], rejected: InventoryRead['rejected'] = []): void {
    this.next = { devices, rejected };
  }

  willFail(message: string): void {
    this.next = new Error(message);
  }

  read(): Promise<InventoryRead> {
    this.reads++;
    return this.next instanceof Error ? Promise.reject(this.next) : Promise.resolve(this.next);
  }
}

export interface InventoryRig {
  readonly source: ScriptedSource;
  readonly store: SqliteStore;
  readonly clock: ManualClock;
  readonly inventory: Inventory;
  readonly bot: Bot;
}

/** An inventory over an in-memory store and a scripted source, and a bot whose admin is slack:UADMIN. */
export async function inventoryRig(devices: readonly Device[], admins = 'slack:UADMIN,console,alice@example.com'): Promise<InventoryRig> {
  const source = new ScriptedSource(devices);
  const store = SqliteStore.open(':memory:');
  const clock = new ManualClock('2026-11-26T09:00:00Z');
  const inventory = new Inventory({ source, store, catalog, clock, log: silentLogger });
  await inventory.start();
  const bot = new Bot(createRegistry(), {
    catalog,
    now: clock.now,
    log: silentLogger,
    inventory,
    admins: AdminList.parse(admins).admins,
    reminders: null,
    briefings: null,
    history: store,
  });
  return { source, store, clock, inventory, bot };
}

export const ADMIN: Author = { platform: 'slack', id: 'UADMIN', name: 'ada' };
export const NON_ADMIN: Author = { platform: 'slack', id: 'UOTHER', name: 'otto' };

export function from(author: Author, text: string): IncomingMessage {
  return { conversation: { platform: author.platform, id: 'C1' }, author, text, addressedToBot: true };
}
