/**
 * `junos <version>` and `product=`: the versions are judged for the product asked, a version of another
 * product is never cleared as the one asked, and `junos` before another command runs that command, as
 * `/junos devices` arrives from Slack.
 */
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import type { BotServices } from '../../src/chat/command.ts';
import { createBot } from '../../src/chat/create-bot.ts';
import { loadCatalog } from '../../src/features/catalog/load-catalog.ts';
import { plainText, type Reply } from '../../src/chat/reply.ts';
import { AdminList } from '../../src/infrastructure/config/admins.ts';
import { silentLogger } from '../../src/infrastructure/log.ts';
import { messageFrom, onlyCard, replyText } from '../helpers/messages.ts';
import { PROJECT_ROOT } from '../helpers/run-process.ts';

let ask: (text: string) => Promise<Reply>;

before(async () => {
  const now = (): Date => new Date('2025-06-01T09:00:00Z');
  const catalog = await loadCatalog(path.join(PROJECT_ROOT, 'advisories'), silentLogger, now);
  const services: BotServices = {
    catalog,
    now,
    log: silentLogger,
    inventory: null,
    admins: AdminList.parse('console').admins,
    reminders: null,
    briefings: null,
  };
  const bot = createBot(services);
  ask = (text) => bot.handle(messageFrom(text));
});

void describe('junos <version>', () => {
  void it('answers a Junos OS release as the plain version and product=junos do', async () => {
    const plain = await ask('21.4R3-S4');
    for (const text of ['junos 21.4R3-S4', 'JUNOS 21.4R3-S4', '21.4R3-S4 product=junos', 'check product="Junos OS" 21.4R3-S4', 'screenos junos 21.4R3-S4']) {
      assert.deepEqual(await ask(text), plain, text);
    }
  });

  void it('never clears a ScreenOS release asked as Junos OS: unknown, saying it is not a Junos OS version', async () => {
    assert.equal(onlyCard(await ask('6.3.0r26')).title, '6.3.0r26: not affected', 'the release is clear as ScreenOS');
    for (const text of ['junos 6.3.0r26', '6.3.0r26 product=junos', '6.3.0r26 product=EVO']) {
      const card = onlyCard(await ask(text));
      assert.match(card.title, /: unknown$/, text);
      assert.equal(card.tone, 'warning', text);
      assert.match(replyText(await ask(text)), /not Junos OS|Junos OS Evolved/, text);
    }
  });

  void it('never judges a Junos OS release asked as ScreenOS', async () => {
    const card = onlyCard(await ask('21.4R3-S4 product=screenos'));
    assert.match(card.title, /: unknown$/);
    assert.match(replyText(await ask('21.4R3-S4 product=screenos')), /is a Junos OS version, not ScreenOS/);
  });

  void it('judges a ScreenOS release asked as ScreenOS as it always did', async () => {
    assert.deepEqual(await ask('6.3.0r19 product=screenos'), await ask('6.3.0r19'));
  });

  void it('judges every version of a message for the product asked', async () => {
    const reply = await ask('junos 21.4R3-S4 6.3.0r26 22.3R2-S2');
    assert.equal(reply.cards.length, 4, 'a summary and a card per version');
    assert.match(replyText(reply), /“6\.3\.0r26” is a ScreenOS version, not Junos OS/);
  });

  void it('answers a product it does not know, or one that contradicts junos, without judging anything', async () => {
    const unknown = onlyCard(await ask('6.3.0r19 product=pan-os'));
    assert.equal(unknown.title, 'Which product?');
    assert.match(replyText(await ask('6.3.0r19 product=pan-os')), /“pan-os” is not a product I know\. Use product=junos .* or product=screenos/);
    const contradiction = onlyCard(await ask('junos 6.3.0r19 product=screenos'));
    assert.equal(contradiction.title, 'Which product?');
  });

  void it('runs the command that follows junos, as /junos help and /junos advisories arrive', async () => {
    assert.deepEqual(await ask('junos help'), await ask('help'));
    assert.deepEqual(await ask('junos'), await ask('help'));
    assert.deepEqual(await ask('junos advisories'), await ask('advisories'));
  });

  void it('is listed in help, with a Junos example in the introduction', async () => {
    const help = replyText(await ask('help'));
    assert.ok(help.includes('junos <version>… Reads the versions as Junos OS releases'), help);
    assert.ok(help.includes('check <version>… [product=junos|screenos]'));
    const intro = onlyCard(await ask('help'))
      .elements.map((e) => (e.kind === 'text' ? plainText(e.text) : ''))
      .join(' ');
    assert.match(
      intro,
      /Junos OS releases work the same way \(21\.4R3-S5, 22\.3R3-S1-EVO for Junos OS Evolved\); junos 21\.4R3-S5 judges versions as Junos OS releases only/,
    );
  });
});
