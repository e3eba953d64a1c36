import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ADMIN, NON_ADMIN, device, from, inventoryRig } from '../helpers/inventory-fixtures.ts';
import { replyText } from '../helpers/messages.ts';

const FLEET = [
  device('ams-edge-fw1', '6.3.0r19', { site: 'Amsterdam', owner: 'netops-ams@example.com', tags: ['exposure=internet'] }),
  device('ams-dc-fw1', '6.2.0r16', { site: 'Amsterdam', owner: 'netops-ams@example.com' }),
  device('fra-dc-fw1', '6.3.0r17', { site: 'Frankfurt', owner: 'netops-fra@example.com' }),
  device('fra-dc-fw2', '6.3.0r26', { site: 'Frankfurt', owner: 'netops-fra@example.com' }),
];

describe('devices', () => {
  it('counts by status, site and owner, then lists the affected devices most urgent first, with freshness', async () => {
    const { bot } = await inventoryRig(FLEET);
    const answer = replyText(await bot.handle(from(ADMIN, 'devices')));
    assert.match(answer, /4 devices: 3 unpatched, 1 not affected\./);
    assert.match(answer, /Amsterdam: 2 unpatched/);
    assert.match(answer, /netops-fra@example\.com: 1 unpatched/);
    const listed = [...answer.matchAll(/^(\S+) \(/gm)].map((m) => m[1]);
    assert.deepEqual(listed, ['ams-edge-fw1', 'fra-dc-fw1', 'ams-dc-fw1']);
    assert.match(answer, /scripted test source: inventory synced just now/);
  });

  it('filters by site, owner and status, and shows acknowledged devices under affected but not under unpatched', async () => {
    const { bot, inventory } = await inventoryRig(FLEET);
    await inventory.setState('fra-dc-fw1', 'acknowledged', ADMIN, null, null);
    assert.match(replyText(await bot.handle(from(ADMIN, 'devices site=frankfurt status=all'))), /2 devices \(site frankfurt\): 1 acknowledged, 1 not affected/);
    assert.doesNotMatch(replyText(await bot.handle(from(ADMIN, 'devices status=unpatched'))), /fra-dc-fw1/);
    assert.match(replyText(await bot.handle(from(ADMIN, 'devices owner=netops-fra@example.com'))), /fra-dc-fw1 .*: acknowledged/);
  });

  it('pages long lists with a button for the next page that keeps the filters', async () => {
    const many = Array.from({ length: 45 }, (_, i) => device(`fw${String(i).padStart(2, '0')}`, '6.3.0r19', { site: 'New York' }));
    const { bot } = await inventoryRig(many);
    const first = await bot.handle(from(ADMIN, 'devices site="New York"'));
    assert.match(replyText(first), /page 1 of 3/);
    assert.equal(first.cards[0]?.actions[0]?.command, 'devices site="New York" page=2');
    assert.match(replyText(await bot.handle(from(ADMIN, 'devices site="New York" page=3'))), /page 3 of 3/);
  });

  it('answers a bad filter with what was wrong and the usage', async () => {
    const { bot } = await inventoryRig(FLEET);
    const answer = replyText(await bot.handle(from(ADMIN, 'devices colour=red status=broken page=0 amsterdam')));
    for (const part of [
      '“colour” is not an option',
      'status “broken” is not one of affected, unpatched, all',
      'page “0” is not a page number',
      'write site=amsterdam',
    ]) {
      assert.ok(answer.includes(part), `${part} in ${answer}`);
    }
  });
});

describe('state changes', () => {
  it('lets an admin acknowledge a device, confirms it publicly, and records who, how and why', async () => {
    const { bot, inventory } = await inventoryRig(FLEET);
    const reply = await bot.handle(from(ADMIN, 'ack AMS-EDGE-FW1 upgrade booked for Saturday'));
    assert.equal(reply.visibility, 'public');
    assert.match(replyText(reply), /ams-edge-fw1 acknowledged: upgrade booked for Saturday\. Recorded in the audit log\./);
    const [entry] = await inventory.history('ams-edge-fw1');
    assert.deepEqual(
      { action: entry?.action, actor: entry?.actor, platform: entry?.platform, reason: entry?.reason },
      { action: 'ack', actor: 'slack:UADMIN', platform: 'slack', reason: 'upgrade booked for Saturday' },
    );
  });

  it('refuses a non-admin, naming who may do it, and changes and records nothing', async () => {
    const { bot, inventory, store } = await inventoryRig(FLEET);
    for (const command of ['ack ams-edge-fw1', 'snooze ams-edge-fw1 until 3d', 'accept ams-edge-fw1 until 2026-12-31 lab', 'unack ams-edge-fw1']) {
      const answer = replyText(await bot.handle(from(NON_ADMIN, command)));
      assert.match(answer, /Only admins may change a device’s state/);
      assert.match(answer, /slack:UADMIN, console, alice@example\.com/);
    }
    assert.equal((await inventory.view())[0]?.status, 'unpatched');
    assert.deepEqual(await store.auditLog(), []);
  });

  it('recognises an admin configured by email when the platform gives the author’s email', async () => {
    const { bot } = await inventoryRig(FLEET);
    const answer = replyText(await bot.handle(from({ platform: 'teams', id: 'aad-1', email: 'Alice@Example.com' }, 'ack fra-dc-fw1')));
    assert.match(answer, /fra-dc-fw1 acknowledged/);
  });

  it('snoozes until a date and shows the date; the device comes back by itself when it passes', async () => {
    const { bot, clock } = await inventoryRig(FLEET);
    assert.match(
      replyText(await bot.handle(from(ADMIN, 'snooze fra-dc-fw1 until 2026-11-28 change freeze'))),
      /snoozed until 2026-11-28 00:00 UTC: change freeze/,
    );
    assert.match(replyText(await bot.handle(from(ADMIN, 'devices site=Frankfurt'))), /fra-dc-fw1 .*: snoozed .*until 2026-11-28 00:00 UTC/);
    await clock.moveTo('2026-11-28T00:00:00Z');
    assert.match(replyText(await bot.handle(from(ADMIN, 'devices site=Frankfurt'))), /fra-dc-fw1 .*: unpatched/);
  });

  it('answers a missing or past date, a missing reason for a risk acceptance, and an unknown device', async () => {
    const { bot } = await inventoryRig(FLEET);
    assert.match(replyText(await bot.handle(from(ADMIN, 'snooze fra-dc-fw1'))), /Until when\?/);
    assert.match(replyText(await bot.handle(from(ADMIN, 'snooze fra-dc-fw1 until 2020-01-01'))), /2020-01-01 00:00 UTC is not in the future/);
    assert.match(replyText(await bot.handle(from(ADMIN, 'snooze fra-dc-fw1 until someday'))), /“someday” is not a date/);
    assert.match(replyText(await bot.handle(from(ADMIN, 'accept fra-dc-fw1 until 2026-12-31'))), /A reason is required/);
    assert.match(replyText(await bot.handle(from(ADMIN, 'ack nyc-fw9'))), /No device “nyc-fw9”/);
    assert.match(replyText(await bot.handle(from(ADMIN, 'unack fra-dc-fw1'))), /has no state to clear/);
  });

  it('shows one device with its findings, state and history', async () => {
    const { bot } = await inventoryRig(FLEET);
    await bot.handle(from(ADMIN, 'snooze ams-edge-fw1 until 2d waiting for the window'));
    const answer = replyText(await bot.handle(from(ADMIN, 'device ams-edge-fw1')));
    for (const part of [
      'Site: Amsterdam',
      'Owner: netops-ams@example.com',
      'snoozed until 2026-11-28 09:00 UTC by slack:UADMIN: waiting for the window',
      'CVE-2015-7755',
      '6.3.0r26',
      'History',
      'snooze by ada (slack)',
      'internet-exposed',
    ]) {
      assert.ok(answer.includes(part), `${part} in\n${answer}`);
    }
  });

  it('says what a device runs and on which platform, or that the platform is not given', async () => {
    const srx = device('ams-srx-gw1', '21.4R3-S4', { product: 'Junos OS', platform: 'SRX345' });
    const { bot } = await inventoryRig([...FLEET, srx]);
    assert.ok(replyText(await bot.handle(from(ADMIN, 'device ams-srx-gw1'))).includes('Runs: Junos OS on SRX345'));
    assert.ok(replyText(await bot.handle(from(ADMIN, 'device ams-edge-fw1'))).includes('Runs: ScreenOS (platform not given)'));
  });
});

describe('device names with spaces', () => {
  it('finds a device whose name has spaces, with or without quotes, and keeps the words after it', async () => {
    const { bot } = await inventoryRig([device('ams edge fw1', '6.3.0r19'), device('ams', '6.3.0r26')]);
    assert.match(replyText(await bot.handle(from(ADMIN, 'snooze ams edge fw1 until 2d window'))), /ams edge fw1 snoozed until .*: window/);
    assert.match(replyText(await bot.handle(from(ADMIN, 'device "ams edge fw1"'))), /Site: Amsterdam/);
    assert.match(replyText(await bot.handle(from(ADMIN, 'ack ams'))), /ams: acknowledged/, 'a shorter name still matches itself');
  });
});

describe('inventory', () => {
  it('names the source, the counts and every rejected row with its reference and reason', async () => {
    const rig = await inventoryRig(FLEET);
    rig.source.willReturn(FLEET, [
      { ref: 'line 9 (lab-spare)', reason: 'version “unknown” is not a ScreenOS version' },
      { ref: 'NetBox device 17', reason: 'name is missing' },
    ]);
    await rig.inventory.sync();
    const answer = replyText(await rig.bot.handle(from(NON_ADMIN, 'inventory')));
    assert.match(answer, /Inventory: 4 devices, 2 rejected/);
    assert.match(answer, /line 9 \(lab-spare\): version “unknown” is not a ScreenOS version/);
    assert.match(answer, /NetBox device 17: name is missing/);
  });
});
