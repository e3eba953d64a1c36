/**
 * No device out of view, no false all-clear: a device whose version cannot be read is counted and listed
 * to be checked by hand; a device that left the inventory is "removed", not "patched"; an inventory that
 * cannot be read, or none at all, is said so rather than answered as "0 devices, all clear"; and answers
 * name the inventory by its file name, never a server path.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cp, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadAdvisories } from '../../src/domain/advisories/load-advisories.ts';
import { BriefingService } from '../../src/features/briefings/briefing-service.ts';
import { AdminList } from '../../src/infrastructure/config/admins.ts';
import { Bot } from '../../src/chat/bot.ts';
import { createRegistry } from '../../src/chat/create-bot.ts';
import type { Reply } from '../../src/chat/reply.ts';
import { FileSource } from '../../src/infrastructure/inventory-sources/file-source.ts';
import { Inventory } from '../../src/features/inventory/inventory.ts';
import { silentLogger } from '../../src/infrastructure/log.ts';
import { AdvisoryCatalog } from '../../src/domain/matching/catalog.ts';
import { Outbox } from '../../src/features/reminders/outbox.ts';
import { buildReminder } from '../../src/features/reminders/reminder-message.ts';
import { ReminderService } from '../../src/features/reminders/reminder-service.ts';
import { ReminderScheduler } from '../../src/features/reminders/scheduler.ts';
import { SqliteStore } from '../../src/infrastructure/store/sqlite-store.ts';
import { catalog } from '../helpers/inventory-fixtures.ts';
import { ManualClock } from '../helpers/manual-clock.ts';
import { messageFrom } from '../helpers/messages.ts';
import { PROJECT_ROOT } from '../helpers/run-process.ts';
import { replyText } from '../helpers/messages.ts';

const HEADER = 'name,site,owner,version';
const FLEET = [
  HEADER,
  'ams-edge-fw1,Amsterdam,netops-ams@example.com,6.3.0r19',
  'ams-lab-spare,Amsterdam,netops-ams@example.com,6.3.0rx1',
  'fra-dc-fw1,Frankfurt,netops-fra@example.com,6.3.0r26',
  ',Frankfurt,netops-fra@example.com,6.3.0r19',
].join('\n');

let dir = '';
before(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'screenos-bot-all-clear-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

interface Rig {
  readonly bot: Bot;
  readonly inventory: Inventory | null;
  readonly posted: Reply[];
  readonly store: SqliteStore;
  readonly briefings: BriefingService;
}

/** A bot over a real inventory file (or none), with reminders posted to a recording delivery and briefings. */
async function rig(file: string | null): Promise<Rig> {
  const store = SqliteStore.open(':memory:');
  const clock = new ManualClock('2026-11-26T09:00:00Z');
  const inventory = file === null ? null : new Inventory({ source: new FileSource(file), store, catalog, clock, log: silentLogger });
  await inventory?.start();
  const posted: Reply[] = [];
  const { admins } = AdminList.parse('slack:U0ONCALL');
  const outbox = new Outbox({
    store,
    deliveries: { slack: { minIntervalMs: 0, deliver: (_key, reply) => Promise.resolve((posted.push(reply), { kind: 'sent' as const })) } },
    clock,
    log: silentLogger,
    owner: 'test',
    onPermanent: () => Promise.resolve(),
  });
  const scheduler = new ReminderScheduler({ store, inventory, outbox, admins, clock, log: silentLogger, instanceId: 'test', graceMs: 60_000 });
  const reminders = new ReminderService(store, scheduler, clock.now, 'UTC');
  const briefings = new BriefingService({
    store,
    catalog,
    inventory,
    clock,
    log: silentLogger,
    owner: 'test',
    channelPattern: /^inc-/,
    defaultAdvisory: 'JSA10713',
  });
  const bot = new Bot(createRegistry(), { catalog, now: clock.now, log: silentLogger, inventory, admins, reminders, briefings });
  return { bot, inventory, posted, store, briefings };
}

async function fleetFile(name: string, content: string): Promise<string> {
  const file = path.join(dir, name);
  await writeFile(file, content);
  return file;
}

