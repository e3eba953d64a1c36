import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { BriefingService, type BriefingPublisher } from '../../src/features/briefings/briefing-service.ts';
import { Inventory } from '../../src/features/inventory/inventory.ts';
import type { InventoryRead, InventorySource } from '../../src/domain/fleet/types.ts';
import { silentLogger } from '../../src/infrastructure/log.ts';
import { SqliteStore } from '../../src/infrastructure/store/sqlite-store.ts';
import { catalog, device, ScriptedSource } from '../helpers/inventory-fixtures.ts';
import { ManualClock } from '../helpers/manual-clock.ts';

/** A source whose read waits until the test lets it finish. */
class GatedSource implements InventorySource {
  readonly description = 'gated test source';
  reads = 0;
  private open: (read: InventoryRead) => void = () => undefined;
  private readonly started: Promise<void>;
  private markStarted: () => void = () => undefined;

  constructor() {
    this.started = new Promise((resolve) => (this.markStarted = resolve));
  }

  read(): Promise<InventoryRead> {
    this.reads++;
    this.markStarted();
    return new Promise((resolve) => (this.open = resolve));
  }

  whenReading(): Promise<void> {
    return this.started;
  }

  finish(read: InventoryRead): void {
    this.open(read);
  }
}

/**
 * A replica's store that counts the leases it was refused. A replica refused a lease has decided to wait
 * for it: that, not a fixed time, is what a test that it waits must wait for.
 */
function countingRefusals(store: SqliteStore): { readonly store: SqliteStore; refused(lease: string, count: number): Promise<void> } {
  const refusals = new Map<string, number>();
  const waiters: { lease: string; count: number; resolve: () => void }[] = [];
  const watched = new Proxy(store, {
    get(target, property) {
      if (property === 'acquireLease') {
        return async (...args: Parameters<SqliteStore['acquireLease']>): Promise<boolean> => {
          const acquired = await target.acquireLease(...args);
          if (!acquired) {
            const [lease] = args;
            refusals.set(lease, (refusals.get(lease) ?? 0) + 1);
            for (const waiter of waiters.filter((w) => w.lease === lease && (refusals.get(lease) ?? 0) >= w.count)) {
              waiters.splice(waiters.indexOf(waiter), 1);
              waiter.resolve();
            }
          }
          return acquired;
        };
      }
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
  return {
    store: watched,
    refused(lease, count) {
      if ((refusals.get(lease) ?? 0) >= count) return Promise.resolve();
      return new Promise((resolve, reject) => {
        // Only a replica that never asks fails the test this way; no assertion depends on the time.
        const timer = setTimeout(() => reject(new Error(`the lease ${lease} was refused ${refusals.get(lease) ?? 0} times, not ${count}`)), 5000);
        waiters.push({
          lease,
          count,
          resolve: () => {
            clearTimeout(timer);
            resolve();
          },
        });
      });
    },
  };
}

async function sharedFile<T>(use: (open: () => SqliteStore) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'screenos-leases-'));
  try {
    return await use(() => SqliteStore.open(path.join(dir, 'bot.sqlite')));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** How often a replica asks again for a lease another holds, and how soon a refused briefing edit is tried again. */
const LEASE_POLL_MS = 1000;
const RETRY_MS = 2000;

describe('replicas sharing a store', () => {
  it('read the inventory source one at a time: a replica whose scheduled sync finds another reading takes what that one stored', async () => {
    await sharedFile(async (open) => {
      const clock = new ManualClock('2026-11-26T09:00:00Z');
      const [storeA, storeB] = [open(), open()];
      const gated = new GatedSource();
      const scripted = new ScriptedSource([device('fw1', '6.3.0r19'), device('fw2', '6.2.0r16'), device('fw3', '6.3.0r26')]);
      const a = new Inventory({ source: gated, store: storeA, catalog, clock, log: silentLogger, owner: 'a', leasePollMs: LEASE_POLL_MS });
      const watchedB = countingRefusals(storeB);
      const b = new Inventory({ source: scripted, store: watchedB.store, catalog, clock, log: silentLogger, owner: 'b', leasePollMs: LEASE_POLL_MS });
      b.schedule(15 * 60_000);
      try {
        const first = a.syncReport();
        await gated.whenReading();
        const second = b.syncReport({ scheduled: true });
        // Refused the sync lease, and refused again when it asked once more: it is waiting, not reading.
        await watchedB.refused('inventory-sync', 1);
        await clock.advance(LEASE_POLL_MS);
        await watchedB.refused('inventory-sync', 2);
        assert.equal(scripted.reads, 0, 'the second replica waits while the first reads');
        gated.finish({ devices: [device('fw1', '6.3.0r19'), device('fw2', '6.2.0r16')], rejected: [] });
        assert.equal((await first).kind, 'synced');
        await clock.advance(LEASE_POLL_MS);
        const outcome = await second;
        assert.equal(outcome.kind, 'synced');
        assert.equal(scripted.reads, 0, 'it took the stored snapshot instead of reading the source again');
        assert.deepEqual(
          b
            .findings()
            .map((f) => f.device.name)
            .sort(),
          ['fw1', 'fw2'],
        );

        await clock.advance(60_000);
        assert.equal(await b.sync(), true);
        assert.equal(scripted.reads, 1, 'a sync asked for after the other one reads the source');
        assert.deepEqual(
          b
            .findings()
            .map((f) => f.device.name)
            .sort(),
          ['fw1', 'fw2', 'fw3'],
        );
      } finally {
        await a.stop();
        await b.stop();
        await storeA.close();
        await storeB.close();
      }
    });
  });

  it('edit briefings one replica at a time: a refresh that finds another editing edits once that one is done', async () => {
    await sharedFile(async (open) => {
      const clock = new ManualClock('2026-11-26T09:00:00Z');
      const store = open();
      const other = open();
      const source = new ScriptedSource([device('fw1', '6.3.0r19')]);
      const inventory = new Inventory({ source, store, catalog, clock, log: silentLogger, owner: 'a' });
      await inventory.start();
      const briefings = new BriefingService({
        store,
        catalog,
        inventory,
        clock,
        log: silentLogger,
        owner: 'a',
        channelPattern: /^inc-/,
        defaultAdvisory: 'JSA10713',
        retryMs: RETRY_MS,
      });
      const updates: string[] = [];
      const publisher: BriefingPublisher = {
        publish: () => Promise.resolve('1.000001'),
        update: (key) => Promise.resolve(void updates.push(key)),
        note: () => Promise.resolve(),
      };
      briefings.publishers.slack = publisher;
      try {
        await store.saveBriefing({
          conversationKey: 'slack:C1',
          advisory: 'JSA10713',
          platform: 'slack',
          messageRef: '1.000001',
          digest: '{"unpatched":[],"byStatus":"stale"}',
          updatedAt: clock.now(),
        });
        assert.equal(await other.acquireLease('briefing-refresh', 'b', clock.now(), new Date(clock.now().getTime() + 60_000)), true);
        await briefings.refresh();
        assert.deepEqual(updates, [], 'nothing edited while another replica holds the lease');
        await other.releaseLease('briefing-refresh', 'b');
        await clock.advance(RETRY_MS);
        await briefings.idle();
        assert.deepEqual(updates, ['slack:C1'], 'edited once the lease was free');
      } finally {
        await briefings.idle();
        await inventory.stop();
        await store.close();
        await other.close();
      }
    });
  });
});
