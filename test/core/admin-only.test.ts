// Commands that change state declare it on their spec; the core refuses non-admins once, the same way.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { AdminList } from '../../src/infrastructure/config/admins.ts';
import { Bot } from '../../src/chat/bot.ts';
import { createRegistry } from '../../src/chat/create-bot.ts';
import { silentLogger } from '../../src/infrastructure/log.ts';
import { catalog } from '../helpers/inventory-fixtures.ts';
import { replyText } from '../helpers/messages.ts';

const registry = createRegistry();
const bot = new Bot(registry, {
  catalog,
  now: () => new Date('2026-11-26T09:00:00Z'),
  log: silentLogger,
  inventory: null,
  admins: AdminList.parse('slack:UADMIN').admins,
  reminders: null,
  briefings: null,
});
const fromStranger = (text: string) => ({
  conversation: { platform: 'slack' as const, id: 'C1' },
  author: { platform: 'slack' as const, id: 'USTRANGER' },
  text,
  addressedToBot: true,
});

describe('commands that change state', () => {
  it('are declared on their specs: ack, snooze, accept, unack, remind and inventory', () => {
    assert.deepEqual(
      registry
        .list()
        .filter((s) => s.adminOnly !== undefined)
        .map((s) => s.name)
        .sort(),
      ['accept', 'ack', 'inventory', 'remind', 'snooze', 'unack'],
    );
  });

  it('refuse a non-admin before anything runs, naming the admins, even where the feature is not running here', async () => {
    const cases: [text: string, action: string][] = [
      ['ack fw1', 'change a device’s state'],
      ['unack fw1', 'change a device’s state'],
      ['remind add "0 9 * * *"', 'change reminders'],
      ['remind remove 1', 'change reminders'],
      ['inventory sync', 'sync the inventory'],
      ['inventory sync confirm decommissioned', 'sync the inventory'],
    ];
    for (const [text, action] of cases) {
      const reply = await bot.handle(fromStranger(text));
      assert.equal(reply.cards[0]?.title, `Only admins may ${action}`, text);
      assert.match(replyText(reply), /Admins: slack:UADMIN\. Ask one of them, or have your id added to BOT_ADMINS\./, text);
    }
  });

  it('leave their reading subcommands open to anyone', async () => {
    for (const text of ['remind', 'remind list', 'inventory']) {
      assert.doesNotMatch(replyText(await bot.handle(fromStranger(text))), /Only admins/, text);
    }
  });
});