describe('a device whose version cannot be read', () => {
  it('is counted and listed by devices as unknown, to be checked by hand, and the freshness line counts the rejected row', async () => {
    const { bot } = await rig(await fleetFile('fleet.csv', FLEET));
    const answer = replyText(await bot.handle(messageFrom('devices')));
    assert.match(answer, /3 devices: 1 unpatched, 1 unknown, 1 not affected\./);
    assert.match(answer, /Version cannot be judged, check by hand \(1\)/);
    assert.match(answer, /ams-lab-spare \(Amsterdam, netops-ams@example\.com\) 6\.3\.0rx1: unknown · version “6\.3\.0rx1” cannot be read: check it by hand/);
    assert.match(answer, /inventory file fleet\.csv: inventory synced just now; 1 row rejected: type `inventory`/);
    assert.match(replyText(await bot.handle(messageFrom('inventory'))), /line 5: name is missing/);
  });

  it('is listed in reminders and briefings, which are then no all-clear', async () => {
    const { bot, posted, briefings } = await rig(
      await fleetFile(
        'fleet-spare.csv',
        [HEADER, 'ams-lab-spare,Amsterdam,netops-ams@example.com,unknown', 'fra-dc-fw1,Frankfurt,netops-fra@example.com,6.3.0r26'].join('\n'),
      ),
    );
    await bot.handle(messageFrom('remind add "0 9 * * *"'));
    assert.match(replyText(await bot.handle(messageFrom('remind test 1'))), /Reminder 1 posted now/);
    const reminder = replyText(posted[0] ?? { cards: [], visibility: 'public', fallback: '' });
    assert.doesNotMatch(reminder, /All clear/);
    assert.match(reminder, /Reminder: no unpatched devices \(all devices\), 1 to check by hand/);
    assert.match(reminder, /ams-lab-spare .*version “unknown” cannot be read: check it by hand/);
    assert.match(reminder, /inventory file fleet-spare\.csv: inventory synced just now/);

    const briefing = replyText((await briefings.build('JSA10713'))?.reply ?? { cards: [], visibility: 'public', fallback: '' });
    assert.match(briefing, /Our exposure: 0 devices affected, 0 unpatched, 1 to check by hand/);
    assert.match(briefing, /Version cannot be judged, check by hand \(1\)\nams-lab-spare/);
  });
});

describe('a device that leaves the inventory', () => {
  it('is “removed from the inventory” in the next reminder, never “patched”', async () => {
    const file = await fleetFile(
      'fleet-shrinks.csv',
      [
        HEADER,
        'ams-edge-fw1,Amsterdam,netops-ams@example.com,6.3.0r19',
        'ams-dc-fw1,Amsterdam,netops-ams@example.com,6.3.0r17',
        'fra-dc-fw1,Frankfurt,netops-fra@example.com,6.3.0r17',
      ].join('\n'),
    );
    const { bot, inventory, store } = await rig(file);
    await bot.handle(messageFrom('remind add "0 9 * * *"'));
    const [record] = await store.reminders();
    assert.ok(record !== undefined && inventory !== null);
    await store.claimSlot(
      record,
      { key: 'k1', at: new Date('2026-11-26T09:00:00Z') },
      'test',
      { kind: 'post', reply: { cards: [], visibility: 'public', fallback: '' }, digest: ['ams-dc-fw1', 'ams-edge-fw1', 'fra-dc-fw1'] },
      new Date('2026-11-26T09:00:00Z'),
    );
    await writeFile(
      file,
      [HEADER, 'ams-edge-fw1,Amsterdam,netops-ams@example.com,6.3.0r19', 'ams-dc-fw1,Amsterdam,netops-ams@example.com,6.3.0r26'].join('\n'),
    );
    assert.equal(await inventory.sync(), true);
    const [stored] = await store.reminders();
    assert.ok(stored !== undefined);
    const content = buildReminder(stored, await inventory.view(), inventory.freshness());
    assert.equal(content.kind, 'post');
    const said = content.kind === 'post' ? content.reply.fallback : '';
    assert.match(said, /1 patched, 1 removed from the inventory since the last reminder/);
  });
});

