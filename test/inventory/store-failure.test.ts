import assert from 'node:assert/strict';
import process from 'node:process';
import { describe, it } from 'node:test';
import { Inventory } from '../../src/features/inventory/inventory.ts';
import { silentLogger } from '../../src/infrastructure/log.ts';
import { SqliteStore } from '../../src/infrastructure/store/sqlite-store.ts';
import type { Store } from '../../src/infrastructure/store/store.ts';
import { catalog, device, ScriptedSource } from '../helpers/inventory-fixtures.ts';
import { ManualClock } from '../helpers/manual-clock.ts';

type Method = 'saveSnapshot' | 'recordSyncAttempt';

/** A SQLite store whose named writes fail the way a full disk or a read-only volume makes them fail. */
function breakableStore(): { store: Store; broken: Set<Method>; close: () => Promise<void> } {
  const inner = SqliteStore.open(':memory:');
  const broken = new Set<Method>();
  const store = new Proxy(inner, {
    get(target, name, receiver) {
      if (broken.has(name as Method)) return () => Promise.reject(new Error('SQLITE_FULL: database or disk is full'));
      const value: unknown = Reflect.get(target, name, receiver);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
  return { store, broken, close: () => inner.close() };
}

async function inventoryOver(store: Store, source: ScriptedSource, clock = new ManualClock('2026-11-26T09:00:00Z')): Promise<Inventory> {
  const inventory = new Inventory({ source, store, catalog, clock, log: silentLogger });
  await inventory.start();
  return inventory;
}

void describe('a store that cannot be written during a sync', () => {
  void it('keeps the last good snapshot and reports the full disk in the sync status, without throwing', async () => {
    const { store, broken, close } = breakableStore();
    const source = new ScriptedSource([device('fw1', '6.3.0r19')]);
    const inventory = await inventoryOver(store, source);
    broken.add('saveSnapshot').add('recordSyncAttempt');
    source.willReturn([device('fw1', '6.3.0r22'), device('fw2', '6.3.0r22')]);
    assert.equal(await inventory.sync(), false);
    assert.deepEqual(
      inventory.findings().map((f) => `${f.device.name} ${f.device.version}`),
      ['fw1 6.3.0r19'],
    );
    assert.equal(inventory.health().lastError, 'the store could not save the snapshot: SQLITE_FULL: database or disk is full');
    await close();
  });

  void it('keeps the source’s own error when the status cannot be recorded after a failed read', async () => {
    const { store, broken, close } = breakableStore();
    const source = new ScriptedSource([device('fw1', '6.3.0r19')]);
    const inventory = await inventoryOver(store, source);
    broken.add('recordSyncAttempt');
    source.willFail('HTTP 503 from NetBox');
    assert.equal(await inventory.sync(), false);
    assert.equal(inventory.health().lastError, 'HTTP 503 from NetBox');
    assert.equal(inventory.findings().length, 1);
    await close();
  });

  void it('keeps the periodic sync running, with no unhandled rejection, while the disk stays full', async () => {
    const { store, broken, close } = breakableStore();
    const source = new ScriptedSource([device('fw1', '6.3.0r19')]);
    const clock = new ManualClock('2026-11-26T09:00:00Z');
    const inventory = await inventoryOver(store, source, clock);
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown): void => void unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      broken.add('saveSnapshot').add('recordSyncAttempt');
      source.willReturn([device('fw2', '6.3.0r22')]);
      const before = source.reads;
      inventory.schedule(60_000);
      await clock.advance(3 * 60_000);
      assert.equal(source.reads, before + 3, 'a sync each minute');
      await inventory.stop();
      await new Promise((resolve) => setImmediate(resolve));
      assert.deepEqual(unhandled, []);
      assert.equal(inventory.findings()[0]?.device.name, 'fw1');
    } finally {
      process.off('unhandledRejection', onUnhandled);
      await close();
    }
  });
});
