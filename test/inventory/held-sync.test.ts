import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { renderReplyText } from '../../adapters/console/render-text.ts';
import { AdminList } from '../../src/infrastructure/config/admins.ts';
import { FileSource } from '../../src/infrastructure/inventory-sources/file-source.ts';
import { Inventory } from '../../src/features/inventory/inventory.ts';
import { NetBoxSource } from '../../src/infrastructure/inventory-sources/netbox-source.ts';
import { silentLogger } from '../../src/infrastructure/log.ts';
import { SqliteStore } from '../../src/infrastructure/store/sqlite-store.ts';
import { FAKE_V1_TOKEN, FakeNetBox } from '../fakes/fake-netbox.ts';
import { ADMIN, NON_ADMIN, catalog, device, from, inventoryRig } from '../helpers/inventory-fixtures.ts';
import { ManualClock } from '../helpers/manual-clock.ts';

const HEADER = 'name,site,owner,version\n';
const FLEET = ['ams-fw1', 'ams-fw2', 'fra-fw1', 'fra-fw2'].map((name) => `${name},Amsterdam,netops@example.com,6.3.0r19\n`).join('');

let dir = '';

before(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'screenos-held-sync-'));
});

after(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** An inventory over a real file, an in-memory store, and two admins who can be told things. */
async function fileInventory(
  name: string,
  content: string,
  maxLossPercent?: number,
): Promise<{ file: string; inventory: Inventory; store: SqliteStore; clock: ManualClock }> {
  const file = path.join(dir, name);
  await writeFile(file, content);
  const store = SqliteStore.open(':memory:');
  const clock = new ManualClock('2026-11-26T09:00:00Z');
  const admins = AdminList.parse('slack:UADMIN,console').admins;
  const inventory = new Inventory({
    source: new FileSource(file),
    store,
    catalog,
    clock,
    log: silentLogger,
    admins,
    ...(maxLossPercent === undefined ? {} : { maxLossPercent }),
  });
  await inventory.start();
  return { file, inventory, store, clock };
}

function text(reply: Parameters<typeof renderReplyText>[0]): string {
  return renderReplyText(reply, { color: false });
}

void describe('a sync that would lose most of the fleet is held', () => {
  void it('keeps the last good devices when an export leaves only the CSV header, and says so in every answer', async () => {
    const { file, inventory, store, clock } = await fileInventory('header-only.csv', HEADER + FLEET);
    await writeFile(file, HEADER);
    await clock.advance(15 * 60_000);
    assert.equal(await inventory.sync(), false);
    assert.deepEqual(
      inventory.findings().map((f) => f.device.name),
      ['ams-fw1', 'ams-fw2', 'fra-fw1', 'fra-fw2'],
    );
    assert.equal((await inventory.view()).filter((v) => v.status === 'unpatched').length, 4, 'reminders still see four unpatched devices, not an all-clear');
    assert.equal(inventory.held()?.snapshot.read.devices.length, 0);
    assert.match(inventory.syncStatus()?.lastError ?? '', /^held: it would remove 4 of 4 devices, more than INVENTORY_MAX_LOSS_PERCENT \(50%\) allows/);
    assert.deepEqual(inventory.health().held, { devices: 0, lost: 4, previous: 4, since: clock.now() });
    assert.equal((await store.loadSnapshot())?.read.devices.length, 4, 'the stored snapshot is the last good one');
    await store.close();
  });

  void it('holds `[]` in a JSON inventory the same way', async () => {
    const devices = ['a', 'b', 'c'].map((name) => ({ name, site: 'Paris', owner: 'p@example.com', version: '6.3.0r19' }));
    const { file, inventory, store } = await fileInventory('empty-list.json', JSON.stringify(devices));
    await writeFile(file, '[]');
    assert.equal(await inventory.sync(), false);
    assert.equal(inventory.findings().length, 3);
    assert.equal(inventory.held()?.lost, 3);
    await store.close();
  });

  void it('holds NetBox answering `results: []`', async () => {
    const fake = await new FakeNetBox({
      devices: [1, 2, 3].map((id) => ({
        id,
        name: `fw-${id}`,
        site: 'Amsterdam DC1',
        tenant: 'Network Security',
        customFields: { software_version: '6.3.0r19' },
      })),
      v1Token: FAKE_V1_TOKEN,
    }).start();
    const store = SqliteStore.open(':memory:');
    try {
      const source = new NetBoxSource({
        url: fake.url,
        token: FAKE_V1_TOKEN,
        filters: {},
        versionField: 'software_version',
        owner: { from: 'tenant' },
        pageSize: 10,
        timeoutMs: 5000,
        retries: 0,
        log: silentLogger,
      });
      const inventory = new Inventory({ source, store, catalog, clock: new ManualClock('2026-11-26T09:00:00Z'), log: silentLogger });
      await inventory.start();
      fake.replaceDevices([]);
      assert.equal(await inventory.sync(), false);
      assert.deepEqual(
        inventory.findings().map((f) => f.device.name),
        ['fw-1', 'fw-2', 'fw-3'],
      );
      assert.equal(inventory.held()?.lost, 3);
    } finally {
      await store.close();
      await fake.stop();
    }
  });

  void it('accepts a loss within the allowed share, and any loss when the share is 100 %', async () => {
    const half = await fileInventory('half.csv', HEADER + FLEET);
    await writeFile(half.file, HEADER + FLEET.split('\n').slice(0, 2).join('\n'));
    assert.equal(await half.inventory.sync(), true, 'two of four gone is exactly half, which is allowed');
    assert.equal(half.inventory.findings().length, 2);
    const all = await fileInventory('all.csv', HEADER + FLEET, 100);
    await writeFile(all.file, HEADER);
    assert.equal(await all.inventory.sync(), true);
    assert.equal(all.inventory.findings().length, 0);
    await half.store.close();
    await all.store.close();
  });

  void it('tells every admin once through the outbox, not at every sync that stays held', async () => {
    const { file, inventory, store, clock } = await fileInventory('notify.csv', HEADER + FLEET);
    await writeFile(file, HEADER);
    await inventory.sync();
    await inventory.sync();
    const queued = await store.leaseOutbox('test', clock.now(), new Date(clock.now().getTime() + 60_000), 10);
    assert.deepEqual(queued.map((e) => e.conversationKey).sort(), ['console:console', 'slack:UADMIN']);
    const content = queued[0]!.content;
    assert.equal(content.kind, 'reply');
    assert.match(content.kind === 'reply' ? text(content.reply) : '', /Inventory sync held: it would remove 4 of 4 devices[\s\S]*inventory sync confirm/);
    await store.close();
  });

  void it('lets the source recover by itself: the next good read ends the hold', async () => {
    const { file, inventory, store } = await fileInventory('recover.csv', HEADER + FLEET);
    await writeFile(file, HEADER);
    await inventory.sync();
    await writeFile(file, HEADER + FLEET);
    assert.equal(await inventory.sync(), true);
    assert.equal(inventory.held(), null);
    assert.equal(inventory.syncStatus()?.lastError, null);
    await store.close();
  });
});

void describe('the inventory command and a held sync', () => {
  void it('shows the held sync on “inventory” and in the freshness line of other answers', async () => {
    const rig = await inventoryRig([device('fw1', '6.3.0r19'), device('fw2', '6.3.0r19')]);
    rig.source.willReturn([]);
    await rig.inventory.sync();
    const inventory = text(await rig.bot.handle(from(NON_ADMIN, 'inventory')));
    assert.match(inventory, /Inventory: 2 devices, 0 rejected; a sync is held/);
    assert.match(inventory, /Sync held: the last read found 0 devices where there were 2/);
    const devices = text(await rig.bot.handle(from(NON_ADMIN, 'devices')));
    assert.match(devices, /fw1/);
    assert.match(devices, /last attempt failed just now: held: it would remove 2 of 2 devices/);
  });

  void it('keeps naming the held sync after a later attempt fails for another reason', async () => {
    const rig = await inventoryRig([device('fw1', '6.3.0r19'), device('fw2', '6.3.0r19')]);
    rig.source.willReturn([]);
    await rig.inventory.sync();
    rig.source.willFail('HTTP 503 from NetBox');
    await rig.inventory.sync();
    const devices = text(await rig.bot.handle(from(NON_ADMIN, 'devices')));
    assert.match(devices, /last attempt failed just now: HTTP 503 from NetBox; a sync is held: it would remove 2 of 2 devices/);
  });

  void it('accepts the held read on “inventory sync confirm” by an admin, and records it in the audit log', async () => {
    const rig = await inventoryRig([device('fw1', '6.3.0r19'), device('fw2', '6.3.0r19'), device('fw3', '6.3.0r19')]);
    rig.source.willReturn([device('fw3', '6.3.0r19')]);
    await rig.inventory.sync();
    const reply = text(await rig.bot.handle(from(ADMIN, 'inventory sync confirm two firewalls decommissioned')));
    assert.match(reply, /Held inventory sync accepted/);
    assert.match(
      reply,
      /1 devices from scripted test source replace the 3 of the last good snapshot: two firewalls decommissioned\. Recorded in the audit log\./,
    );
    assert.deepEqual(
      rig.inventory.findings().map((f) => f.device.name),
      ['fw3'],
    );
    assert.equal(rig.inventory.held(), null);
    assert.equal((await rig.store.loadSnapshot())?.read.devices.length, 1);
    const [entry] = await rig.store.auditLog({ subject: 'inventory' });
    assert.deepEqual(
      { action: entry?.action, actor: entry?.actor, reason: entry?.reason, detail: entry?.detail },
      {
        action: 'inventory sync confirm',
        actor: 'slack:UADMIN',
        reason: 'two firewalls decommissioned',
        detail: '1 devices from scripted test source replace 3',
      },
    );
    assert.match(text(await rig.bot.handle(from(ADMIN, 'inventory sync confirm'))), /No sync is held/);
  });

  void it('lets only admins sync or confirm', async () => {
    const rig = await inventoryRig([device('fw1', '6.3.0r19')]);
    rig.source.willReturn([]);
    await rig.inventory.sync();
    const reads = rig.source.reads;
    for (const command of ['inventory sync', 'inventory sync confirm']) {
      assert.match(text(await rig.bot.handle(from(NON_ADMIN, command))), /Only admins may sync the inventory[\s\S]*slack:UADMIN/);
    }
    assert.equal(rig.source.reads, reads, 'no read for a non-admin');
    assert.notEqual(rig.inventory.held(), null, 'and nothing confirmed');
  });

  void it('syncs at once on “inventory sync” and says what changed', async () => {
    const rig = await inventoryRig([device('fw1', '6.3.0r19'), device('fw2', '6.3.0r19'), device('fw3', '6.3.0r19')]);
    rig.source.willReturn(
      [device('fw1', '6.3.0r22'), device('fw2', '6.3.0r19'), device('fw3', '6.3.0r19'), device('fw4', '6.2.0r16')],
      [{ ref: 'line 6', reason: 'no version' }],
    );
    const reply = text(await rig.bot.handle(from(ADMIN, 'inventory sync')));
    assert.match(reply, /Inventory synced: 4 devices/);
    assert.match(reply, /From scripted test source: 1 new, 1 on another version, 1 unreadable row\./);
    rig.source.willReturn([device('fw1', '6.3.0r22'), device('fw2', '6.3.0r19'), device('fw4', '6.2.0r16')]);
    assert.match(text(await rig.bot.handle(from(ADMIN, 'inventory sync'))), /From scripted test source: 1 removed\./);
    rig.source.willReturn([]);
    assert.match(text(await rig.bot.handle(from(ADMIN, 'inventory sync'))), /Inventory sync held: it would remove 3 of 3 devices/);
    rig.source.willFail('HTTP 503 from NetBox');
    assert.match(
      text(await rig.bot.handle(from(ADMIN, 'inventory sync'))),
      /Inventory sync failed[\s\S]*HTTP 503 from NetBox\. The last good snapshot stays in use\./,
    );
  });
});
