import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Inventory } from '../../src/features/inventory/inventory.ts';
import { silentLogger } from '../../src/infrastructure/log.ts';
import { ProgressRecorder } from '../../src/features/progress/history-recorder.ts';
import { SqliteStore } from '../../src/infrastructure/store/sqlite-store.ts';
import { ADMIN, catalog, device, inventoryRig, ScriptedSource } from '../helpers/inventory-fixtures.ts';
import { ManualClock } from '../helpers/manual-clock.ts';

const DAY = 86_400_000;

describe('the progress history', () => {
  it('records every sync and every state change into its day, and each day apart', async () => {
    const rig = await inventoryRig([device('fw1', '6.3.0r19'), device('fw2', '6.3.0r19', { site: 'Frankfurt' })]);
    const recorder = new ProgressRecorder({ store: rig.store, inventory: rig.inventory, catalog, now: rig.clock.now, log: silentLogger });
    rig.inventory.onChange(() => void recorder.record());
    await recorder.record();
    assert.deepEqual(await rig.store.progressHistory({ advisory: 'JSA10713' }), [{ day: '2026-11-26', counts: { unpatched: 2 } }]);

    await rig.inventory.setState('fw1', 'acknowledged', ADMIN, null, 'tonight');
    await recorder.idle();
    assert.deepEqual(
      await rig.store.progressHistory({ advisory: 'JSA10713' }),
      [{ day: '2026-11-26', counts: { unpatched: 1, acknowledged: 1 } }],
      'an ack is recorded at once',
    );

    await rig.clock.advance(DAY);
    rig.source.willReturn([device('fw1', '6.3.0r26'), device('fw2', '6.3.0r19', { site: 'Frankfurt' })]);
    await rig.inventory.sync();
    await recorder.idle();
    assert.deepEqual(await rig.store.progressHistory({ advisory: 'JSA10713' }), [
      { day: '2026-11-26', counts: { unpatched: 1, acknowledged: 1 } },
      { day: '2026-11-27', counts: { unpatched: 1, not_affected: 1 } },
    ]);
    assert.deepEqual(await rig.store.progressHistory({ advisory: '*', site: 'frankfurt' }), [
      { day: '2026-11-26', counts: { unpatched: 1 } },
      { day: '2026-11-27', counts: { unpatched: 1 } },
    ]);
  });

  it('records nothing while the inventory has never been read: zero devices would read as all patched', async () => {
    const source = new ScriptedSource([]);
    source.willFail('no such file');
    const store = SqliteStore.open(':memory:');
    const clock = new ManualClock('2026-11-26T09:00:00Z');
    const inventory = new Inventory({ source, store, catalog, clock, log: silentLogger });
    await inventory.start();
    await new ProgressRecorder({ store, inventory, catalog, now: clock.now, log: silentLogger }).record();
    assert.deepEqual(await store.progressHistory({ advisory: '*' }), []);
  });

  it('forgets days older than 400 days as it records', async () => {
    const rig = await inventoryRig([device('fw1', '6.3.0r19')]);
    await rig.store.recordProgress('2025-10-22', [{ advisory: '*', site: 'amsterdam', status: 'unpatched', devices: 9 }]);
    await rig.store.recordProgress('2025-10-23', [{ advisory: '*', site: 'amsterdam', status: 'unpatched', devices: 8 }]);
    await new ProgressRecorder({ store: rig.store, inventory: rig.inventory, catalog, now: rig.clock.now, log: silentLogger }).record();
    assert.deepEqual(
      (await rig.store.progressHistory({ advisory: '*' })).map((d) => d.day),
      ['2025-10-23', '2026-11-26'],
    );
  });
});
