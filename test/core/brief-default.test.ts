// `brief` without a bulletin briefs the one BRIEFING_DEFAULT_ADVISORY names, and every command that takes
// a bulletin refuses an unknown one with the same answer.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { BriefingService } from '../../src/features/briefings/briefing-service.ts';
import { AdminList } from '../../src/infrastructure/config/admins.ts';
import { Bot } from '../../src/chat/bot.ts';
import { createRegistry } from '../../src/chat/create-bot.ts';
import { silentLogger } from '../../src/infrastructure/log.ts';
import { Outbox } from '../../src/features/reminders/outbox.ts';
import { ReminderService } from '../../src/features/reminders/reminder-service.ts';
import { ReminderScheduler } from '../../src/features/reminders/scheduler.ts';
import { SqliteStore } from '../../src/infrastructure/store/sqlite-store.ts';
import { catalog, inventoryRig, device } from '../helpers/inventory-fixtures.ts';
import { ManualClock } from '../helpers/manual-clock.ts';
import { replyText } from '../helpers/messages.ts';

async function botBriefing(defaultAdvisory: string): Promise<Bot> {
  const store = SqliteStore.open(':memory:');
  const clock = new ManualClock('2026-11-26T09:00:00Z');
  const { inventory } = await inventoryRig([device('ams-edge-fw1', '6.3.0r19')]);
  const briefings = new BriefingService({ store, catalog, inventory, clock, log: silentLogger, owner: 'test', channelPattern: /^inc-/, defaultAdvisory });
  const { admins } = AdminList.parse('console');
  const outbox = new Outbox({ store, deliveries: {}, clock, log: silentLogger, owner: 'test', onPermanent: () => Promise.resolve() });
  const scheduler = new ReminderScheduler({ store, inventory, outbox, admins, clock, log: silentLogger, instanceId: 'test', graceMs: 60_000 });
  const reminders = new ReminderService(store, scheduler, clock.now, 'UTC');
  return new Bot(createRegistry(), { catalog, now: clock.now, log: silentLogger, inventory, admins, reminders, briefings });
}

const fromConsole = (text: string) => ({
  conversation: { platform: 'console' as const, id: 'console' },
  author: { platform: 'console' as const, id: 'console' },
  text,
  addressedToBot: true,
});

describe('brief without a bulletin', () => {
  it('briefs the bulletin BRIEFING_DEFAULT_ADVISORY names, not JSA10713', async () => {
    const bot = await botBriefing('JSA10733');
    const reply = await bot.handle(fromConsole('brief'));
    assert.match(reply.cards[0]?.title ?? '', /JSA10733/);
    assert.doesNotMatch(reply.cards[0]?.title ?? '', /JSA10713/);
  });

  it('still briefs the bulletin named', async () => {
    const bot = await botBriefing('JSA10733');
    assert.match((await bot.handle(fromConsole('brief JSA10713'))).cards[0]?.title ?? '', /JSA10713/);
  });
});

describe('a bulletin that is not loaded', () => {
  it('gets the same answer from advisory, devices, brief and remind add', async () => {
    const bot = await botBriefing('JSA10713');
    const answers = await Promise.all(
      ['advisory JSA99999', 'devices advisory=JSA99999', 'brief JSA99999', 'remind add "0 9 * * *" advisory=JSA99999'].map((t) => bot.handle(fromConsole(t))),
    );
    for (const reply of answers) {
      assert.equal(reply.cards[0]?.title, 'No bulletin “JSA99999”');
      assert.match(replyText(reply), /“JSA99999” is not a loaded bulletin or CVE\. Loaded: JSA/);
    }
  });
});