describe('an inventory that cannot be read at start, with no good snapshot', () => {
  it('answers devices with the reason and the setting to fix, never “0 devices”', async () => {
    const { bot } = await rig(path.join(dir, 'missing', 'fleet.csv'));
    const answer = replyText(await bot.handle(messageFrom('devices')));
    assert.match(answer, /^The inventory could not be read/);
    assert.match(answer, /inventory file fleet\.csv cannot be read: no such file; check INVENTORY_FILE/);
    assert.match(answer, /this is not an all-clear/);
    assert.doesNotMatch(answer, /0 devices|All clear|0 unpatched/);
    assert.ok(!answer.includes(dir), 'no server path');
  });

  it('says so in reminders and briefings instead of “All clear” or “0 affected”', async () => {
    const { bot, posted, briefings } = await rig(path.join(dir, 'missing', 'fleet.csv'));
    await bot.handle(messageFrom('remind add "0 9 * * *"'));
    await bot.handle(messageFrom('remind test 1'));
    const reminder = replyText(posted[0] ?? { cards: [], visibility: 'public', fallback: '' });
    assert.match(reminder, /Reminder: the inventory could not be read \(all devices\)/);
    assert.match(reminder, /no such file; check INVENTORY_FILE\. This is not an all-clear/);
    assert.doesNotMatch(reminder, /All clear/);
    const briefing = replyText((await briefings.build('JSA10713'))?.reply ?? { cards: [], visibility: 'public', fallback: '' });
    assert.match(briefing, /Our exposure: Unknown: the inventory could not be read/);
    assert.match(briefing, /Our exposure to JSA10713: unknown/);
    assert.doesNotMatch(briefing, /0 devices affected|No device in the inventory runs an affected release/);
  });

  it('still lets inventory show the failure, for an admin to fix and retry', async () => {
    const { bot } = await rig(path.join(dir, 'missing', 'fleet.csv'));
    assert.match(
      replyText(await bot.handle(messageFrom('inventory'))),
      /last attempt failed just now: inventory file fleet\.csv cannot be read: no such file; check INVENTORY_FILE/,
    );
  });
});

describe('with no inventory configured', () => {
  it('says “no inventory configured” in reminders and briefings, not “all clear” or “0 affected”', async () => {
    const { bot, posted, briefings } = await rig(null);
    await bot.handle(messageFrom('remind add "0 9 * * *"'));
    await bot.handle(messageFrom('remind test 1'));
    const reminder = replyText(posted[0] ?? { cards: [], visibility: 'public', fallback: '' });
    assert.match(reminder, /Reminder: no inventory configured \(all devices\)/);
    assert.doesNotMatch(reminder, /All clear/);
    const built = (await briefings.build('JSA10713'))?.reply ?? { cards: [], visibility: 'public', fallback: '' };
    assert.match(replyText(built), /Our exposure: Unknown: no inventory configured/);
    assert.match(built.fallback, /our exposure is unknown \(no inventory configured\)/);
    assert.doesNotMatch(replyText(built) + built.fallback, /0 devices affected|0 of our devices/);
  });
});

describe('answers never show a server path', () => {
  it('names an advisory file that could not be read by its name alone', async () => {
    const advisories = path.join(dir, 'advisories');
    await cp(path.join(PROJECT_ROOT, 'advisories'), advisories, { recursive: true });
    await symlink(path.join(advisories, 'gone', 'JSA10799.json'), path.join(advisories, 'JSA10799.json'));
    const loaded = await loadAdvisories(advisories);
    const withProblem = new AdvisoryCatalog(loaded.advisories, loaded.problems);
    const bot = new Bot(createRegistry(), {
      catalog: withProblem,
      now: () => new Date('2026-11-26T09:00:00Z'),
      log: silentLogger,
      inventory: null,
      admins: AdminList.parse('').admins,
      reminders: null,
      briefings: null,
    });
    const answer = replyText(await bot.handle(messageFrom('advisories')));
    assert.match(answer, /JSA10799\.json: \(file\): could not be read: no such file/);
    assert.ok(!answer.includes(dir), `no server path in: ${answer}`);
  });
});

describe('a summary never says “listed below” over nothing', () => {
  it('explains a bare train without pointing at a list, alone or among other versions', async () => {
    const { bot } = await rig(null);
    for (const question of ['6.3.0', '6.3.0 6.2.0r16']) {
      const answer = await bot.handle(messageFrom(question));
      assert.doesNotMatch(replyText(answer) + answer.fallback, /below/, question);
      assert.match(replyText(answer), /JSA\d+.* affects? releases on 6\.3\.0/, question);
    }
  });
});
