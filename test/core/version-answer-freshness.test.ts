/**
 * A version answer is kept rendered while nothing it is built from changes, and never outlives a change:
 * a new KEV listing, the clock taking a train out of support, or a new catalog is seen by the very next
 * ask of the same text. Hand-made bulletins and end-of-life data, with the clock injected.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readKevCatalog } from '../../src/domain/advisories/kev-catalog.ts';
import { AdminList } from '../../src/infrastructure/config/admins.ts';
import type { BotServices } from '../../src/chat/command.ts';
import { createBot } from '../../src/chat/create-bot.ts';
import { silentLogger } from '../../src/infrastructure/log.ts';
import { AdvisoryCatalog } from '../../src/domain/matching/catalog.ts';
import { kevCatalog, kevEntry } from '../fakes/fake-kev-feed.ts';
import { advisory, lifecycle } from '../helpers/hand-made-advisory.ts';
import { messageFrom, replyText } from '../helpers/messages.ts';

const BULLETIN = advisory('JSA1', {
  cve: 'CVE-2099-0001',
  ranges: [
    [{ introduced: '6.2.0r1' }, { fixed: '6.2.0r5' }],
    [{ introduced: '6.3.0r1' }, { fixed: '6.3.0r3' }],
  ],
});

function botAt(
  clock: { now: Date },
  catalog = new AdvisoryCatalog([BULLETIN], [], { lifecycle: lifecycle({ '6.2.0': '2013-12-31', '6.3.0': null }), now: () => clock.now }),
) {
  const services: BotServices = {
    catalog,
    now: () => clock.now,
    log: silentLogger,
    inventory: null,
    admins: AdminList.parse('console').admins,
    reminders: null,
    briefings: null,
  };
  return { bot: createBot(services), catalog };
}

const ask = async (bot: ReturnType<typeof createBot>, text: string): Promise<string> => replyText(await bot.handle(messageFrom(text)));

describe('a version answer kept between asks', () => {
  it('is the same answer for the same text while nothing changes', async () => {
    const { bot } = botAt({ now: new Date('2013-06-01T00:00:00Z') });
    const first = await ask(bot, '6.2.0r2');
    assert.match(first, /JSA1/);
    assert.equal(await ask(bot, '6.2.0r2'), first);
  });

  it('names a KEV listing added after the first ask', async () => {
    const { bot, catalog } = botAt({ now: new Date('2013-06-01T00:00:00Z') });
    assert.doesNotMatch(await ask(bot, '6.2.0r2'), /known exploited/i);
    const reading = readKevCatalog(kevCatalog([kevEntry('CVE-2099-0001')]));
    assert.ok(reading.ok);
    catalog.kev.use(reading.catalog, { source: 'feed', location: 'http://127.0.0.1/kev.json', at: new Date('2013-06-01T00:00:00Z'), problems: [], skipped: 0 });
    assert.match(await ask(bot, '6.2.0r2'), /known exploited/i);
  });

  it('says a train left support once the clock passes its end, though the text is the same', async () => {
    const clock = { now: new Date('2013-12-31T23:59:59Z') };
    const { bot } = botAt(clock);
    assert.doesNotMatch(await ask(bot, '6.2.0r2'), /left Juniper support/);
    clock.now = new Date('2014-01-01T00:00:00Z');
    assert.match(await ask(bot, '6.2.0r2'), /left Juniper support on 2013-12-31/);
  });

  it('is the new catalog’s answer when the bulletins are loaded again', async () => {
    const clock = { now: new Date('2013-06-01T00:00:00Z') };
    assert.match(await ask(botAt(clock).bot, '6.2.0r2'), /JSA1/);
    const { bot } = botAt(
      clock,
      new AdvisoryCatalog([advisory('JSA2', { ranges: [[{ introduced: '6.2.0r1' }, { fixed: '6.2.0r9' }]] })], [], { now: () => clock.now }),
    );
    const answer = await ask(bot, '6.2.0r2');
    assert.match(answer, /JSA2/);
    assert.doesNotMatch(answer, /JSA1/);
  });

  it('cannot be altered by one caller for the next', async () => {
    const { bot } = botAt({ now: new Date('2013-06-01T00:00:00Z') });
    const reply = await bot.handle(messageFrom('6.2.0r2'));
    const before = replyText(reply);
    assert.throws(() => {
      (reply as { visibility: string }).visibility = 'public';
    }, TypeError);
    assert.equal(replyText(await bot.handle(messageFrom('6.2.0r2'))), before);
  });
});
