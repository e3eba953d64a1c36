import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Inventory } from '../../src/features/inventory/inventory.ts';
import { describeFreshness } from '../../src/chat/render/freshness.ts';
import { silentLogger } from '../../src/infrastructure/log.ts';
import { auditFleet, compareUrgency } from '../../src/domain/fleet/fleet-audit.ts';
import { ADMIN, catalog, device, inventoryRig } from '../helpers/inventory-fixtures.ts';

const HOUR = 3_600_000;

describe('the inventory keeps its last good snapshot', () => {
  it('keeps serving the last good devices when a sync fails, and says how fresh they are', async () => {
    const rig = await inventoryRig([device('fw1', '6.3.0r19'), device('fw2', '6.3.0r26')]);
    await rig.clock.advance(3 * HOUR);
    rig.source.willFail('HTTP 503 from NetBox');
    assert.equal(await rig.inventory.sync(), false);
    assert.deepEqual(
      rig.inventory.findings().map((f) => f.device.name),
      ['fw1', 'fw2'],
    );
    assert.equal(
      describeFreshness(rig.inventory.syncStatus(), rig.clock.now()),
      'inventory synced 3 h ago; last attempt failed just now: HTTP 503 from NetBox',
    );
  });

  it('reloads the stored snapshot at start, so a restart with the source down still knows the fleet', async () => {
    const rig = await inventoryRig([device('fw1', '6.3.0r19')]);
    rig.source.willFail('connect ECONNREFUSED');
    const restarted = new Inventory({ source: rig.source, store: rig.store, catalog, clock: rig.clock, log: silentLogger });
    await restarted.start();
    assert.deepEqual(
      restarted.findings().map((f) => f.device.name),
      ['fw1'],
    );
    assert.match(describeFreshness(restarted.syncStatus(), rig.clock.now()), /last attempt failed just now: connect ECONNREFUSED/);
  });

  it('replaces the snapshot and re-audits on the next good sync', async () => {
    const rig = await inventoryRig([device('fw1', '6.3.0r19')]);
    assert.equal(rig.inventory.findings()[0]?.verdict.status, 'affected');
    rig.source.willReturn([device('fw1', '6.3.0r26')]);
    await rig.inventory.sync();
    assert.equal(rig.inventory.findings()[0]?.verdict.status, 'not_affected');
  });
});

describe('device states', () => {
  it('moves a device through acknowledged, snoozed, accepted and cleared, writing each change to the audit log', async () => {
    const rig = await inventoryRig([device('fw1', '6.3.0r19')]);
    const status = async (): Promise<string | undefined> => (await rig.inventory.view())[0]?.status;
    assert.equal(await status(), 'unpatched');
    await rig.inventory.setState('fw1', 'acknowledged', ADMIN, null, 'booked');
    assert.equal(await status(), 'acknowledged');
    await rig.inventory.setState('fw1', 'snoozed', ADMIN, new Date('2026-11-27T09:00:00Z'), null);
    assert.equal(await status(), 'snoozed');
    await rig.inventory.setState('fw1', 'accepted', ADMIN, new Date('2026-12-31T00:00:00Z'), 'isolated');
    assert.equal(await status(), 'accepted');
    await rig.inventory.clearState('fw1', ADMIN, null);
    assert.equal(await status(), 'unpatched');
    const log = await rig.inventory.history('fw1');
    assert.deepEqual(
      log.map((e) => e.action),
      ['unack', 'accept', 'snooze', 'ack'],
    );
    assert.deepEqual(
      log.map((e) => `${e.platform}:${e.actor}:${e.actorName}`),
      Array(4).fill('slack:slack:UADMIN:ada'),
    );
    assert.equal(log[1]?.reason, 'isolated');
    assert.equal(log[1]?.detail, 'until 2026-12-31T00:00:00.000Z');
  });

  it('lets a snooze lapse by itself when the clock passes its date', async () => {
    const rig = await inventoryRig([device('fw1', '6.3.0r19')]);
    await rig.inventory.setState('fw1', 'snoozed', ADMIN, new Date('2026-11-27T09:00:00Z'), null);
    await rig.clock.advance(24 * HOUR - 1);
    assert.equal((await rig.inventory.view())[0]?.status, 'snoozed');
    await rig.clock.advance(1);
    assert.equal((await rig.inventory.view())[0]?.status, 'unpatched');
  });

  it('lets a risk acceptance lapse at its date too', async () => {
    const rig = await inventoryRig([device('fw1', '6.3.0r19')]);
    await rig.inventory.setState('fw1', 'accepted', ADMIN, new Date('2026-12-01T00:00:00Z'), 'lab');
    await rig.clock.moveTo('2026-12-01T00:00:01Z');
    assert.equal((await rig.inventory.view())[0]?.status, 'unpatched');
  });

  it('counts a patched device as not affected whatever state it was left in', async () => {
    const rig = await inventoryRig([device('fw1', '6.3.0r19')]);
    await rig.inventory.setState('fw1', 'acknowledged', ADMIN, null, null);
    rig.source.willReturn([device('fw1', '6.3.0r26')]);
    await rig.inventory.sync();
    assert.equal((await rig.inventory.view())[0]?.status, 'not_affected');
  });
});

describe('the fleet audit', () => {
  it('judges each distinct version once and shares the verdict between the devices that run it', () => {
    const findings = auditFleet([device('a', '6.3.0r19'), device('b', '6.3.0r19'), device('c', '6.2.0r16')], catalog);
    assert.equal(findings[0]?.verdict, findings[1]?.verdict);
    assert.notEqual(findings[0]?.verdict, findings[2]?.verdict);
  });

  it('puts CVE-2015-7755 before CVE-2015-7756, and internet-exposed devices first within the same severity', () => {
    const fleet = [
      device('internal-7756', '6.2.0r16'),
      device('exposed-7756', '6.2.0r16', { tags: ['exposure=internet'] }),
      device('internal-7755', '6.3.0r19'),
      device('exposed-7755', '6.3.0r19', { tags: ['exposure=internet'] }),
      device('clean', '6.3.0r26'),
    ];
    const order = auditFleet(fleet, catalog)
      .sort(compareUrgency)
      .map((f) => f.device.name);
    assert.deepEqual(order, ['exposed-7755', 'internal-7755', 'exposed-7756', 'internal-7756', 'clean']);
  });
});
